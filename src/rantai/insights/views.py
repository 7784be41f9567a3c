from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from rantai.accounts.actors import actor_for
from rantai.core.forms import StyledFormMixin
from rantai.insights import charts, figures, funnel
from rantai.reference.models import Region


class FunnelForm(StyledFormMixin, forms.Form):
    region = forms.ModelChoiceField(
        label=_("Region"),
        queryset=Region.objects.filter(level__lte=3).order_by("code"),
        required=False,
        widget=forms.Select(attrs={"data-searchable": "true"}),
    )
    year = forms.IntegerField(label=_("Year"), min_value=2000, max_value=2100, required=False)
    program = forms.ModelChoiceField(label=_("5R program"), queryset=None, required=False)
    event = forms.ModelChoiceField(label=_("Temu bisnis"), queryset=None, required=False)
    kbli = forms.ModelChoiceField(
        label=_("KBLI"),
        queryset=None,
        required=False,
        widget=forms.Select(attrs={"data-searchable": "true"}),
    )
    estate = forms.ModelChoiceField(label=_("Estate"), queryset=None, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        from rantai.estates.models import Estate
        from rantai.five_r.models import Program
        from rantai.matchmaking.models import Event
        from rantai.reference.models import Kbli

        self.fields["program"].queryset = Program.objects.order_by("-starts_on")
        self.fields["event"].queryset = Event.objects.order_by("-starts_on")
        self.fields["kbli"].queryset = Kbli.objects.all()
        self.fields["estate"].queryset = Estate.objects.order_by("name")


def _filters(request) -> tuple[FunnelForm, funnel.Filters]:
    actor = actor_for(request.user)
    if not (actor.is_admin or actor.is_officer):
        raise PermissionDenied
    form = FunnelForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    region = data.get("region").code if data.get("region") else None
    if not (actor.is_admin or actor.is_national_officer):
        # An officer sees the funnel of its remit; a region inside it narrows it further.
        remits = [code for code in actor.remits if code]
        if region is None or not any(region == r or region.startswith(r + ".") for r in remits):
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


@login_required
def dashboard(request):
    form, filters = _filters(request)
    key_figures = figures.key_figures(filters)
    return render(
        request,
        "insights/dashboard.html",
        {
            "form": form,
            "filters": filters,
            "region": Region.objects.filter(code=filters.region).first()
            if filters.region
            else None,
            "steps": funnel.steps(filters),
            "figures": key_figures,
            "charts": charts.trend_charts(key_figures),
            "query": request.GET.urlencode(),
        },
    )


@login_required
def step_firms(request, step: str):
    _form, filters = _filters(request)
    if step not in dict(funnel.STEPS):
        raise Http404
    firms = funnel.step_firms(filters, step).select_related("regency", "district").order_by("name")
    page = Paginator(firms, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "insights/step_firms.html",
        {
            "label": dict(funnel.STEPS)[step],
            "page": page,
            "count": page.paginator.count,
            "query": request.GET.copy(),
        },
    )
