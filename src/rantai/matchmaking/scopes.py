"""What a user may act on at temu bisnis events, as querysets (core.access). ``rules.py`` answers
the same for one object; tests/test_scopes_and_rules.py proves the two agree for every persona.

The organiser (members of the organising organisation, and administrators) sees the whole event;
a participant (a member of a firm approved at the event) sees its needs and showcases, its own
requests and, once the schedule is published, its own meetings and their outcomes."""

from django.db.models import Q

from rantai.accounts.actors import Actor
from rantai.core.access import restrict, scope
from rantai.matchmaking.models import (
    Attachment,
    Event,
    FollowUp,
    Meeting,
    MeetingRequest,
    Need,
    Outcome,
    Registration,
)


def _organised_q(actor: Actor, prefix: str = "") -> Q:
    """Events (or rows of events, through ``prefix``) the actor organises (administrators
    organise every event: each scope returns everything for them before asking this)."""
    return Q(**{f"{prefix}organiser_id__in": actor.org_ids})


def _joined_event_ids(actor: Actor):
    """Events where one of the actor's firms is an approved participant."""
    return Registration.objects.filter(
        firm_id__in=actor.org_ids, status=Registration.Status.APPROVED
    ).values("event_id")


@scope(Event, actions=("view", "take_part", "manage", "change"))
def events(queryset, actor: Actor, action: str):
    """view: every signed-in user (an event's public page). take_part (needs, showcases,
    requests, pipeline): the organiser and the approved participants. manage (registrations,
    schedule, check-in, statistics) and change (its details): the organiser."""
    if action == "view" or actor.is_admin:
        return queryset
    q = _organised_q(actor)
    if action == "take_part":
        q |= Q(pk__in=_joined_event_ids(actor))
    return queryset.filter(q)


@scope(Registration, actions=("view", "change", "manage"))
def registrations(queryset, actor: Actor, action: str):
    """view: the organiser sees every registration of its events, a firm its own, a participant
    the approved registrations (showcases) of its event. change (availability, showcase): the
    registered firm's members. manage (approve, check in): the organiser."""
    own = Q(firm_id__in=actor.org_ids)
    if action == "change":
        return queryset.filter(own)
    if actor.is_admin:
        return queryset
    organised = _organised_q(actor, "event__")
    if action == "manage":
        return queryset.filter(organised)
    showcase = Q(status=Registration.Status.APPROVED, event_id__in=_joined_event_ids(actor))
    return queryset.filter(organised | own | showcase)


@scope(Need)
def needs(queryset, actor: Actor, action: str):
    """The needs of the events one takes part in (organiser and participants)."""
    return queryset.filter(event__in=restrict(Event.objects.all(), actor, "take_part"))


@scope(Attachment)
def attachments(queryset, actor: Actor, action: str):
    """A need's files go with the need."""
    return queryset.filter(need__in=restrict(Need.objects.all(), actor, "view"))


@scope(MeetingRequest)
def meeting_requests(queryset, actor: Actor, action: str):
    """The organiser sees every request of its events; a firm the requests it sent or received."""
    if actor.is_admin:
        return queryset
    return queryset.filter(
        _organised_q(actor, "event__")
        | Q(requester__firm_id__in=actor.org_ids)
        | Q(recipient__firm_id__in=actor.org_ids)
    )


@scope(Meeting, actions=("view", "manage"))
def meetings(queryset, actor: Actor, action: str):
    """view: the organiser's whole schedule; a party its own meetings once the schedule is
    published. manage (move, pin, no-show): the organiser."""
    if actor.is_admin:
        return queryset
    organised = _organised_q(actor, "event__")
    if action == "manage":
        return queryset.filter(organised)
    own = (
        Q(request__requester__firm_id__in=actor.org_ids)
        | Q(request__recipient__firm_id__in=actor.org_ids)
    ) & Q(event__published_at__isnull=False)
    return queryset.filter(organised | own)


@scope(Outcome)
def outcomes(queryset, actor: Actor, action: str):
    """Outcomes go with their meeting."""
    return queryset.filter(meeting__in=restrict(Meeting.objects.all(), actor, "view"))


@scope(FollowUp)
def follow_ups(queryset, actor: Actor, action: str):
    """Follow-ups go with their meeting."""
    return queryset.filter(meeting__in=restrict(Meeting.objects.all(), actor, "view"))
