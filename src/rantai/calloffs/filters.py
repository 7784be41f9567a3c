"""The call-offs' one FilterSet: the board's page and the API (``?status=released``)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from rantai.calloffs.models import CallOff, CallOffMove
from rantai.core.lists import FilterForm, FilterSet, SearchFilter


class CallOffFilterSet(FilterSet):
    q = SearchFilter(
        fields=["number", "part_number", "description", "partnership__buyer__name"],
        placeholder=_("Number, part, buyer"),
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=CallOff.Status.choices)
    zone = django_filters.ChoiceFilter(label=_("Zone"), choices=CallOff.Zone.choices)
    open = django_filters.BooleanFilter(
        label=_("Open only"),
        method="filter_open",
        widget=django_filters.widgets.BooleanWidget,
    )
    moving = django_filters.BooleanFilter(
        label=_("Move proposed"),
        method="filter_moving",
        widget=django_filters.widgets.BooleanWidget,
    )
    due_from = django_filters.DateFilter(
        label=_("Due from"), field_name="due_on", lookup_expr="gte"
    )
    due_to = django_filters.DateFilter(label=_("Due to"), field_name="due_on", lookup_expr="lte")
    firm = django_filters.NumberFilter(
        label=_("Firm"), method="filter_firm", widget=django_filters.widgets.forms.HiddenInput
    )

    class Meta:
        model = CallOff
        form = FilterForm
        fields = [
            "q",
            "status",
            "zone",
            "open",
            "moving",
            "due_from",
            "due_to",
            "partnership",
            "firm",
        ]

    def filter_open(self, queryset, name, value):
        if value is None:
            return queryset
        return queryset.open() if value else queryset.filter(status=CallOff.Status.CANCELLED)

    def filter_moving(self, queryset, name, value):
        """Call-offs a cooperative proposes to move to another member (one such move at most)."""
        if value is None:
            return queryset
        pending = Q(moves__status=CallOffMove.Status.PROPOSED)
        return queryset.filter(pending) if value else queryset.exclude(pending)

    def filter_firm(self, queryset, name, value):
        """Call-offs where the firm is buyer or supplier (a firm's board)."""
        return queryset.filter(Q(partnership__supplier_id=value) | Q(partnership__buyer_id=value))
