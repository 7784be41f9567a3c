from django.contrib.auth.decorators import login_required
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django_tables2 import SingleTableView

from rantai.insights import charts, figures, funnel, geo, snapshots
from rantai.insights.forms import FunnelForm
from rantai.insights.rules import remit_codes
from rantai.insights.tables import StepFirmTable
from rantai.partnerships import graph
from rantai.partnerships.drawings import firm_names
from rantai.partnerships.models import SupplyLink
from rantai.reference.models import Region


def funnel_filters(request) -> tuple[FunnelForm, funnel.Filters]:
    """The funnel form of the request and the filters it asks for, kept inside the user's
    remit; for every insights page and report."""
    if not request.user.has_perm("insights.view_insights"):
        raise PermissionDenied
    remits = remit_codes(request.user)  # None: the whole country
    national = remits is None
    form = FunnelForm(request.GET or None, remits=remits)
    # A filter that does not validate is shown with its error and left out; the others apply.
    data = {}
    if form.is_bound:
        form.is_valid()  # fills cleaned_data with the fields that validate
        data = form.cleaned_data
    region = data.get("region").code if data.get("region") else None
    # An officer sees the funnel of its remit; a region inside it narrows it further.
    inside = region is not None and any(
        region == r or region.startswith(r + ".") for r in remits or []
    )
    if not national and not inside:
        region = remits[0]
    filters = funnel.Filters(
        region=region,
        year=data.get("year"),
        program=data["program"].pk if data.get("program") else None,
        event=data["event"].pk if data.get("event") else None,
        kbli=data["kbli"].code if data.get("kbli") else None,
        estate=data["estate"].pk if data.get("estate") else None,
    )
    return form, filters


def _page(form, filters: funnel.Filters, request) -> dict:
    """What every page of the dashboard shows around its figures: the filters and the region."""
    return {
        "form": form,
        "filters": filters,
        "region": Region.objects.filter(code=filters.region).first() if filters.region else None,
        "query": request.GET.urlencode(),
    }


def _colouring(request) -> str:
    colouring = request.GET.get("colour", "stage")
    return colouring if colouring in geo.COLOURINGS else "stage"


@login_required
def dashboard(request):
    form, filters = funnel_filters(request)
    stored = snapshots.read(filters)
    if stored:
        steps, key_figures, snapshot = stored
    else:
        steps, key_figures, snapshot = funnel.steps(filters), figures.key_figures(filters), None
    meanings = funnel.meanings(filters)
    for step in steps:
        step.meaning = meanings[step.key]
    return render(
        request,
        "insights/dashboard.html",
        {
            **_page(form, filters, request),
            "steps": steps,
            "snapshot": snapshot,
            "figures": key_figures,
            "charts": charts.trend_charts(key_figures),
        },
    )


class StepFirmsView(LoginRequiredMixin, SingleTableView):
    """The firms of one step of the funnel, under the dashboard's filters."""

    table_class = StepFirmTable
    table_pagination = {"per_page": 50}
    template_name = "insights/step_firms.html"

    def get_queryset(self):
        _form, filters = funnel_filters(self.request)
        step = self.kwargs["step"]
        if step not in dict(funnel.STEPS):
            raise Http404
        return funnel.step_firms(filters, step).select_related("regency", "district")

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            label=dict(funnel.STEPS)[self.kwargs["step"]], query=self.request.GET.copy(), **kwargs
        )


def _regional_chain(request, filters: funnel.Filters):
    """The supply links of the region's IKM as suppliers, with the links above them (their
    buyers' buyers, up to the OEM), as the partnerships app draws them."""

    visible = SupplyLink.objects.restrict(request.user)
    links = list(
        visible.filter(supplier__in=funnel.querysets(filters)["registered"]).values_list(
            "buyer_id", "supplier_id", "tier", "active"
        )[:CHAIN_LIMIT]
    )
    seen = {link[:2] for link in links}
    buyers = {link[0] for link in links}
    for _level in range(3):  # tier-2 → tier-1 → OEM and above
        upstream = [
            link
            for link in visible.filter(supplier__in=buyers).values_list(
                "buyer_id", "supplier_id", "tier", "active"
            )[:CHAIN_LIMIT]
            if link[:2] not in seen
        ]
        if not upstream:
            break
        links += upstream
        seen |= {link[:2] for link in upstream}
        buyers = {link[0] for link in upstream}
    if not links:
        return None, 0
    ids = {i for link in links for i in link[:2]}
    return graph.layout(links, firm_names(ids), per_row=8), len(links)


CHAIN_LIMIT = 300


@login_required
def firm_map(request):
    """The region's IKM on a map, coloured by stage or readiness, and its supply chain."""
    form, filters = funnel_filters(request)
    drawing, links = _regional_chain(request, filters)
    return render(
        request,
        "insights/map.html",
        {
            **_page(form, filters, request),
            "colouring": _colouring(request),
            "drawing": drawing,
            "links": links,
        },
    )


@login_required
def map_data(request):
    _form, filters = funnel_filters(request)
    return JsonResponse(geo.points(filters, _colouring(request)))
