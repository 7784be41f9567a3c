from datetime import date, timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import translation

from rantai.inbox.models import Notification
from rantai.matchmaking import agenda, services, surveys
from rantai.matchmaking.models import (
    Event,
    Interest,
    Meeting,
    MeetingRequest,
    Outcome,
    Registration,
    SurveyResponse,
)
from tests.factories import SurveyResponseFactory

pytestmark = pytest.mark.django_db


def test_slots_follow_the_sessions_and_stay_once_meetings_exist(fair):
    assert [f"{s.starts_at:%H:%M}" for s in fair.event.slots.all()] == [
        "02:00",
        "02:20",
        "02:40",
        "03:00",
        "03:20",
        "03:40",
    ]  # 09:00–11:00 in Jakarta, in UTC
    accepted(fair.buyer, fair.a)
    services.run_scheduler(event=fair.event, seconds=2)
    with pytest.raises(ValidationError):
        services.generate_slots(event=fair.event)


def accepted(requester, recipient, interest=Interest.WOULD_LIKE):
    request = services.request_meeting(requester=requester, recipient=recipient, interest=interest)
    return services.respond(request=request, accept=True)


def test_asking_back_accepts_the_first_request_with_the_higher_interest(fair):
    first = services.request_meeting(
        requester=fair.buyer, recipient=fair.a, interest=Interest.WOULD_LIKE
    )
    second = services.request_meeting(
        requester=fair.a, recipient=fair.buyer, interest=Interest.MUST
    )
    assert second.pk == first.pk
    first.refresh_from_db()
    assert (first.status, first.interest) == ("accepted", Interest.MUST)
    assert MeetingRequest.objects.count() == 1


def test_meetings_join_a_buyer_and_a_supplier_both_approved(fair):
    with pytest.raises(ValidationError):
        services.request_meeting(requester=fair.a, recipient=fair.b, interest=1)
    fair.b.status = Registration.Status.PENDING
    fair.b.save()
    with pytest.raises(ValidationError):
        services.request_meeting(requester=fair.buyer, recipient=fair.b, interest=1)


def test_no_thanks_declines_and_blocks_requests(fair):
    services.request_meeting(requester=fair.a, recipient=fair.buyer, interest=1)
    services.exclude(registration=fair.buyer, other=fair.a)
    assert MeetingRequest.objects.get().status == "declined"
    fair.a.sent_requests.all().delete()
    with pytest.raises(ValidationError):
        services.request_meeting(requester=fair.a, recipient=fair.buyer, interest=3)


def test_only_accepted_requests_are_scheduled_and_pins_survive_a_rerun(fair):
    ra = accepted(fair.buyer, fair.a, Interest.MUST)
    services.request_meeting(
        requester=fair.buyer, recipient=fair.b, interest=Interest.MUST
    )  # pending
    run = services.run_scheduler(event=fair.event, seconds=2)
    assert (run.status, run.scheduled, run.scheduled_priority) == ("optimal", 1, 3)
    meeting = Meeting.objects.get()
    assert meeting.request == ra
    last = fair.event.slots.last()
    services.move_meeting(meeting=meeting, slot=last, table=1)
    rb = MeetingRequest.objects.get(recipient=fair.b)
    services.respond(request=rb, accept=True)
    services.run_scheduler(event=fair.event, seconds=2)
    moved = Meeting.objects.get(request=ra)
    assert (moved.slot, moved.table, moved.pinned) == (last, 1, True)
    other = Meeting.objects.get(request=rb)
    assert other.slot.index == last.index - 1  # next to the buyer's pinned meeting: no gap


@translation.override("en")
def test_pins_that_cannot_stand_are_named_and_nothing_is_written(fair):
    ra, rb = accepted(fair.buyer, fair.a), accepted(fair.buyer, fair.b)
    run = services.run_scheduler(event=fair.event, seconds=2)
    ma, mb = Meeting.objects.get(request=ra), Meeting.objects.get(request=rb)
    services.move_meeting(meeting=ma, slot=ma.slot, table=ma.table)  # pinned
    # The buyer says afterwards that it is away at that time: the pin cannot stand any more.
    fair.buyer.unavailable.add(ma.slot)
    before = list(Meeting.objects.values_list("pk", "slot", "table", "pinned").order_by("pk"))
    with pytest.raises(ValidationError) as refused:
        services.run_scheduler(event=fair.event, seconds=2)
    message = refused.value.messages[0]
    assert f"{fair.buyer.firm} – {fair.a.firm}" in message
    assert f"is pinned at {ma.slot}, when {fair.buyer.firm} is away" in message
    assert list(fair.event.runs.all()) == [run]
    assert list(Meeting.objects.values_list("pk", "slot", "table", "pinned").order_by("pk")) == (
        before
    )
    assert mb.pk in {pk for pk, *_ in before}


@translation.override("en")
def test_an_event_without_accepted_requests_is_not_scheduled(fair):
    services.request_meeting(requester=fair.buyer, recipient=fair.a, interest=1)  # pending
    with pytest.raises(ValidationError, match="no accepted meeting request"):
        services.run_scheduler(event=fair.event, seconds=2)
    assert not fair.event.runs.exists()


@translation.override("en")
def test_the_run_tells_the_organiser_what_was_placed_and_proven(fair):
    accepted(fair.buyer, fair.a), accepted(fair.buyer, fair.b)
    run = services.run_scheduler(event=fair.event, seconds=2)
    assert (run.requested, run.scheduled) == (2, 2)
    assert run.verdict == "All 2 meetings placed; no idle gaps."
    run.breaks, run.bound_breaks = 4, 2
    assert run.verdict == "All 2 meetings placed; 4 idle gaps; no schedule can have fewer than 2."
    run.bound_breaks = 4
    assert run.verdict.endswith("; 4 idle gaps, the fewest possible.")
    run.breaks, run.bound_breaks = 1, 0
    assert run.verdict.endswith("; 1 idle gap; none is proven unavoidable.")
    run.requested, run.scheduled_priority, run.bound_priority = 3, 2, 3
    assert run.verdict.startswith(
        "2 of 3 meetings placed (perhaps more fit: priority 2 of at most 3); "
    )
    run.bound_priority = 2
    assert run.verdict.startswith(
        "2 of 3 meetings placed (no schedule fits more of what was wanted)"
    )
    run.requested = 0  # a run from before the count was kept
    assert run.verdict.startswith("2 meetings placed; ")


@translation.override("en")
def test_moving_checks_people_tables_and_availability(fair):
    ra, rb = accepted(fair.buyer, fair.a), accepted(fair.buyer, fair.b)
    services.run_scheduler(event=fair.event, seconds=2)
    ma, mb = Meeting.objects.get(request=ra), Meeting.objects.get(request=rb)
    with pytest.raises(ValidationError, match="already has a meeting"):
        services.move_meeting(meeting=ma, slot=mb.slot, table=1 - mb.table)
    with pytest.raises(ValidationError, match="taken"):
        services.move_meeting(meeting=ma, slot=mb.slot, table=mb.table)
    free = fair.event.slots.exclude(pk__in=[ma.slot_id, mb.slot_id]).first()
    fair.a.unavailable.add(free)
    with pytest.raises(ValidationError, match="not available"):
        services.move_meeting(meeting=ma, slot=free, table=0)
    with pytest.raises(ValidationError, match="no table"):
        services.move_meeting(meeting=ma, slot=free, table=5)


def test_publishing_versions_the_agenda_and_the_ics_keeps_one_uid_per_meeting(fair):
    request = accepted(fair.buyer, fair.a)
    with pytest.raises(ValidationError):
        services.publish(event=fair.event)
    services.run_scheduler(event=fair.event, seconds=2)
    services.publish(event=fair.event)
    fair.event.refresh_from_db()
    assert (fair.event.status, fair.event.schedule_version) == (Event.Status.PUBLISHED, 1)
    meetings = agenda.meetings_of(fair.a)
    first = agenda.ics(fair.event, fair.a, meetings).decode()
    assert f"UID:rantai-meeting-{request.pk}@{fair.event.pk}" in first and "SEQUENCE:1" in first
    meeting = meetings[0]
    services.move_meeting(
        meeting=meeting, slot=fair.event.slots.exclude(pk=meeting.slot_id).first(), table=0
    )
    services.publish(event=fair.event)
    fair.event.refresh_from_db()
    second = agenda.ics(fair.event, fair.a, agenda.meetings_of(fair.a)).decode()
    assert f"UID:rantai-meeting-{request.pk}@{fair.event.pk}" in second and "SEQUENCE:3" in second


def test_a_no_show_frees_the_table_for_checked_in_pairs(fair):
    ra, rb = accepted(fair.buyer, fair.a), accepted(fair.buyer, fair.b)
    services.run_scheduler(event=fair.event, seconds=2)
    ma = Meeting.objects.get(request=ra)
    services.mark_no_show(meeting=ma, absent=fair.a)
    assert Meeting.objects.get(request=ra).status == "no_show"
    tables, candidates = services.free_places(fair.event, ma.slot)
    assert ma.table in tables and candidates == []  # nobody checked in yet
    Meeting.objects.filter(request=rb).delete()  # B's meeting did not happen either
    for registration in (fair.buyer, fair.b):
        services.check_in(registration=registration)
    tables, candidates = services.free_places(fair.event, ma.slot)
    assert candidates == [rb]
    added = services.add_meeting(request=rb, slot=ma.slot, table=ma.table)
    assert (added.slot, added.table, added.status) == (ma.slot, ma.table, "scheduled")


def test_outcomes_come_from_the_parties_and_count_in_the_statistics(fair, world):
    ra, rb = accepted(fair.buyer, fair.a, Interest.MUST), accepted(fair.buyer, fair.b)
    services.request_meeting(requester=fair.b, recipient=fair.buyer, interest=1)  # merges into rb
    services.run_scheduler(event=fair.event, seconds=2)
    ma, mb = Meeting.objects.get(request=ra), Meeting.objects.get(request=rb)
    with pytest.raises(ValidationError):
        services.record_outcome(
            meeting=ma, registration=fair.b, stage="interested", note="", user=None
        )
    services.record_outcome(
        meeting=ma,
        registration=fair.a,
        stage=Outcome.Stage.QUOTATION,
        note="",
        user=world.user("firm_a"),
    )
    services.record_outcome(
        meeting=ma, registration=fair.buyer, stage=Outcome.Stage.INTERESTED, note="", user=None
    )
    services.mark_no_show(meeting=mb, absent=fair.b)
    figures = services.stats(fair.event)
    assert (figures["requests"], figures["accepted"], figures["acceptance_rate"]) == (2, 2, 100.0)
    assert (figures["scheduled"], figures["held"], figures["held_rate"], figures["no_shows"]) == (
        2,
        1,
        50.0,
        1,
    )
    assert dict((s, n) for s, _label, n in figures["by_stage"])["quotation"] == 1
    rows = {r["registration"].firm.name: r for r in figures["suppliers_table"]}
    assert (
        rows["CV Baja Slawi"]["no_show"] == 1
        and rows["PT Sinergi Mandiri Teknikatama"]["positive"] == 1
    )


def test_registration_needs_an_open_event(fair, world):
    fair.event.status = Event.Status.DRAFT
    fair.event.save()
    with pytest.raises(ValidationError):
        services.register(
            event=fair.event,
            firm=world.cooperative,
            role="supplier",
            user=None,
            representative="Ketua",
        )
    fair.event.status = Event.Status.OPEN
    fair.event.registration_closes = date(2021, 11, 1)
    fair.event.save()
    with pytest.raises(ValidationError):
        services.register(
            event=fair.event,
            firm=world.cooperative,
            role="supplier",
            user=None,
            representative="Ketua",
        )


def test_survey_invitations_go_six_months_after_the_event_once(fair, world):
    fair.a.email = "direktur@sinergi.example"
    fair.a.save()
    SurveyResponseFactory(registration=fair.b, result=SurveyResponse.Result.NONE)
    end = fair.event.ends_on
    assert surveys.send_due(end + timedelta(days=181)) == []
    sent = surveys.send_due(end + timedelta(days=182))
    assert set(sent) == {fair.a, fair.buyer}  # firm B already answered
    to_a = next(m for m in mail.outbox if "direktur@sinergi.example" in m.to)
    assert world.user("firm_a").email in to_a.to
    assert f"/temu-bisnis/{fair.event.pk}/survey/" in to_a.body
    told = Notification.objects.get(recipient=world.user("firm_a"), kind="survey")
    assert told.url == f"/temu-bisnis/{fair.event.pk}/survey/"
    assert surveys.send_due(end + timedelta(days=200)) == []  # once only
    # An event long past is not written to on a first run.
    Registration.objects.update(survey_invited_at=None)
    assert surveys.send_due(end + timedelta(days=400)) == []
