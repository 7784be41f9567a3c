"""The dashboard's filters and the report's options."""

import functools

from django import forms
from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from rantai.core.forms import QuickSelect, StyledFormMixin
from rantai.estates.models import Estate
from rantai.five_r.models import Program
from rantai.insights import facts
from rantai.matchmaking.models import Event
from rantai.reference.models import Kbli, Region


class FunnelForm(StyledFormMixin, forms.Form):
    region = forms.ModelChoiceField(
        label=_("Region"),
        queryset=Region.objects.filter(level__lte=3).order_by("code"),
        required=False,
        widget=QuickSelect(attrs={"data-searchable": "true"}),
    )
    year = forms.IntegerField(
        label=_("Year"), min_value=facts.FIRST_YEAR, max_value=facts.LAST_YEAR, required=False
    )
    program = forms.ModelChoiceField(
        label=_("5R program"), queryset=None, required=False, widget=QuickSelect
    )
    event = forms.ModelChoiceField(
        label=_("Temu bisnis"), queryset=None, required=False, widget=QuickSelect
    )
    kbli = forms.ModelChoiceField(
        label=_("KBLI"),
        queryset=None,
        required=False,
        widget=QuickSelect(attrs={"data-searchable": "true"}),
    )
    estate = forms.ModelChoiceField(
        label=_("Estate"), queryset=None, required=False, widget=QuickSelect
    )

    def __init__(self, *args, remits: list[str] | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        # Any province, regency or district is accepted, but the list offers provinces and
        # regencies (552 of them, not all 7,837 with districts: that list alone took most of a
        # request), or for an officer its remit down to its districts.
        chosen = self.data.get("region") if self.is_bound else None
        if remits:
            inside = Q()
            for code in remits:
                inside |= Q(code=code) | Q(code__startswith=f"{code}.", level__lte=3)
            offered = _region_choices(inside)
        else:
            offered = _national_region_choices()
        if chosen and chosen not in dict(offered):
            offered = sorted(offered + _region_choices(Q(pk=chosen)))
        field = self.fields["region"]
        field.widget.choices = [("", field.empty_label), *offered]
        # Their names only (they are many): a list of full rows was a tenth of a request.
        self.fields["program"].queryset = Program.objects.order_by("-starts_on").only("name")
        self.fields["event"].queryset = Event.objects.order_by("-starts_on").only("name")
        self.fields["kbli"].queryset = Kbli.objects.all()
        self.fields["estate"].queryset = Estate.objects.order_by("name")


def _region_choices(condition) -> list[tuple[str, str]]:
    return [
        (code, name)
        for code, name in Region.objects.filter(condition)
        .order_by("code")
        .values_list("code", "name")
    ]


@functools.cache
def _national_region_choices() -> list[tuple[str, str]]:
    """Provinces and regencies: official reference data, changed only by a migration, so read
    once per process (the query was a tenth of a stored dashboard's request)."""
    return _region_choices(Q(level__lte=2))


class ReportForm(StyledFormMixin, forms.Form):
    format = forms.ChoiceField(
        label=_("Format"), choices=[("pdf", "PDF"), ("xlsx", "XLSX")], initial="pdf"
    )
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
