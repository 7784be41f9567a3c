import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from rantai.matchmaking import services
from rantai.matchmaking.models import MeetingRequest, Need

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(world, fair):
    def _client(user):
        client = APIClient()
        token, _ = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return _client


def test_the_buyer_posts_a_need_and_gets_recommendations(api, fair, world):
    client = api(fair.buyer_user)
    response = client.post(
        "/api/v1/needs/",
        {
            "event": fair.event.pk,
            "title": "Poros presisi",
            "processes": ["cnc-turning"],
            "tolerance": 4,
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    need_id = response.json()["id"]
    ranked = client.get(f"/api/v1/needs/{need_id}/recommendations/").json()
    assert [r["name"] for r in ranked] == ["PT Sinergi Mandiri Teknikatama", "CV Baja Slawi"]
    assert ranked[0]["parts"]["process"] == 35.0
    assert (
        api(world.user("firm_a")).get(f"/api/v1/needs/{need_id}/recommendations/").status_code
        == 403
    )
    assert api(world.user("outsider")).get(f"/api/v1/needs/{need_id}/").status_code == 404
    assert (
        api(world.user("firm_a"))
        .post(
            "/api/v1/needs/",
            {"event": fair.event.pk, "title": "x", "processes": ["turning"]},
            format="json",
        )
        .status_code
        == 403
    )


def test_requests_are_made_and_answered_through_the_api(api, fair, world):
    response = api(fair.buyer_user).post(
        "/api/v1/meeting-requests/", {"recipient": fair.a.pk, "interest": 3}, format="json"
    )
    assert response.status_code == 201
    request_id = response.json()["id"]
    assert (
        api(world.user("firm_b"))
        .post(f"/api/v1/meeting-requests/{request_id}/answer/", {"accept": True}, format="json")
        .status_code
        == 404
    )
    answered = api(world.user("firm_a")).post(
        f"/api/v1/meeting-requests/{request_id}/answer/", {"accept": True}, format="json"
    )
    assert answered.status_code == 200 and answered.json()["status"] == "accepted"
    bad = api(fair.buyer_user).post(
        "/api/v1/meeting-requests/", {"recipient": fair.buyer.pk, "interest": 3}, format="json"
    )
    assert bad.status_code == 400


def test_the_schedule_is_the_organisers_and_each_participant_sees_its_own_once_published(
    api, fair, world
):
    for supplier in (fair.a, fair.b):
        services.respond(
            request=services.request_meeting(requester=fair.buyer, recipient=supplier, interest=1),
            accept=True,
        )
    services.run_scheduler(event=fair.event, seconds=1)
    assert api(world.user("officer")).get("/api/v1/schedule/").json()["count"] == 2
    assert api(world.user("firm_a")).get("/api/v1/schedule/").json()["count"] == 0  # not published
    services.publish(event=fair.event)
    mine = api(world.user("firm_a")).get("/api/v1/schedule/").json()
    assert mine["count"] == 1 and mine["results"][0]["table"] >= 1
    assert api(world.user("outsider")).get("/api/v1/schedule/").json()["count"] == 0
    meeting_id = mine["results"][0]["id"]
    recorded = api(world.user("firm_a")).post(
        "/api/v1/outcomes/",
        {"meeting": meeting_id, "stage": "sample", "note": "50 pcs"},
        format="json",
    )
    assert recorded.status_code == 201
    assert (
        api(world.user("firm_b"))
        .post("/api/v1/outcomes/", {"meeting": meeting_id, "stage": "sample"}, format="json")
        .status_code
        == 403
    )
    assert api(world.user("officer")).get("/api/v1/outcomes/").json()["count"] == 1


def test_events_are_made_by_officers_for_their_own_organisation(api, fair, world):
    payload = {
        "name": "Temu Bisnis 2022",
        "organiser": world.regency.pk,
        "venue": "Slawi",
        "starts_on": "2022-11-01",
        "ends_on": "2022-11-01",
    }
    assert (
        api(world.user("officer")).post("/api/v1/events/", payload, format="json").status_code
        == 201
    )
    assert (
        api(world.user("far_officer")).post("/api/v1/events/", payload, format="json").status_code
        == 403
    )
    assert (
        api(world.user("firm_a")).post("/api/v1/events/", payload, format="json").status_code == 403
    )


def test_offers_are_for_participants(api, fair, world):
    assert api(world.user("firm_a")).get("/api/v1/offers/").json()["count"] == 3
    assert api(world.user("outsider")).get("/api/v1/offers/").json()["count"] == 0
    assert MeetingRequest.objects.count() == 0 and Need.objects.count() == 0


def test_the_organiser_cannot_hand_an_event_to_an_organisation_it_is_not_in(api, fair, world):
    """The API asked the rule of the event as it was, so a change of organiser was never
    checked: the event could be given to any organisation."""
    client = api(world.user("officer"))
    url = f"/api/v1/events/{fair.event.pk}/"
    refused = client.patch(url, {"organiser": world.semarang.pk}, format="json")
    assert refused.status_code == 403
    fair.event.refresh_from_db()
    assert fair.event.organiser == world.regency
    assert client.patch(url, {"venue": "Slawi"}, format="json").status_code == 200
    assert api(world.user("firm_a")).patch(url, {"venue": "x"}, format="json").status_code == 403
