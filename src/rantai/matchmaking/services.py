"""Temu bisnis operations: keyword-only functions, each in one transaction."""

from collections import defaultdict
from dataclasses import replace
from datetime import datetime, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from rantai.accounts.models import Membership
from rantai.core.mail import notify
from rantai.engines import scheduling
from rantai.inbox.models import Notification
from rantai.insights import facts
from rantai.matchmaking.models import (
    Event,
    Exclusion,
    FollowUp,
    Meeting,
    MeetingRequest,
    Outcome,
    Registration,
    ScheduleRun,
    Slot,
)

LIVE = (Meeting.Status.SCHEDULED, Meeting.Status.HELD)


# ---- time slots -------------------------------------------------------------------------------


@transaction.atomic
def generate_slots(*, event: Event) -> int:
    """(Re)build the slots from the sessions; only while no meeting is placed."""
    if event.meetings.exists():
        raise ValidationError(
            _("Meetings are already placed; the time slots can no longer change.")
        )
    event.slots.all().delete()
    step = timedelta(minutes=event.slot_minutes)
    index = 0
    for session in event.sessions.order_by("date", "starts_at"):
        start = timezone.make_aware(datetime.combine(session.date, session.starts_at))
        end = timezone.make_aware(datetime.combine(session.date, session.ends_at))
        while start + step <= end:
            Slot.objects.create(
                event=event, session=session, index=index, starts_at=start, ends_at=start + step
            )
            index += 1
            start += step
    return index


# ---- registration and requests ------------------------------------------------------------------


@transaction.atomic
def register(*, event: Event, firm, role: str, user, **details) -> Registration:
    if not event.registration_is_open:
        raise ValidationError(_("Registration for this event is not open."))
    if event.registrations.filter(firm=firm).exists():
        raise ValidationError(_("%(firm)s is already registered.") % {"firm": firm})
    return Registration.objects.create(
        event=event, firm=firm, role=role, registered_by=user, **details
    )


def _approved(registration: Registration) -> None:
    if registration.status != Registration.Status.APPROVED:
        raise ValidationError(
            _("%(firm)s is not an approved participant yet.") % {"firm": registration.firm}
        )


@transaction.atomic
def request_meeting(
    *, requester: Registration, recipient: Registration, interest: int, need=None, message: str = ""
) -> MeetingRequest:
    """Ask for a meeting. If the other side already asked, that request is accepted instead."""
    _approved(requester)
    _approved(recipient)
    if requester.event_id != recipient.event_id or requester.pk == recipient.pk:
        raise ValidationError(_("A meeting joins two different participants of the same event."))
    if requester.role == recipient.role:
        raise ValidationError(_("Meetings are between a buyer and a supplier."))
    if Exclusion.objects.filter(registration=recipient, other=requester).exists():
        raise ValidationError(
            _("%(firm)s does not take meeting requests from you.") % {"firm": recipient.firm}
        )
    Exclusion.objects.filter(registration=requester, other=recipient).delete()
    reverse = (
        MeetingRequest.objects.select_for_update()
        .filter(requester=recipient, recipient=requester)
        .first()
    )
    if reverse is not None:
        reverse.interest = max(reverse.interest, interest)
        if reverse.status == MeetingRequest.Status.PENDING:
            reverse.status, reverse.responded_at = MeetingRequest.Status.ACCEPTED, timezone.now()
        reverse.save()
        return reverse
    request, created = MeetingRequest.objects.get_or_create(
        event=requester.event,
        requester=requester,
        recipient=recipient,
        defaults={"interest": interest, "need": need, "message": message},
    )
    if created:
        _tell_recipient(request)
    else:
        request.interest, request.message = interest, message or request.message
        request.need = need or request.need
        request.save()
    return request


def _tell_recipient(request: MeetingRequest) -> None:
    """The people of the firm asked hear of a new request (core.mail.notify: in the inbox, and
    by email as each chose), with where to answer it."""
    requester, event, message = request.requester.firm, request.event, request.message
    url = reverse("matchmaking:requests", args=[event.pk])

    def compose():
        subject = _("%(firm)s asks to meet you at %(event)s") % {
            "firm": requester.name,
            "event": event.name,
        }
        answer = _("Accept or decline it on Rantai: %(url)s") % {"url": settings.SITE_URL + url}
        return subject, "\n\n".join(part for part in (f"{subject}.", message, answer) if part)

    people = Membership.objects.active().filter(organisation_id=request.recipient.firm_id)
    notify(people.users(), compose, kind=Notification.Kind.MEETING_REQUEST, url=url)


@transaction.atomic
def respond(*, request: MeetingRequest, accept: bool) -> MeetingRequest:
    if (
        request.status == MeetingRequest.Status.ACCEPTED
        and not accept
        and hasattr(request, "meeting")
    ):
        raise ValidationError(
            _("This meeting is already scheduled; ask the organiser to cancel it.")
        )
    request.status = MeetingRequest.Status.ACCEPTED if accept else MeetingRequest.Status.DECLINED
    request.responded_at = timezone.now()
    request.save(update_fields=["status", "responded_at", "updated_at"])
    return request


@transaction.atomic
def exclude(*, registration: Registration, other: Registration) -> None:
    """'No thanks': hide ``other`` and decline what it asked."""
    Exclusion.objects.get_or_create(registration=registration, other=other)
    MeetingRequest.objects.filter(
        requester=other, recipient=registration, status=MeetingRequest.Status.PENDING
    ).update(status=MeetingRequest.Status.DECLINED, responded_at=timezone.now())


# ---- the schedule --------------------------------------------------------------


def build_instance(event: Event) -> scheduling.Instance:
    """The event as the scheduler sees it: approved participants, accepted requests, pins."""
    slots = list(event.slots.select_related("session"))
    index_of = {slot.pk: slot.index for slot in slots}
    registrations = list(
        event.registrations.filter(status=Registration.Status.APPROVED).prefetch_related(
            "unavailable"
        )
    )
    unavailable = {
        str(r.pk): frozenset(index_of[s.pk] for s in r.unavailable.all()) for r in registrations
    }
    pinned = {
        m.request_id: m
        for m in event.meetings.filter(pinned=True, status__in=LIVE).select_related("slot")
    }
    requests = []
    for request in event.requests.filter(status=MeetingRequest.Status.ACCEPTED):
        a, b = str(request.requester_id), str(request.recipient_id)
        if a not in unavailable or b not in unavailable:
            continue
        pin = pinned.get(request.pk)
        requests.append(
            scheduling.Request(
                id=str(request.pk),
                a=a,
                b=b,
                priority=request.interest,
                fixed_slot=pin.slot.index if pin else None,
                fixed_table=pin.table if pin else None,
            )
        )
    days: list[int] = []  # slots per day, in order
    for index, slot in enumerate(slots):
        if index == 0 or slot.session.date != slots[index - 1].session.date:
            days.append(0)
        days[-1] += 1
    return scheduling.Instance(
        slots=len(slots),
        tables=event.tables,
        unavailable=unavailable,
        requests=tuple(requests),
        days=tuple(days),
    )


@transaction.atomic
def apply_schedule(*, event: Event, solution: scheduling.Solution, job=None) -> ScheduleRun:
    """Replace the unpinned, not yet held meetings by the solution's."""
    slots = {slot.index: slot for slot in event.slots.all()}
    keep = {
        m.request_id
        for m in event.meetings.filter(Q(pinned=True) | ~Q(status=Meeting.Status.SCHEDULED))
    }
    old = {
        m.request_id: m
        for m in event.meetings.filter(pinned=False, status=Meeting.Status.SCHEDULED)
    }
    event.meetings.filter(pinned=False, status=Meeting.Status.SCHEDULED).delete()
    for placed in solution.meetings:
        request_id = int(placed.request)
        if request_id in keep:
            continue
        previous = old.get(request_id)
        moved = previous is None or (previous.slot_id, previous.table) != (
            slots[placed.slot].pk,
            placed.table,
        )
        Meeting.objects.create(
            event=event,
            request_id=request_id,
            slot=slots[placed.slot],
            table=placed.table,
            sequence=(previous.sequence + (1 if moved else 0)) if previous else 0,
        )
    run = ScheduleRun.of(solution, event=event, job=job)
    run.save()
    return run


def run_scheduler(*, event: Event, seconds: float = 10.0, job=None) -> ScheduleRun:
    instance = build_instance(event)
    if not instance.requests:
        raise ValidationError(
            _("There is no accepted meeting request to schedule yet."), code="empty"
        )
    conflict = scheduling.pin_conflict(instance)
    if conflict:
        raise ValidationError(_conflict_message(event, conflict), code="pins")
    solution = scheduling.solve(instance, seconds=seconds)

    with facts.batch():  # the participants' funnel facts once, not once per meeting
        return apply_schedule(event=event, solution=solution, job=job)


def _conflict_message(event: Event, conflict: scheduling.Conflict) -> str:
    """The scheduler's reason, in the organiser's words: which meetings, when, and who."""
    requests = {
        str(r.pk): r
        for r in event.requests.filter(pk__in=[int(r) for r in conflict.requests]).select_related(
            "requester__firm", "recipient__firm"
        )
    }
    values = {
        "meetings": ", ".join(
            f"{r.requester.firm} – {r.recipient.firm}"
            for rid in conflict.requests
            if (r := requests.get(rid))
        ),
        "time": str(event.slots.get(index=conflict.slot)),
    }
    values["firm"] = (
        Registration.objects.get(pk=int(conflict.participant)).firm
        if conflict.participant
        else _("a participant")
    )
    text = {
        "away": _("The meeting %(meetings)s is pinned at %(time)s, when %(firm)s is away."),
        "participant": _(
            "The meetings %(meetings)s are both pinned at %(time)s, and %(firm)s is in both."
        ),
        "table": _("The meetings %(meetings)s are pinned to the same table at %(time)s."),
        "tables": _("More meetings are pinned at %(time)s than there are tables."),
    }[conflict.kind]
    return f"{text % values} {_('Move or unpin one and run again.')}"


def _check_place(meeting: Meeting, slot: Slot, table: int) -> None:
    event = meeting.event
    if not 0 <= table < event.tables:
        raise ValidationError(_("There is no table %(table)d.") % {"table": table + 1})
    others = event.meetings.filter(slot=slot, status__in=LIVE).exclude(pk=meeting.pk)
    if others.filter(table=table).exists():
        raise ValidationError(_("Table %(table)d is taken at that time.") % {"table": table + 1})
    for party in meeting.parties:
        if others.filter(Q(request__requester=party) | Q(request__recipient=party)).exists():
            raise ValidationError(
                _("%(firm)s already has a meeting at that time.") % {"firm": party.firm}
            )
        if party.unavailable.filter(pk=slot.pk).exists():
            raise ValidationError(
                _("%(firm)s is not available at that time.") % {"firm": party.firm}
            )


@transaction.atomic
def move_meeting(*, meeting: Meeting, slot: Slot, table: int) -> Meeting:
    """Put a meeting by hand at a time and table; it is pinned so re-runs leave it there."""
    meeting = Meeting.objects.select_for_update().get(pk=meeting.pk)
    _check_place(meeting, slot, table)
    if (meeting.slot_id, meeting.table) != (slot.pk, table):
        meeting.sequence += 1
    meeting.slot, meeting.table, meeting.pinned = slot, table, True
    meeting.save()
    return meeting


@transaction.atomic
def add_meeting(*, request: MeetingRequest, slot: Slot, table: int) -> Meeting:
    """A meeting placed by hand (for instance in a slot freed by a no-show on the day)."""
    if request.status != MeetingRequest.Status.ACCEPTED:
        raise ValidationError(_("Only accepted requests become meetings."))
    Meeting.objects.filter(request=request).exclude(status__in=LIVE).delete()
    meeting = Meeting(event=request.event, request=request, slot=slot, table=table, pinned=True)
    _check_place(meeting, slot, table)
    meeting.save()
    return meeting


@transaction.atomic
def publish(*, event: Event) -> Event:
    if not event.meetings.filter(status__in=LIVE).exists():
        raise ValidationError(_("There is no meeting to publish yet."))
    event.status = Event.Status.PUBLISHED
    event.published_at = timezone.now()
    event.schedule_version += 1
    event.save(update_fields=["status", "published_at", "schedule_version", "updated_at"])
    return event


# ---- on the day and after -----------------------------------------------------


@transaction.atomic
def check_in(*, registration: Registration) -> Registration:
    if registration.checked_in_at is None:
        registration.checked_in_at = timezone.now()
        registration.save(update_fields=["checked_in_at", "updated_at"])
    return registration


@transaction.atomic
def mark_no_show(*, meeting: Meeting, absent: Registration) -> Meeting:
    """The meeting did not happen because ``absent`` did not come; its table is free again."""
    if absent not in meeting.parties:
        raise ValidationError(_("Only one of the two parties can be absent."))
    meeting.status, meeting.absent = Meeting.Status.NO_SHOW, absent
    meeting.save(update_fields=["status", "absent", "updated_at"])
    return meeting


@transaction.atomic
def drop_out(*, registration: Registration, cancelled: bool, now=None) -> list[Meeting]:
    """``registration`` will not come: marked at check-in as not coming for the rest of the day
    (a no-show), or the participant cancels (every meeting still to come is cancelled). Its
    meetings not yet started change status; the rest of the day is then re-planned by
    ``replan_day`` (a background job). Returns the meetings dropped."""
    now = now or timezone.now()
    event = registration.event
    mine = event.meetings.select_for_update().filter(
        Q(request__requester=registration) | Q(request__recipient=registration),
        status=Meeting.Status.SCHEDULED,
        slot__starts_at__gt=now,
    )
    if not cancelled:
        today = timezone.localdate(now)
        mine = [
            m for m in mine.select_related("slot") if timezone.localdate(m.slot.starts_at) == today
        ]
    dropped = list(mine)
    if not dropped:
        raise ValidationError(
            _("%(firm)s has no meeting still to come.") % {"firm": registration.firm},
            code="nothing",
        )
    for meeting in dropped:
        meeting.status = Meeting.Status.CANCELLED if cancelled else Meeting.Status.NO_SHOW
        meeting.absent = registration
        meeting.save(update_fields=["status", "absent", "updated_at"])
    return dropped


def replan_day(*, event: Event, now=None, dropped: list[Meeting] = ()) -> scheduling.Solution:
    """Re-plan what is left of the event day (``engines.scheduling.replan``): keep what was held,
    is running or comes later, keep every published meeting, add what now fits, move as few as
    possible; then tell the people whose agenda changed. Does nothing once the day is over."""
    now = now or timezone.now()
    slots = list(event.slots.all())
    following = [slot for slot in slots if slot.starts_at > now]
    if not following:
        raise ValidationError(_("No time slot is left to re-plan."), code="over")
    start = following[0].index
    if any(slot.starts_at <= now for slot in slots):  # the event is on: the rest of this day
        day = timezone.localdate(following[0].starts_at)
        end = max(s.index for s in following if timezone.localdate(s.starts_at) == day) + 1
    else:
        end = len(slots)
    live = list(event.meetings.filter(status__in=LIVE).select_related("slot"))
    gone = set(event.meetings.exclude(status__in=LIVE).values_list("request_id", "absent_id"))
    base = build_instance(event)
    base = replace(
        base, requests=tuple(r for r in base.requests if int(r.id) not in {g for g, _a in gone})
    )
    absent = {str(a) for _g, a in gone if a}
    placed = {str(m.request_id): (m.slot.index, m.table) for m in live}
    instance, current = scheduling.rest_of_day(base, placed, start, end, absent)
    solution = scheduling.replan(instance, current)
    _apply_replan(event, solution, placed, dropped)
    return solution


def replan_words(solution: scheduling.Solution) -> str:
    """What a re-plan did, for the organiser: "2 meetings added, 1 moved; 3 idle gaps." """
    added = len(solution.added)
    return _("The rest of the day is re-planned: %(added)s, %(moved)s; %(gaps)s.") % {
        "added": ngettext("%(n)d meeting added", "%(n)d meetings added", added) % {"n": added},
        "moved": ngettext("%(n)d moved", "%(n)d moved", len(solution.moved))
        % {"n": len(solution.moved)},
        "gaps": ngettext("%(n)d idle gap", "%(n)d idle gaps", solution.breaks)
        % {"n": solution.breaks},
    }


def _apply_replan(
    event: Event,
    solution: scheduling.Solution,
    placed: dict[str, tuple[int, int]],
    dropped: list[Meeting],
) -> None:
    slots = {slot.index: slot for slot in event.slots.all()}
    with transaction.atomic():
        changed = [m for m in solution.meetings if placed.get(m.request) != (m.slot, m.table)]
        moving = {
            str(m.request_id): m
            for m in event.meetings.select_for_update().filter(
                request_id__in=[int(c.request) for c in changed if c.request in placed]
            )
        }
        # Out of the way first (a table the unique constraint checks row by row), then in place.
        for n, meeting in enumerate(moving.values()):
            meeting.table = event.tables + n
            meeting.save(update_fields=["table"])
        touched = []
        for change in changed:
            meeting = moving.get(change.request)
            if meeting is None:
                Meeting.objects.filter(request_id=int(change.request)).delete()
                meeting = Meeting(event=event, request_id=int(change.request))
            else:
                meeting.sequence += 1
            meeting.slot, meeting.table = slots[change.slot], change.table
            meeting.save()
            touched.append(meeting)
        if event.status == Event.Status.PUBLISHED:
            transaction.on_commit(lambda: _tell_changed_agendas(event, touched, dropped))


def _tell_changed_agendas(event: Event, changed: list[Meeting], dropped: list[Meeting]) -> None:
    """Each firm whose agenda changed hears what changed, in one message, with its agenda (and
    its .ics, which updates the calendar: each moved meeting's SEQUENCE went up)."""
    lines: dict[int, list[tuple[str, str, int]]] = defaultdict(list)  # registration -> changes
    meetings = Meeting.objects.filter(pk__in=[m.pk for m in [*changed, *dropped]]).select_related(
        "slot", "request__requester__firm", "request__recipient__firm"
    )
    cancelled = {m.pk for m in dropped}
    for meeting in meetings:
        for party in meeting.parties:
            if party.pk == meeting.absent_id:
                continue
            other = meeting.other_party(party)
            kind = "dropped" if meeting.pk in cancelled else "placed"
            lines[party.pk].append((kind, other.firm.name, meeting))
    registrations = Registration.objects.filter(pk__in=lines).select_related("firm")
    for registration in registrations:
        url = reverse("matchmaking:agenda", args=[event.pk])
        changes = sorted(lines[registration.pk], key=lambda c: c[2].slot.starts_at)

        def compose(changes=changes, url=url):
            subject = _("Your agenda at %(event)s changed") % {"event": event.name}
            body = [f"{subject}:"]
            for kind, firm, meeting in changes:
                values = {"firm": firm, "time": meeting.slot, "table": meeting.table_label}
                body.append(
                    "- "
                    + (
                        _("%(firm)s cannot come: the meeting at %(time)s will not take place.")
                        if kind == "dropped"
                        else _("Meeting with %(firm)s: %(time)s, table %(table)d.")
                    )
                    % values
                )
            body.append(
                _("Your agenda and its calendar file: %(url)s") % {"url": settings.SITE_URL + url}
            )
            return subject, "\n".join(body)

        people = Membership.objects.active().filter(organisation_id=registration.firm_id)
        notify(people.users(), compose, kind=Notification.Kind.AGENDA_CHANGED, url=url)


def free_places(event: Event, slot: Slot) -> tuple[list[int], list[MeetingRequest]]:
    """Tables free at ``slot`` and accepted requests that could meet there now: both parties
    checked in and free at that time, and not yet met."""
    live = event.meetings.filter(slot=slot, status__in=LIVE)
    tables = sorted(set(range(event.tables)) - set(live.values_list("table", flat=True)))
    busy = set(live.values_list("request__requester_id", flat=True)) | set(
        live.values_list("request__recipient_id", flat=True)
    )
    met = set(event.meetings.filter(status__in=LIVE).values_list("request_id", flat=True))
    candidates = [
        r
        for r in event.requests.filter(status=MeetingRequest.Status.ACCEPTED).select_related(
            "requester__firm", "recipient__firm"
        )
        if r.pk not in met
        and r.requester_id not in busy
        and r.recipient_id not in busy
        and r.requester.checked_in_at
        and r.recipient.checked_in_at
    ]
    return tables, sorted(candidates, key=lambda r: -r.interest)


@transaction.atomic
def record_outcome(
    *,
    meeting: Meeting,
    registration: Registration,
    stage: str,
    note: str,
    user,
    follow_up: str = "",
    due_on=None,
) -> Outcome:
    """One side's outcome of its meeting and, if it says one, what it will do next
    (``follow_up``, due ``due_on``)."""
    if registration not in meeting.parties:
        raise ValidationError(_("Only the two parties record the outcome of their meeting."))
    if meeting.status in (Meeting.Status.NO_SHOW, Meeting.Status.CANCELLED):
        raise ValidationError(_("This meeting did not take place."))
    if follow_up and due_on is None:
        raise ValidationError({"due_on": _("Say when the follow-up is due.")})
    outcome, _created = Outcome.objects.update_or_create(
        meeting=meeting,
        registration=registration,
        defaults={"stage": stage, "note": note, "recorded_by": user},
    )
    if follow_up:
        FollowUp.objects.create(
            meeting=meeting, registration=registration, description=follow_up, due_on=due_on
        )
    if meeting.status == Meeting.Status.SCHEDULED:
        meeting.status = Meeting.Status.HELD
        meeting.save(update_fields=["status", "updated_at"])
    return outcome


@transaction.atomic
def finish_follow_up(*, follow_up: FollowUp) -> FollowUp:
    """Mark a follow-up done today; one already done keeps the day it was done."""
    if follow_up.done_on is None:
        follow_up.done_on = timezone.localdate()
        follow_up.save(update_fields=["done_on", "updated_at"])
    return follow_up


def best_stage(meeting: Meeting) -> str | None:
    """The furthest stage either side recorded."""
    stages = [o.stage for o in meeting.outcomes.all()]
    order = Outcome.STAGE_ORDER
    return max(stages, key=order.index) if stages else None


def stats(event: Event) -> dict:
    registrations = event.registrations.all()
    requests = event.requests.all()
    answered = requests.exclude(status=MeetingRequest.Status.PENDING).count()
    accepted = requests.filter(status=MeetingRequest.Status.ACCEPTED).count()
    meetings = (
        event.meetings.exclude(status=Meeting.Status.CANCELLED)
        .prefetch_related("outcomes")
        .select_related("request__requester__firm", "request__recipient__firm")
    )
    scheduled = len(meetings)
    held = sum(1 for m in meetings if m.status == Meeting.Status.HELD)
    by_stage = defaultdict(int)
    per_firm: dict[int, dict] = {}
    for meeting in meetings:
        stage = best_stage(meeting)
        if stage:
            by_stage[stage] += 1
        for party in meeting.parties:
            row = per_firm.setdefault(
                party.pk,
                {"registration": party, "scheduled": 0, "held": 0, "no_show": 0, "positive": 0},
            )
            row["scheduled"] += 1
            row["held"] += meeting.status == Meeting.Status.HELD
            row["no_show"] += (
                meeting.status == Meeting.Status.NO_SHOW and meeting.absent_id == party.pk
            )
            row["positive"] += stage in (
                Outcome.Stage.SAMPLE,
                Outcome.Stage.QUOTATION,
                Outcome.Stage.AGREEMENT,
            )
    return {
        "buyers": registrations.filter(role=Registration.Role.BUYER).count(),
        "suppliers": registrations.filter(role=Registration.Role.SUPPLIER).count(),
        "approved": registrations.filter(status=Registration.Status.APPROVED).count(),
        "checked_in": registrations.filter(checked_in_at__isnull=False).count(),
        "requests": requests.count(),
        "accepted": accepted,
        "declined": requests.filter(status=MeetingRequest.Status.DECLINED).count(),
        "pending": requests.filter(status=MeetingRequest.Status.PENDING).count(),
        "acceptance_rate": round(100 * accepted / answered, 1) if answered else None,
        "scheduled": scheduled,
        "held": held,
        "held_rate": round(100 * held / scheduled, 1) if scheduled else None,
        "no_shows": sum(1 for m in meetings if m.status == Meeting.Status.NO_SHOW),
        "by_stage": [
            (stage, label, by_stage.get(stage, 0)) for stage, label in Outcome.Stage.choices
        ],
        "buyers_table": sorted(
            (r for r in per_firm.values() if r["registration"].is_buyer),
            key=lambda r: r["registration"].firm.name,
        ),
        "suppliers_table": sorted(
            (r for r in per_firm.values() if not r["registration"].is_buyer),
            key=lambda r: r["registration"].firm.name,
        ),
    }
