"""Outcomes with a follow-up, and marking it done: the meeting page and the API call the same
services and ask the same rules; a refusal writes nothing."""

from datetime import date

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from rantai.matchmaking import services
from rantai.matchmaking.models import FollowUp, Meeting, Outcome
from tests.writes import fingerprint

pytestmark = pytest.mark.django_db

TODAY = date(2026, 6, 15)  # the pinned clock (tests/conftest.py)


@pytest.fixture
def meeting(fair) -> Meeting:
    """The published meeting of the buyer and firm A."""
    services.respond(
        request=services.request_meeting(requester=fair.buyer, recipient=fair.a, interest=3),
        accept=True,
    )
    services.run_scheduler(event=fair.event, seconds=2)
    services.publish(event=fair.event)
    return Meeting.objects.get()


def api(user) -> APIClient:
    client = APIClient()
    token, _ = Token.objects.get_or_create(user=user)
    client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


def follow_up_of(meeting, fair) -> FollowUp:
    services.record_outcome(
        meeting=meeting,
        registration=fair.a,
        stage="quotation",
        note="",
        user=None,
        follow_up="Kirim sampel 50 pcs",
        due_on=date(2021, 12, 10),
    )
    return FollowUp.objects.get()


def test_the_page_records_an_outcome_with_its_follow_up_and_marks_it_done(
    meeting, fair, world, login
):
    client = login(world.user("firm_a"))
    response = client.post(
        meeting.get_absolute_url(),
        {
            "stage": "quotation",
            "note": "Penawaran dikirim",
            "follow_up": "Kirim sampel 50 pcs",
            "due_on": "2021-12-10",
        },
    )
    assert response["Location"] == meeting.get_absolute_url()
    outcome = Outcome.objects.get()
    assert (outcome.registration, outcome.stage, outcome.note) == (
        fair.a,
        "quotation",
        "Penawaran dikirim",
    )
    follow_up = FollowUp.objects.get()
    assert (
        follow_up.meeting,
        follow_up.registration,
        follow_up.description,
        follow_up.due_on,
        follow_up.done_on,
    ) == (meeting, fair.a, "Kirim sampel 50 pcs", date(2021, 12, 10), None)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.HELD

    response = client.post(meeting.get_absolute_url(), {"done": follow_up.pk})
    assert response["Location"] == meeting.get_absolute_url()
    follow_up.refresh_from_db()
    assert follow_up.done_on == TODAY


def test_a_follow_up_needs_its_due_date_and_nothing_is_written_without_it(meeting, world, login):
    before = fingerprint()
    response = login(world.user("firm_a")).post(
        meeting.get_absolute_url(), {"stage": "quotation", "follow_up": "Kirim sampel"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["due_on"] == ["Sebutkan tenggat tindak lanjut."]
    assert fingerprint() == before


@pytest.mark.parametrize("persona", ["firm_b", "officer", "admin", "buyer"])
def test_only_its_own_side_marks_a_follow_up_done_on_the_page(meeting, fair, world, login, persona):
    follow_up = follow_up_of(meeting, fair)
    user = fair.buyer_user if persona == "buyer" else world.user(persona)
    before = fingerprint()
    response = login(user).post(meeting.get_absolute_url(), {"done": follow_up.pk})
    # Firm B does not see the meeting; the organiser, the admin and the buyer see it, but are
    # not firm A's side.
    assert response.status_code == 404
    assert fingerprint() == before


def test_the_api_records_the_follow_up_with_the_outcome_and_marks_it_done(meeting, fair, world):
    client = api(world.user("firm_a"))
    response = client.post(
        "/api/v1/outcomes/",
        {
            "meeting": meeting.pk,
            "stage": "quotation",
            "note": "Penawaran dikirim",
            "follow_up": "Kirim sampel 50 pcs",
            "due_on": "2021-12-10",
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    follow_up = FollowUp.objects.get()
    listed = client.get("/api/v1/follow-ups/", {"meeting": meeting.pk}).json()["results"]
    assert listed == [
        {
            "id": follow_up.pk,
            "meeting": meeting.pk,
            "registration": fair.a.pk,
            "description": "Kirim sampel 50 pcs",
            "due_on": "2021-12-10",
            "done_on": None,
            "is_overdue": True,
        }
    ]
    done = client.post(f"/api/v1/follow-ups/{follow_up.pk}/done/")
    assert done.status_code == 200
    assert (done.json()["done_on"], done.json()["is_overdue"]) == ("2026-06-15", False)
    follow_up.refresh_from_db()
    assert follow_up.done_on == TODAY


def test_the_api_refuses_a_follow_up_without_its_due_date_and_writes_nothing(meeting, world):
    before = fingerprint()
    response = api(world.user("firm_a")).post(
        "/api/v1/outcomes/",
        {"meeting": meeting.pk, "stage": "quotation", "follow_up": "Kirim sampel"},
        format="json",
    )
    assert response.status_code == 400
    assert response.json() == {"due_on": ["Sebutkan tenggat tindak lanjut."]}
    assert fingerprint() == before


@pytest.mark.parametrize(
    ("persona", "status"), [("firm_b", 404), ("officer", 403), ("admin", 403), ("buyer", 403)]
)
def test_only_its_own_side_marks_a_follow_up_done_through_the_api(
    meeting, fair, world, persona, status
):
    follow_up = follow_up_of(meeting, fair)
    user = fair.buyer_user if persona == "buyer" else world.user(persona)
    before = fingerprint()
    response = api(user).post(f"/api/v1/follow-ups/{follow_up.pk}/done/")
    assert response.status_code == status
    assert fingerprint() == before
