"""What the header's search finds in temu bisnis: events and buyers' needs
(rantai.search.registry)."""

from django.utils.formats import date_format
from django.utils.translation import gettext_lazy

from rantai.core.access import restrict
from rantai.matchmaking.models import Event, Need
from rantai.search.registry import Hit, source, words_q


@source("events", heading=gettext_lazy("Temu bisnis events"), order=30)
def events(user, terms, limit):
    rows = (
        restrict(Event.objects.all(), user)
        .filter(words_q(terms, ["name", "venue"]))
        .order_by("-starts_on", "-pk")[: limit + 1]
    )
    return [
        Hit(event.name, event.get_absolute_url(), f"{date_format(event.starts_on)} · {event.venue}")
        for event in rows
    ]


@source("needs", heading=gettext_lazy("Buyers' needs"), order=35)
def needs(user, terms, limit):
    rows = (
        restrict(Need.objects.all(), user)
        .filter(words_q(terms, ["title", "description", "registration__firm__name"]))
        .select_related("event", "registration__firm")
        .order_by("-event__starts_on", "title", "pk")[: limit + 1]
    )
    return [
        Hit(need.title, need.get_absolute_url(), f"{need.registration.firm} · {need.event.name}")
        for need in rows
    ]
