"""Events: list, detail, form and the day plan (sessions and slots)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils.functional import cached_property
from django.utils.translation import gettext as _

from rantai.core.access import can, get_for, require, restrict
from rantai.core.lists import ListView
from rantai.matchmaking import services
from rantai.matchmaking.filters import EventFilterSet
from rantai.matchmaking.forms import EventForm, SessionFormSet
from rantai.matchmaking.models import Event, MeetingRequest, Registration
from rantai.matchmaking.tables import EventTable


def event_for(request, pk: int, action: str = "view") -> Event:
    return get_for(request.user, Event, action, pk=pk)


def own_registrations(request, event: Event):
    """The registrations of the user's own firms at ``event`` (usually one)."""
    return restrict(event.registrations.select_related("firm"), request.user, "change")


def participant_of(request, event: Event) -> Registration | None:
    """The user's firm's approved registration at ``event``, or None if it takes no part."""
    return own_registrations(request, event).filter(status=Registration.Status.APPROVED).first()


class EventPageMixin:
    """A list page under one event (``<pk>/needs/`` …): the event of the address if the user may
    ``event_action`` it (404 when he may not see it, 403 when he may not act), asked before
    anything is listed; ``me`` is the user's firm's approved registration, if it takes part."""

    event_action = "take_part"

    def get(self, request, *args, **kwargs):
        self.event = event_for(request, kwargs["pk"], self.event_action)
        return super().get(request, *args, **kwargs)

    @cached_property
    def me(self) -> Registration | None:
        return participant_of(self.request, self.event)

    def get_context_data(self, **kwargs):
        return super().get_context_data(event=self.event, **kwargs)


class EventListView(ListView):
    filterset_class = EventFilterSet
    table_class = EventTable
    template_name = "matchmaking/event_list.html"

    def get_queryset(self):
        approved = Q(registrations__status=Registration.Status.APPROVED)
        return (
            restrict(Event.objects.select_related("organiser"), self.request.user)
            .annotate(participants=Count("registrations", filter=approved))
            .order_by("-starts_on", "-pk")
        )

    def get_context_data(self, **kwargs):
        return super().get_context_data(
            can_add=can(self.request.user, "add", model=Event), **kwargs
        )


@login_required
def event_detail(request, pk: int):
    event = event_for(request, pk)
    mine = own_registrations(request, event).first()
    approved = event.registrations.filter(status=Registration.Status.APPROVED).select_related(
        "firm"
    )
    context = {
        "event": event,
        "mine": mine,
        "is_organiser": can(request.user, "manage", event),
        "buyers": approved.filter(role=Registration.Role.BUYER),
        "suppliers": approved.filter(role=Registration.Role.SUPPLIER),
        "sessions": event.sessions.annotate(n=Count("slots")),
        "can_register": event.registration_is_open
        and mine is None
        and can(request.user, "register", event),
    }
    if mine and mine.status == Registration.Status.APPROVED:
        context["incoming"] = mine.received_requests.filter(
            status=MeetingRequest.Status.PENDING
        ).count()
    return render(request, "matchmaking/event_detail.html", context)


def _save_event(request, form):
    event = form.save()
    messages.success(request, _("The event was saved."))
    return redirect(event)


@login_required
def event_create(request):
    require(request.user, "add", model=Event)
    form = EventForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        return _save_event(request, form)
    return render(request, "matchmaking/event_form.html", {"form": form})


@login_required
def event_update(request, pk: int):
    event = event_for(request, pk, "manage")
    form = EventForm(request.POST or None, instance=event, user=request.user)
    if request.method == "POST" and form.is_valid():
        return _save_event(request, form)
    return render(request, "matchmaking/event_form.html", {"form": form, "event": event})


@login_required
def event_sessions(request, pk: int):
    """The day plan: sessions (e.g. morning, afternoon) and the meeting slots made from them."""
    event = event_for(request, pk, "manage")
    formset = SessionFormSet(request.POST or None, instance=event)
    if request.method == "POST" and formset.is_valid():
        try:
            with transaction.atomic():
                formset.save()
                count = services.generate_slots(event=event)
        except ValidationError as exc:
            messages.error(request, " ".join(exc.messages))
        else:
            messages.success(request, _("%(count)d meeting slots were made.") % {"count": count})
            return redirect("matchmaking:event-sessions", pk=event.pk)
    return render(
        request,
        "matchmaking/event_sessions.html",
        {"event": event, "formset": formset, "slots": event.slots.select_related("session")},
    )
