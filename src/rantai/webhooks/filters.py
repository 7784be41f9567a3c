"""The webhooks' FilterSets, each used by its page and the API."""

import django_filters
from django.utils.translation import gettext_lazy as _

from rantai.core.lists import FilterForm, FilterSet, SearchFilter
from rantai.webhooks.models import Delivery, Endpoint, Event


class EndpointFilterSet(FilterSet):
    q = SearchFilter(fields=["url", "description"])
    active = django_filters.BooleanFilter(
        label=_("Active"), widget=django_filters.widgets.BooleanWidget
    )

    class Meta:
        model = Endpoint
        form = FilterForm
        fields = ["q", "active", "organisation"]


class DeliveryFilterSet(FilterSet):
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Delivery.Status.choices)
    event = django_filters.ChoiceFilter(label=_("Event"), choices=Event.choices)

    class Meta:
        model = Delivery
        form = FilterForm
        fields = ["status", "event", "endpoint"]
