"""Events: list, detail, form and the day plan (sessions and slots)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Q
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from rantai.core.access import can, get_for, require, restrict
from rantai.matchmaking import services
from rantai.matchmaking.forms import EventForm, SessionFormSet
from rantai.matchmaking.models import Event, MeetingRequest, Registration


def event_for(request, pk: int, action: str = "view") -> Event:
    return get_for(request.user, Event, action, pk=pk)


def own_registrations(request, event: Event):
    """The registrations of the user's own firms at ``event`` (usually one)."""
    return restrict(event.registrations.select_related("firm"), request.user, "change")


def participant_of(request, event: Event) -> Registration | None:
    """The user's firm's approved registration at ``event``, or None if it takes no part."""
    return own_registrations(request, event).filter(status=Registration.Status.APPROVED).first()


@login_required
def event_list(request):
    events = (
        Event.objects.restrict(request.user)
        .select_related("organiser")
        .annotate(
            participants=Count(
                "registrations", filter=Q(registrations__status=Registration.Status.APPROVED)
            )
        )
    )
    return render(
        request,
        "matchmaking/event_list.html",
        {"events": events, "can_add": can(request.user, "add", model=Event)},
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
