"""One FilterSet for the firm list page, the API and exports."""

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from rantai.core.lists import FilterForm, FilterSet
from rantai.firms.models import Capability, Certification, CooperativeMembership, Firm
from rantai.reference.models import Kbli, Process, Region


@extend_schema_field(OpenApiTypes.STR)
class ProcessFilter(django_filters.ModelChoiceFilter):
    """A process code; a family (e.g. machining) matches all its sub-processes."""


class FirmFilterSet(FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_q",
        widget=forms.TextInput(attrs={"placeholder": _("Name or NIB"), "type": "search"}),
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Firm.Kind.choices)
    province = django_filters.ModelChoiceFilter(
        label=_("Province"),
        queryset=Region.objects.filter(level=1).order_by("name"),
        widget=forms.Select(attrs={"data-region-level": 1, "data-region-chain": "filter"}),
    )
    regency = django_filters.ModelChoiceFilter(
        label=_("Regency/city"),
        queryset=Region.objects.filter(level=2),
        widget=forms.Select(attrs={"data-region-level": 2, "data-region-chain": "filter"}),
    )
    district = django_filters.ModelChoiceFilter(
        label=_("District"),
        queryset=Region.objects.filter(level=3),
        widget=forms.Select(attrs={"data-region-level": 3, "data-region-chain": "filter"}),
    )
    kbli = django_filters.ModelChoiceFilter(
        label=_("KBLI"),
        queryset=Kbli.objects.all(),
        widget=forms.Select(attrs={"data-searchable": "true"}),
    )
    process = ProcessFilter(
        label=_("Process"),
        queryset=Process.objects.select_related("parent"),
        method="filter_process",
    )
    in_house = django_filters.BooleanFilter(
        label=_("Process in-house only"),
        method="filter_noop",
        widget=forms.CheckboxInput,
    )
    certification = django_filters.ChoiceFilter(
        label=_("Valid certification"),
        choices=Certification.Scheme.choices,
        method="filter_certification",
    )
    cooperative = django_filters.ModelChoiceFilter(
        label=_("Cooperative"),
        queryset=Firm.objects.alive().filter(kind=Firm.Kind.COOPERATIVE),
        field_name="cooperative_memberships__cooperative",
        method="filter_cooperative",
    )
    industry_size = django_filters.ChoiceFilter(
        label=_("Industry size"), choices=Firm.IndustrySize.choices
    )

    class Meta:
        model = Firm
        form = FilterForm
        fields = [
            "q",
            "kind",
            "province",
            "regency",
            "district",
            "kbli",
            "process",
            "in_house",
            "certification",
            "cooperative",
            "industry_size",
        ]

    def __init__(self, data=None, *args, **kwargs):
        super().__init__(data, *args, **kwargs)
        # Narrow the region choices to the children of the chosen parent, as on the firm form.
        data = data or {}
        if data.get("province"):
            self.filters["regency"].queryset = Region.objects.filter(
                parent_id=data["province"]
            ).order_by("name")
        else:
            self.filters["regency"].queryset = Region.objects.none()
        if data.get("regency"):
            self.filters["district"].queryset = Region.objects.filter(
                parent_id=data["regency"]
            ).order_by("name")
        else:
            self.filters["district"].queryset = Region.objects.none()

    def filter_q(self, queryset, name, value: str):
        value = value.strip()
        if value.isdigit() and len(value) == 13:
            return queryset.filter(nib=value)
        return queryset.filter(name__icontains=value)

    def filter_process(self, queryset, name, process: str):
        # A family (e.g. machining) stands for its sub-processes: list their codes first, so the
        # database filters capabilities by an indexed column instead of joining the taxonomy.
        codes = [process.pk, *Process.objects.filter(parent=process).values_list("pk", flat=True)]
        capabilities = Capability.objects.filter(process_id__in=codes)
        if self.form.cleaned_data.get("in_house"):
            capabilities = capabilities.filter(in_house=True)
        return queryset.filter(pk__in=capabilities.values("firm_id"))

    def filter_noop(self, queryset, name, value: bool):
        return queryset  # read by filter_process

    def filter_certification(self, queryset, name, scheme: str):
        valid = Certification.objects.valid_on(timezone.localdate()).filter(scheme=scheme)
        return queryset.filter(pk__in=valid.values("firm_id"))

    def filter_cooperative(self, queryset, name, cooperative: int):
        members = CooperativeMembership.objects.filter(
            cooperative=cooperative, left_on__isnull=True
        )
        return queryset.filter(pk__in=members.values("firm_id"))
