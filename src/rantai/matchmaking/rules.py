"""Who may do what at a temu bisnis.

- Every signed-in user sees an event's public page (name, dates, venue, participants).
- The organiser (members of the organising organisation, and administrators) runs the event:
  approves registrations, schedules, publishes, checks people in, sees every request, meeting,
  outcome and statistic.
- A participant (a member of a registered firm) sees the event's needs and showcases, its own
  requests, agenda, meetings and outcomes, and answers requests made to it.
- Program officers and administrators create events.
"""

import rules

from rantai.accounts.actors import actor_for
from rantai.firms.rules import is_admin, is_officer, is_signed_in


def organises(user, event) -> bool:
    actor = actor_for(user)
    return event is not None and (actor.is_admin or event.organiser_id in actor.org_ids)


def registrations_of(user, event):
    """The user's firms' registrations at ``event`` (usually one)."""
    from rantai.matchmaking.models import Registration

    return Registration.objects.filter(event=event, firm_id__in=actor_for(user).org_ids)


def approved_registration(user, event):
    from rantai.matchmaking.models import Registration

    return (
        registrations_of(user, event)
        .filter(status=Registration.Status.APPROVED)
        .select_related("firm")
        .first()
    )


@rules.predicate
def is_organiser(user, event):
    return organises(user, event)


@rules.predicate
def takes_part(user, event):
    return event is not None and approved_registration(user, event) is not None


@rules.predicate
def may_register(user, event):
    actor = actor_for(user)
    return event is not None and bool(actor.owned_org_ids or actor.org_ids)


@rules.predicate
def is_party(user, meeting):
    org_ids = actor_for(user).org_ids
    return meeting is not None and (
        meeting.request.requester.firm_id in org_ids or meeting.request.recipient.firm_id in org_ids
    )


@rules.predicate
def organises_meeting(user, meeting):
    return meeting is not None and organises(user, meeting.event)


rules.add_perm("matchmaking.view_event", is_signed_in)
rules.add_perm("matchmaking.add_event", is_admin | is_officer)
rules.add_perm("matchmaking.manage_event", is_signed_in & is_organiser)
rules.add_perm("matchmaking.take_part", is_signed_in & (takes_part | is_organiser))
rules.add_perm("matchmaking.register", is_signed_in & may_register)
rules.add_perm("matchmaking.view_meeting", is_signed_in & (is_party | organises_meeting))
rules.add_perm("matchmaking.record_outcome", is_signed_in & (is_party | organises_meeting))
