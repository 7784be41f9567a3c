"""The supply chain: a firm's chain, the whole network the user may see, and its links."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rantai.core.access import can, get_for, require
from rantai.core.forms import add_errors
from rantai.core.lists import ListView
from rantai.firms.models import Firm
from rantai.partnerships import graph, services
from rantai.partnerships.drawings import firm_drawing, firm_names
from rantai.partnerships.filters import LinkFilterSet
from rantai.partnerships.forms import (
    LinkForm,
)
from rantai.partnerships.models import SupplyLink
from rantai.partnerships.tables import LinkTable

DRAWING_LIMIT = 300  # links in the network drawing; more would not be legible


@login_required
def firm_chain(request, firm_pk: int):
    """A firm's upstream and downstream chain, as far as the user may see it."""
    firm = get_for(request.user, Firm.objects.alive(), pk=firm_pk)
    drawing = firm_drawing(SupplyLink.objects.restrict(request.user), firm.pk)
    return render(
        request,
        "partnerships/firm_chain.html",
        {
            "firm": firm,
            "drawing": drawing,
            "can_add": can(request.user, "add", model=SupplyLink),
        },
    )


class NetworkView(ListView):
    """The whole network the user may see, by commodity and region: drawn (its first
    DRAWING_LIMIT links, and it says so) and listed in full."""

    filterset_class = LinkFilterSet
    table_class = LinkTable
    template_name = "partnerships/network.html"

    def get_queryset(self):
        return SupplyLink.objects.restrict(self.request.user).select_related(
            "buyer", "supplier", "partnership"
        )

    def get_context_data(self, **kwargs):
        links = self.object_list.order_by("tier", "buyer__name", "supplier__name")
        edges = list(links.values_list("buyer_id", "supplier_id", "tier", "active")[:DRAWING_LIMIT])
        ids = {i for e in edges for i in e[:2]}
        return super().get_context_data(
            drawing=graph.layout(edges, firm_names(ids), per_row=8) if edges else None,
            drawn=len(edges),
            can_add=can(self.request.user, "add", model=SupplyLink),
            **kwargs,
        )


@login_required
def link_create(request):
    require(request.user, "add", model=SupplyLink)
    form = LinkForm(request.POST or None, user=request.user, initial=request.GET.dict())
    if request.method == "POST" and form.is_valid():
        require(request.user, "add", SupplyLink(**form.cleaned_data))
        try:
            link = services.save_link(
                buyer=form.cleaned_data["buyer"],
                supplier=form.cleaned_data["supplier"],
                tier=form.cleaned_data["tier"],
                commodity=form.cleaned_data["commodity"],
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The supply link was saved."))
            return redirect(reverse("partnerships:firm-chain", args=[link.supplier_id]))
    return render(request, "partnerships/link_form.html", {"form": form})


@login_required
@require_POST
def link_end(request, pk: int):
    link = get_for(
        request.user, SupplyLink.objects.select_related("buyer", "supplier"), "end", pk=pk
    )
    services.end_link(link)
    messages.success(request, _("The supply link was ended."))
    return redirect("partnerships:network")
