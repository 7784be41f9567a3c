"""The FilterSets of the temu bisnis lists: one class per list, used by its page and the API (the
API's query parameters are the model's field names: ``?event=``, ``?status=``, ``?role=`` …)."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _

from rantai.core.access import restrict
from rantai.core.lists import FilterForm, FilterSet, SearchFilter
from rantai.matchmaking.models import Event, Interest, MeetingRequest, Need, Registration
from rantai.reference.models import Process


class EventFilterSet(FilterSet):
    q = SearchFilter(fields=["name", "venue"], placeholder=_("Name or venue"))
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Event.Status.choices)
    year = django_filters.NumberFilter(
        label=_("Year"), field_name="starts_on__year", min_value=1900, max_value=2100
    )

    class Meta:
        model = Event
        form = FilterForm
        fields = ["q", "status", "year", "organiser"]


class RegistrationFilterSet(FilterSet):
    """An event's registrations (the organiser's page) and the API's showcases (``offers``)."""

    q = SearchFilter(
        fields=["firm__name", "headline", "about"], placeholder=_("Firm or what it offers")
    )
    role = django_filters.ChoiceFilter(label=_("Role"), choices=Registration.Role.choices)
    status = django_filters.ChoiceFilter(label=_("Status"), choices=Registration.Status.choices)

    class Meta:
        model = Registration
        form = FilterForm
        fields = ["event", "q", "role", "status"]


class ParticipantFilterSet(RegistrationFilterSet):
    """The participants' directory lists approved registrations only: no status to choose."""

    status = None

    class Meta(RegistrationFilterSet.Meta):
        fields = ["event", "q", "role"]


class NeedFilterSet(FilterSet):
    q = SearchFilter(
        fields=["title", "description", "registration__firm__name"],
        placeholder=_("Part, buyer or description"),
    )
    process = django_filters.ModelChoiceFilter(
        label=_("Process"),
        field_name="processes",
        queryset=Process.objects.filter(parent__isnull=False).select_related("parent"),
        widget=forms.Select(attrs={"data-searchable": "true"}),
    )

    class Meta:
        model = Need
        form = FilterForm
        fields = ["event", "q", "process", "registration"]


class MeetingRequestFilterSet(FilterSet):
    """Meeting requests; ``direction`` is seen from the user's own firms (received: asked of
    them, sent: asked by them)."""

    direction = django_filters.ChoiceFilter(
        label=_("Requests"),
        choices=[("received", _("Asked of you")), ("sent", _("Asked by you"))],
        method="filter_direction",
    )
    status = django_filters.ChoiceFilter(label=_("Status"), choices=MeetingRequest.Status.choices)
    interest = django_filters.ChoiceFilter(label=_("Interest"), choices=Interest.choices)
    q = SearchFilter(
        fields=["requester__firm__name", "recipient__firm__name"], placeholder=_("Firm")
    )

    class Meta:
        model = MeetingRequest
        form = FilterForm
        fields = ["event", "direction", "status", "interest", "q"]

    def filter_direction(self, queryset, name, value):
        own = restrict(Registration.objects.all(), self.request.user, "change")
        side = "recipient" if value == "received" else "requester"
        return queryset.filter(**{f"{side}__in": own})
