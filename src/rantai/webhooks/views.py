"""Webhook pages, for whoever manages an organisation's members: its endpoints, one endpoint
with its deliveries, one delivery with its attempts. Every object comes through ``get_for``;
every change through ``services``."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from rantai.core.access import can, get_for, require, restrict
from rantai.core.forms import add_errors
from rantai.core.lists import ListView
from rantai.firms.models import Firm
from rantai.webhooks import services
from rantai.webhooks.filters import DeliveryFilterSet, EndpointFilterSet
from rantai.webhooks.forms import EndpointForm
from rantai.webhooks.models import Delivery, Endpoint
from rantai.webhooks.tables import DeliveryTable, EndpointTable


def _organisation(request, pk: int) -> Firm:
    return get_for(request.user, Firm.objects.alive(), "manage_members", pk=pk)


class EndpointListView(ListView):
    filterset_class = EndpointFilterSet
    table_class = EndpointTable
    template_name = "webhooks/endpoint_list.html"

    def get(self, request, *args, **kwargs):
        self.organisation = _organisation(request, kwargs["pk"])
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        mine = Endpoint.objects.filter(organisation=self.organisation)
        return restrict(mine, self.request.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(organisation=self.organisation, **kwargs)


class EndpointView(ListView):
    """An endpoint, its secret, and what was sent to it."""

    filterset_class = DeliveryFilterSet
    table_class = DeliveryTable
    template_name = "webhooks/endpoint_detail.html"

    def get(self, request, *args, **kwargs):
        self.endpoint = get_for(
            request.user, Endpoint.objects.select_related("organisation"), pk=kwargs["pk"]
        )
        return super().get(request, *args, **kwargs)

    def get_queryset(self):
        return restrict(Delivery.objects.filter(endpoint=self.endpoint), self.request.user)

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            endpoint=self.endpoint, organisation=self.endpoint.organisation, **kwargs
        )


@login_required
def endpoint_create(request, pk: int):
    organisation = _organisation(request, pk)
    require(request.user, "add", Endpoint(organisation=organisation))
    form = EndpointForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            endpoint = services.create_endpoint(
                organisation=organisation, user=request.user, **form.cleaned_data
            )
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The endpoint was added. Give its secret to your system."))
            return redirect(endpoint)
    return render(
        request, "webhooks/endpoint_form.html", {"form": form, "organisation": organisation}
    )


@login_required
def endpoint_edit(request, pk: int):
    endpoint = get_for(request.user, Endpoint, "change", pk=pk)
    form = EndpointForm(request.POST or None, instance=Endpoint.objects.get(pk=endpoint.pk))
    if request.method == "POST" and form.is_valid():
        changes = {
            name: form.cleaned_data[name]
            for name in form.changed_data
            if name in services.ENDPOINT_FIELDS
        }
        try:
            services.update_endpoint(endpoint=endpoint, changes=changes)
        except ValidationError as exc:
            add_errors(form, exc)
        else:
            messages.success(request, _("The endpoint was saved."))
            return redirect(endpoint)
    return render(
        request,
        "webhooks/endpoint_form.html",
        {"form": form, "organisation": endpoint.organisation, "endpoint": endpoint},
    )


@login_required
@require_POST
def endpoint_rotate(request, pk: int):
    endpoint = get_for(request.user, Endpoint, "change", pk=pk)
    services.rotate_secret(endpoint=endpoint)
    messages.success(
        request, _("The endpoint has a new secret; the old one no longer signs anything.")
    )
    return redirect(endpoint)


@login_required
def endpoint_delete(request, pk: int):
    endpoint = get_for(request.user, Endpoint, "delete", pk=pk)
    if request.method == "POST":
        organisation_id = endpoint.organisation_id
        services.delete_endpoint(endpoint=endpoint)
        messages.success(request, _("The endpoint and what was sent to it were deleted."))
        return redirect("webhooks:endpoints", pk=organisation_id)
    return render(request, "webhooks/endpoint_confirm_delete.html", {"endpoint": endpoint})


@login_required
def delivery_detail(request, pk: int):
    delivery = get_for(
        request.user, Delivery.objects.select_related("endpoint__organisation"), pk=pk
    )
    context = {
        "delivery": delivery,
        "endpoint": delivery.endpoint,
        "attempts": restrict(delivery.attempts.all(), request.user),
        "payload": json.dumps(delivery.payload, indent=2, ensure_ascii=False),
        "can_replay": can(request.user, "replay", delivery),
    }
    return render(request, "webhooks/delivery_detail.html", context)


@login_required
@require_POST
def delivery_replay(request, pk: int):
    delivery = get_for(request.user, Delivery.objects.select_related("endpoint"), "replay", pk=pk)
    try:
        copy = services.replay(delivery=delivery, user=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
        return redirect(delivery)
    messages.success(request, _("The event is sent again."))
    return redirect(copy)
