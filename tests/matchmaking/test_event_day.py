"""On the event day: a participant drops out and the rest of the day is re-planned."""

from datetime import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from rantai.core.models import Job
from rantai.engines import scheduling as s
from rantai.inbox.models import Notification
from rantai.matchmaking import agenda, services
from rantai.matchmaking.models import Meeting
from tests.conftest import JAKARTA
from tests.factories import FirmFactory, MembershipFactory, RegistrationFactory, UserFactory
from tests.writes import fingerprint

pytestmark = pytest.mark.django_db

# ---- the engine ------------------------------------------------------------------------------


def day(slots, tables, people, requests):
    return s.Instance(
        slots,
        tables,
        {p: frozenset(u) for p, u in people.items()},
        tuple(s.Request(rid, a, b, priority) for rid, a, b, priority in requests),
    )


def test_a_freed_place_takes_the_request_that_did_not_fit_without_moving_anyone():
    """One table, three slots: AB (running), CE, CD were published; AC did not fit. E drops
    out at slot 1 (CE is dropped): AC takes its place, nobody moves."""
    inst = day(
        3,
        1,
        {p: [] for p in "ABCDE"},
        [("AB", "A", "B", 1), ("CE", "C", "E", 1), ("CD", "C", "D", 1), ("AC", "A", "C", 3)],
    )
    placed = {"AB": (0, 0), "CD": (2, 0)}  # CE was dropped with E
    rest, current = s.rest_of_day(inst, placed, 1, 3, {"E"})
    assert current == {"CD": (2, 0)}
    assert {r.id: r.fixed_slot for r in rest.requests} == {"AB": 0, "CD": None, "AC": None}
    result = s.replan(rest, current)
    assert {m.request: (m.slot, m.table) for m in result.meetings} == {
        "AB": (0, 0),
        "AC": (1, 0),
        "CD": (2, 0),
    }
    assert (result.added, result.moved, result.status) == (["AC"], [], "optimal")


def test_placing_more_comes_first_then_the_fewest_moves():
    """One table, three slots, nothing started: XE, AB, CD are published. AY did not fit: Y can
    only meet at slot 1, where A meets B. With E gone, AB moves to slot 0 so that AY fits; CD
    stays."""
    inst = day(
        3,
        1,
        {"A": [], "B": [], "C": [], "D": [], "E": [], "X": [], "Y": [0, 2]},
        [("XE", "X", "E", 1), ("AB", "A", "B", 1), ("CD", "C", "D", 1), ("AY", "A", "Y", 3)],
    )
    placed = {"AB": (1, 0), "CD": (2, 0)}  # XE was dropped with E
    rest, current = s.rest_of_day(inst, placed, 0, 3, {"E"})
    result = s.replan(rest, current)
    assert {m.request: m.slot for m in result.meetings} == {"AB": 0, "AY": 1, "CD": 2}
    assert (result.added, result.moved) == (["AY"], ["AB"])


def test_the_remaining_meetings_of_an_absent_participant_still_hold_their_place():
    inst = day(
        3,
        2,
        {p: [] for p in "ABCD"},
        [("AB", "A", "B", 1), ("AC", "A", "C", 1), ("BD", "B", "D", 2)],
    )
    placed = {"AB": (0, 0), "AC": (2, 0)}
    rest, current = s.rest_of_day(inst, placed, 1, 3, {"A"})
    assert current == {} and {r.id: r.fixed_slot for r in rest.requests}["AC"] == 2
    result = s.replan(rest, current)
    assert {m.request: m.slot for m in result.meetings}["AC"] == 2
    assert result.added == ["BD"]


# ---- the service and the page ----------------------------------------------------------------


def at(hour, minute):
    return datetime(2021, 11, 23, hour, minute, tzinfo=JAKARTA)


def published_day(fair, clock):
    """Published: the buyer meets firm A at 09:40 (slot 2, pinned there). Firm C, a third
    supplier, is only free at 09:40, so its accepted request did not fit. The clock stands at
    09:25 on the day (slot 1 running). Returns A's meeting, C's request, C and C's user."""
    ra = services.respond(
        request=services.request_meeting(requester=fair.buyer, recipient=fair.a, interest=3),
        accept=True,
    )
    services.run_scheduler(event=fair.event, seconds=2)
    slots = list(fair.event.slots.all())
    meeting_a = Meeting.objects.get(request=ra)
    services.move_meeting(meeting=meeting_a, slot=slots[2], table=0)
    c_firm = FirmFactory(name="CV Logam Mulya Adiwerna")
    c_user = UserFactory(username="firm_c")
    MembershipFactory(user=c_user, organisation=c_firm)
    c = RegistrationFactory(event=fair.event, firm=c_firm)
    c.unavailable.set([slot for slot in slots if slot.index != 2])
    rc = services.respond(
        request=services.request_meeting(requester=fair.buyer, recipient=c, interest=3),
        accept=True,
    )
    services.publish(event=fair.event)
    clock.move_to(at(9, 25))
    return meeting_a, rc, c, c_user


@pytest.fixture
def day_with_c(fair, _pinned_clock):
    return fair, *published_day(fair, _pinned_clock)


@translation.override("en")
def test_a_no_show_frees_its_place_for_who_did_not_fit_and_the_affected_are_told(
    day_with_c, world, django_capture_on_commit_callbacks
):
    fair, meeting_a, rc, c, c_user = day_with_c
    assert not Meeting.objects.filter(request=rc).exists()
    dropped = services.drop_out(registration=fair.a, cancelled=False)
    assert dropped == [meeting_a]
    meeting_a.refresh_from_db()
    assert (meeting_a.status, meeting_a.absent) == (Meeting.Status.NO_SHOW, fair.a)
    with django_capture_on_commit_callbacks(execute=True):
        solution = services.replan_day(event=fair.event, dropped=dropped)
    added = Meeting.objects.get(request=rc)
    assert (added.slot.index, added.status) == (2, Meeting.Status.SCHEDULED)
    assert services.replan_words(solution) == (
        "The rest of the day is re-planned: 1 meeting added, 0 moved; 0 idle gaps."
    )
    told = Notification.objects.filter(kind=Notification.Kind.AGENDA_CHANGED)
    buyer_note = told.get(recipient=fair.buyer_user)  # in the buyer's language, Indonesian
    assert buyer_note.subject == "Agenda Anda di Temu Bisnis Tegal berubah"
    assert f"{fair.a.firm.name} tidak dapat hadir: pertemuan {meeting_a.slot}" in buyer_note.body
    assert f"Pertemuan dengan {c.firm.name}: {added.slot}, meja 1." in buyer_note.body
    assert told.get(recipient=c_user).body.count("Pertemuan dengan PT Jateng Presisi") == 1
    assert not told.filter(recipient=world.user("firm_a")).exists()  # the absent one
    # The firm's calendar file now holds the meeting.
    ics = agenda.ics(fair.event, c, agenda.meetings_of(c)).decode()
    assert f"UID:rantai-meeting-{rc.pk}@{fair.event.pk}" in ics


@translation.override("en")
def test_nothing_to_drop_or_nothing_left_is_explained(day_with_c, _pinned_clock):  # noqa: PT019
    fair, *_ = day_with_c
    with pytest.raises(ValidationError, match="has no meeting still to come"):
        services.drop_out(registration=fair.b, cancelled=False)
    _pinned_clock.move_to(at(12, 0))
    with pytest.raises(ValidationError, match="No time slot is left"):
        services.replan_day(event=fair.event)


def test_the_organiser_drops_a_participant_from_the_day_board(day_with_c, login, world, run_tasks):
    fair, meeting_a, rc, *_ = day_with_c
    client = login(world.user("officer"))
    board = client.get(reverse("matchmaking:day", args=[fair.event.pk]))
    assert "Tidak datang hari ini" in board.content.decode()
    with run_tasks():
        response = client.post(
            reverse("matchmaking:drop-out", args=[fair.event.pk]),
            {"registration": fair.a.pk, "why": "cancelled"},
        )
    job = Job.objects.get()
    assert response.url == job.get_absolute_url()
    job.refresh_from_db()
    assert job.has_succeeded, job.message
    assert "1 pertemuan ditambahkan" in job.message
    meeting_a.refresh_from_db()
    assert meeting_a.status == Meeting.Status.CANCELLED
    assert Meeting.objects.get(request=rc).slot.index == 2


@pytest.mark.parametrize("persona", ["buyer", "firm_a", "far_officer", "coop_manager"])
def test_only_the_organiser_drops_a_participant_and_a_refusal_writes_nothing(
    day_with_c, login, world, persona
):
    fair, *_ = day_with_c
    user = fair.buyer_user if persona == "buyer" else world.user(persona)
    before = fingerprint()
    response = login(user).post(
        reverse("matchmaking:drop-out", args=[fair.event.pk]),
        {"registration": fair.a.pk, "why": "no_show"},
    )
    assert response.status_code in (403, 404)
    assert fingerprint() == before


def test_a_participant_of_another_event_is_not_found(day_with_c, login, world):
    fair, *_ = day_with_c
    other = RegistrationFactory()
    before = fingerprint()
    response = login(world.user("officer")).post(
        reverse("matchmaking:drop-out", args=[fair.event.pk]),
        {"registration": other.pk, "why": "no_show"},
    )
    assert response.status_code == 404
    assert fingerprint() == before
