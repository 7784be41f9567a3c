"""The inbox's one FilterSet, used by its page and the API (``?unread=true``)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from rantai.core.lists import FilterForm, FilterSet
from rantai.inbox.models import Notification


class NotificationFilterSet(FilterSet):
    unread = django_filters.BooleanFilter(
        label=_("Unread"),
        field_name="read_at",
        lookup_expr="isnull",
        widget=django_filters.widgets.BooleanWidget,
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=Notification.Kind.choices)

    class Meta:
        model = Notification
        form = FilterForm
        fields = ["unread", "kind"]
