"""Querysets of what a user may see at temu bisnis events (the rules in rules.py, as SQL)."""

from django.db.models import Q

from rantai.accounts.actors import actor_for
from rantai.matchmaking.models import Event, Meeting, MeetingRequest, Need, Outcome, Registration


def organised_events(user):
    actor = actor_for(user)
    if actor.is_admin:
        return Event.objects.all()
    return Event.objects.filter(organiser_id__in=actor.org_ids)


def joined_events(user):
    """Events where one of the user's firms is an approved participant."""
    return Event.objects.filter(
        registrations__firm_id__in=actor_for(user).org_ids,
        registrations__status=Registration.Status.APPROVED,
    )


def needs(user):
    return Need.objects.filter(
        Q(event__in=organised_events(user)) | Q(event__in=joined_events(user))
    )


def showcases(user):
    return Registration.objects.filter(status=Registration.Status.APPROVED).filter(
        Q(event__in=organised_events(user)) | Q(event__in=joined_events(user))
    )


def requests(user):
    org_ids = actor_for(user).org_ids
    return MeetingRequest.objects.filter(
        Q(event__in=organised_events(user))
        | Q(requester__firm_id__in=org_ids)
        | Q(recipient__firm_id__in=org_ids)
    )


def meetings(user):
    """The organiser's whole schedule; a participant's own meetings once published."""
    org_ids = actor_for(user).org_ids
    own = (
        Q(request__requester__firm_id__in=org_ids) | Q(request__recipient__firm_id__in=org_ids)
    ) & Q(event__published_at__isnull=False)
    return Meeting.objects.filter(Q(event__in=organised_events(user)) | own)


def outcomes(user):
    return Outcome.objects.filter(meeting__in=meetings(user))
