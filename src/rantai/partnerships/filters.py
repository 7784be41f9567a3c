"""The FilterSets of the partnership register, the supply links and the orders: one class per
list, used by its page, its export and the API."""

from datetime import timedelta

import django_filters
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field

from rantai.core.forms import RegionPicker
from rantai.core.lists import FilterForm, FilterSet, SearchFilter
from rantai.firms.models import REGION_FIELDS, Firm
from rantai.five_r.models import Program
from rantai.partnerships.models import Order, Partnership, SupplyLink
from rantai.reference.models import Region


@extend_schema_field(OpenApiTypes.STR)
class RegionFilter(django_filters.ModelChoiceFilter):
    """A region code (province, regency or district): the supplier lies inside it."""


def _region_filter(queryset, prefix: str, region: Region | None):
    """Agreements whose supplier lies in ``region`` (a province, regency or district)."""
    if not region:
        return queryset

    field = REGION_FIELDS[region.level - 1]
    return queryset.filter(**{f"{prefix}__{field}": region})


class PartnershipFilterSet(FilterSet):
    q = SearchFilter(
        fields=["supplier__name", "buyer__name", "scope", "number"],
        placeholder=_("Firm, scope or number"),
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Partnership.Status.choices)
    kind = django_filters.ChoiceFilter(label=_("Type"), choices=Partnership.Kind.choices)
    tier = django_filters.NumberFilter(label=_("Supplier tier"), min_value=0, max_value=9)
    buyer = django_filters.ModelChoiceFilter(
        label=_("Buyer"),
        queryset=Firm.objects.alive().filter(partnerships_as_buyer__isnull=False).distinct(),
    )
    region = RegionFilter(
        label=_("Supplier's region"),
        queryset=Region.objects.filter(level__lte=3).order_by("code"),
        method="filter_region",
        widget=RegionPicker(max_level=3),
    )
    program = django_filters.ModelChoiceFilter(
        label=_("Program"),
        queryset=None,
    )
    year = django_filters.NumberFilter(
        label=_("Year signed"), field_name="signed_on__year", min_value=1900, max_value=2100
    )
    # From the home page: the agreements in force that end within this many days.
    ending = django_filters.NumberFilter(
        label=_("Ends within (days)"),
        method="filter_ending",
        min_value=0,
        max_value=3660,
        widget=forms.HiddenInput,
    )

    class Meta:
        model = Partnership
        form = FilterForm
        fields = ["q", "status", "kind", "tier", "buyer", "region", "program", "year", "ending"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["program"].queryset = Program.objects.filter(
            partnerships__isnull=False
        ).distinct()

    def filter_region(self, queryset, name, value):
        return _region_filter(queryset, "supplier", value)

    def filter_ending(self, queryset, name, value):
        today = timezone.localdate()
        return queryset.in_force().filter(
            ends_on__range=(today, today + timedelta(days=int(value)))
        )


class LinkFilterSet(FilterSet):
    commodity = SearchFilter(
        fields=["commodity", "partnership__scope"],
        label=_("Commodity"),
        placeholder=_("e.g. bracket, bushing"),
    )
    region = RegionFilter(
        label=_("Supplier's region"),
        queryset=Region.objects.filter(level__lte=3).order_by("code"),
        method="filter_region",
        widget=RegionPicker(max_level=3),
    )
    tier = django_filters.NumberFilter(label=_("Supplier tier"), min_value=0, max_value=9)
    active = django_filters.BooleanFilter(label=_("Active"))

    class Meta:
        model = SupplyLink
        form = FilterForm
        fields = ["commodity", "region", "tier", "active"]

    def filter_region(self, queryset, name, value):
        return _region_filter(queryset, "supplier", value)


class OrderFilterSet(FilterSet):
    """The orders of a partnership (the page takes it from the address, the API from
    ``?partnership=``)."""

    q = SearchFilter(
        fields=["number", "lines__part"], placeholder=_("Order number or part"), distinct=True
    )
    year = django_filters.NumberFilter(
        label=_("Year ordered"), field_name="ordered_on__year", min_value=1900, max_value=2100
    )

    class Meta:
        model = Order
        form = FilterForm
        fields = ["partnership", "q", "year"]
