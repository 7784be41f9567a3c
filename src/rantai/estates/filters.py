"""The FilterSets of the estate lists: one class per list, used by its page and the API (the
query parameters of the API are the model's field names)."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from rantai.core.lists import FilterForm, FilterSet, SearchFilter
from rantai.estates.models import Application, Asset, Booking, Estate, Lease


class EstateFilterSet(FilterSet):
    q = SearchFilter(fields=["name"])
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Estate.Kind.choices)

    class Meta:
        model = Estate
        form = FilterForm
        fields = ["q", "kind"]


class LeaseFilterSet(FilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Lease.Status.choices)

    class Meta:
        model = Lease
        form = FilterForm
        fields = ["estate", "tenant", "status"]


class ApplicationFilterSet(FilterSet):
    # Several at once: the page's queue is "waiting" and "unit offered".
    status = django_filters.MultipleChoiceFilter(
        label=_("Status"),
        choices=Application.Status.choices,
        widget=forms.CheckboxSelectMultiple,
    )

    class Meta:
        model = Application
        form = FilterForm
        fields = ["estate", "status"]


class AssetFilterSet(FilterSet):
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Asset.Kind.choices)
    funding = django_filters.ChoiceFilter(label=_("Funding"), choices=Asset.Funding.choices)
    condition = django_filters.ChoiceFilter(label=_("Condition"), choices=Asset.Condition.choices)
    fiscal_year = django_filters.NumberFilter(label=_("Year"))
    bookable = django_filters.BooleanFilter(label=_("Can be booked"))

    class Meta:
        model = Asset
        form = FilterForm
        fields = ["estate", "kind", "funding", "bookable", "condition", "fiscal_year"]


class BookingFilterSet(FilterSet):
    """The booking calendar's page lists confirmed bookings and chooses the facility with its
    buttons (``?asset=``), so every filter is a hidden one there."""

    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Booking.Status.choices, widget=forms.HiddenInput
    )

    class Meta:
        model = Booking
        form = FilterForm
        fields = ["asset", "firm", "status", "asset__estate"]
