"""Who may do what at a temu bisnis (scopes.py answers the same as querysets).

- view_event: every signed-in user sees an event's public page (name, dates, venue,
  participants). add_event: program officers and administrators, for an organisation they
  belong to.
- manage_event (registrations, schedule, publishing, check-in, statistics) and change_event
  (its details): the organiser, i.e. members of the organising organisation, and administrators.
- take_part_event (needs, showcases, requests, pipeline): the organiser and the members of
  firms approved at the event.
- register_event: members of an IKM or large firm not yet registered at the event.
- view_registration: the organiser, the registered firm, and (once approved, as a showcase) the
  event's participants. change_registration (availability, showcase): the registered firm.
  manage_registration (approve, check in): the organiser.
- view_need and its attachments: who takes part in the event. add_need: an approved buyer, for
  itself. match_need (the recommended suppliers): the need's buyer and the organiser.
- view_meetingrequest: the organiser and the two firms. add_meetingrequest: an approved
  participant, from itself. answer_meetingrequest: the firm it was sent to.
- add_exclusion ("no thanks"): an approved participant, for itself.
- view_meeting and its outcomes and follow-ups: the organiser; the two parties once the schedule
  is published. manage_meeting (move, pin, no-show): the organiser. add_outcome (with a
  follow-up) and change_followup (mark it done): a party, for its own side.
"""

import rules

from rantai.accounts.actors import actor_for
from rantai.core.rules import follows, is_admin, is_officer, is_signed_in, no_object
from rantai.firms.models import Firm
from rantai.matchmaking.models import Registration


def organises(user, event) -> bool:
    actor = actor_for(user)
    return event is not None and (actor.is_admin or event.organiser_id in actor.org_ids)


def _own(user, registration) -> bool:
    return registration is not None and registration.firm_id in actor_for(user).org_ids


def _approved_own(user, registration) -> bool:
    return _own(user, registration) and registration.status == Registration.Status.APPROVED


def joined(user, event) -> bool:
    """Whether one of the user's firms is an approved participant of ``event``."""

    org_ids = actor_for(user).org_ids
    return (
        event is not None
        and bool(org_ids)
        and Registration.objects.filter(
            event=event, firm_id__in=org_ids, status=Registration.Status.APPROVED
        ).exists()
    )


def registrable_firms(user, event=None):
    """The user's live IKM and large firms (only those may take part), not yet registered at
    ``event``: the choices of the registration form, and what register_event asks for."""

    firms = Firm.objects.alive().filter(
        pk__in=actor_for(user).org_ids, kind__in=[Firm.Kind.IKM, Firm.Kind.LARGE]
    )
    if event is not None:
        firms = firms.exclude(event_registrations__event=event)
    return firms


# ---- events -------------------------------------------------------------------------------------


@rules.predicate
def is_organiser(user, event):
    return organises(user, event)


@rules.predicate
def takes_part(user, event):
    return joined(user, event)


@rules.predicate
def may_register(user, event):
    return event is not None and registrable_firms(user, event).exists()


# ---- registrations ------------------------------------------------------------------------------


@rules.predicate
def is_own_registration(user, registration):
    return _own(user, registration)


@rules.predicate
def organises_registration(user, registration):
    return registration is not None and organises(user, registration.event)


@rules.predicate
def is_showcase_at_joined_event(user, registration):
    return (
        registration is not None
        and registration.status == Registration.Status.APPROVED
        and joined(user, registration.event)
    )


# ---- needs --------------------------------------------------------------------------------------


@rules.predicate
def posts_own_need(user, need):
    """The need is (to be) posted by one of the user's firms, an approved buyer at its event."""
    if need is None or need.registration_id is None:
        return False
    buyer = need.registration
    return _approved_own(user, buyer) and buyer.is_buyer and buyer.event_id == need.event_id


@rules.predicate
def is_need_buyer(user, need):
    return need is not None and _own(user, need.registration)


@rules.predicate
def organises_need_event(user, need):
    return need is not None and organises(user, need.event)


# ---- meeting requests and exclusions ------------------------------------------------------------


@rules.predicate
def organises_request_event(user, meeting_request):
    return meeting_request is not None and organises(user, meeting_request.event)


@rules.predicate
def is_request_party(user, meeting_request):
    return meeting_request is not None and (
        _own(user, meeting_request.requester) or _own(user, meeting_request.recipient)
    )


@rules.predicate
def requests_for_itself(user, meeting_request):
    if meeting_request is None or meeting_request.requester_id is None:
        return False
    requester = meeting_request.requester
    return _approved_own(user, requester) and requester.event_id == meeting_request.event_id


@rules.predicate
def is_request_recipient(user, meeting_request):
    return meeting_request is not None and _approved_own(user, meeting_request.recipient)


@rules.predicate
def excludes_for_itself(user, exclusion):
    return (
        exclusion is not None
        and exclusion.registration_id is not None
        and _approved_own(user, exclusion.registration)
    )


# ---- meetings and outcomes ----------------------------------------------------------------------


@rules.predicate
def organises_meeting(user, meeting):
    return meeting is not None and organises(user, meeting.event)


@rules.predicate
def is_published_party(user, meeting):
    return (
        meeting is not None
        and meeting.event.published_at is not None
        and (_own(user, meeting.request.requester) or _own(user, meeting.request.recipient))
    )


@rules.predicate
def records_own_side(user, record):
    """``record`` (an outcome or a follow-up) is one side's of a meeting, and that side is one of
    the user's firms."""
    if record is None or record.registration_id is None or record.meeting_id is None:
        return False
    meeting = record.meeting
    return (
        record.registration_id in (meeting.request.requester_id, meeting.request.recipient_id)
        and _own(user, record.registration)
        and user.has_perm("matchmaking.view_meeting", meeting)
    )


organiser = is_signed_in & is_organiser

rules.add_perm("matchmaking.view_event", is_signed_in)
rules.add_perm(
    "matchmaking.add_event", is_signed_in & (is_admin | is_officer & (no_object | is_organiser))
)
rules.add_perm("matchmaking.change_event", organiser)
rules.add_perm("matchmaking.manage_event", organiser)
rules.add_perm("matchmaking.take_part_event", is_signed_in & (is_organiser | takes_part))
rules.add_perm("matchmaking.register_event", is_signed_in & may_register)

rules.add_perm(
    "matchmaking.view_registration",
    is_signed_in & (organises_registration | is_own_registration | is_showcase_at_joined_event),
)
rules.add_perm("matchmaking.change_registration", is_signed_in & is_own_registration)
rules.add_perm("matchmaking.manage_registration", is_signed_in & organises_registration)

rules.add_perm(
    "matchmaking.view_need", is_signed_in & follows("matchmaking.take_part_event", "event")
)
rules.add_perm("matchmaking.add_need", is_signed_in & (no_object | posts_own_need))
rules.add_perm("matchmaking.match_need", is_signed_in & (organises_need_event | is_need_buyer))
rules.add_perm(
    "matchmaking.view_attachment", is_signed_in & follows("matchmaking.view_need", "need")
)

rules.add_perm(
    "matchmaking.view_meetingrequest",
    is_signed_in & (organises_request_event | is_request_party),
)
rules.add_perm("matchmaking.add_meetingrequest", is_signed_in & (no_object | requests_for_itself))
rules.add_perm("matchmaking.answer_meetingrequest", is_signed_in & is_request_recipient)
rules.add_perm("matchmaking.add_exclusion", is_signed_in & excludes_for_itself)

rules.add_perm("matchmaking.view_meeting", is_signed_in & (organises_meeting | is_published_party))
rules.add_perm("matchmaking.manage_meeting", is_signed_in & organises_meeting)
rules.add_perm(
    "matchmaking.view_outcome", is_signed_in & follows("matchmaking.view_meeting", "meeting")
)
rules.add_perm("matchmaking.add_outcome", is_signed_in & (no_object | records_own_side))
rules.add_perm(
    "matchmaking.view_followup", is_signed_in & follows("matchmaking.view_meeting", "meeting")
)
rules.add_perm("matchmaking.change_followup", is_signed_in & records_own_side)
