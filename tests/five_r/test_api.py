from datetime import date

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from rantai.five_r import services
from rantai.five_r.models import Audit, Photo
from tests.factories import AuditFactory, FirmFactory, fill, place
from tests.five_r.conftest import jpeg
from tests.five_r.test_photos import bomb
from tests.writes import fingerprint

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(world):
    def _client(persona):
        client = APIClient()
        token, _ = Token.objects.get_or_create(user=world.user(persona))
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return _client


def test_a_mentor_captures_and_submits_an_audit_through_the_api(world, five_r, api):
    client = api("mentor")
    response = client.post(
        "/api/v1/5r/audits/",
        {
            "firm": world.firm_a.pk,
            "program": five_r.program.pk,
            "area": "Lantai produksi",
            "phase": "baseline",
            "date": "2022-09-12",
            "template": five_r.template.pk,
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    audit_id = response.json()["id"]
    for item in five_r.items:
        score = 0 if item.code == "RK1" else 3
        reply = client.post(
            f"/api/v1/5r/audits/{audit_id}/answers/",
            {"item": item.pk, "score": score},
            format="json",
        )
        assert reply.status_code == 200
    photo = client.post(
        f"/api/v1/5r/audits/{audit_id}/photos/",
        {"item": five_r.items[0].pk, "kind": "before", "photo": jpeg()},
        format="multipart",
    )
    assert photo.status_code == 201 and photo.json()["width"] == 800
    submitted = client.post(f"/api/v1/5r/audits/{audit_id}/submit/")
    assert submitted.status_code == 200 and submitted.json()["status"] == "submitted"
    assert len(submitted.json()["photos"]) == 1
    late = client.post(
        f"/api/v1/5r/audits/{audit_id}/answers/",
        {"item": five_r.items[0].pk, "score": 4},
        format="json",
    )
    assert late.status_code == 403


def test_bad_answers_are_refused(world, five_r, audit_of_a, api):
    reply = api("mentor").post(
        f"/api/v1/5r/audits/{audit_of_a.pk}/answers/",
        {"item": five_r.items[0].pk, "score": 7},
        format="json",
    )
    assert reply.status_code == 400
    reply = api("mentor").post(
        f"/api/v1/5r/audits/{audit_of_a.pk}/photos/",
        {"photo": jpeg().__class__("x.jpg", b"nope")},
        format="multipart",
    )
    assert reply.status_code == 400 and "photo" in reply.json()


@pytest.mark.parametrize(
    ("persona", "count"),
    [
        ("firm_a", 1),
        ("firm_b", 0),
        ("mentor", 1),
        ("officer", 1),
        ("far_officer", 0),
        ("outsider", 0),
    ],
)
def test_audits_are_listed_to_whom_they_belong(world, five_r, audit_of_a, api, persona, count):
    assert api(persona).get("/api/v1/5r/audits/").json()["count"] == count


def test_firm_updates_its_action_and_another_firm_cannot(world, five_r, audit_of_a, api):
    fill(audit_of_a, five_r.items, world.user("mentor"), low_codes=("RK1",))
    services.submit(audit=audit_of_a, user=world.user("mentor"))
    action = Audit.objects.get().actions.get()
    assert (
        api("firm_b")
        .patch(f"/api/v1/5r/actions/{action.pk}/", {"status": "in_progress"}, format="json")
        .status_code
        == 404
    )
    reply = api("firm_a").patch(
        f"/api/v1/5r/actions/{action.pk}/", {"status": "done"}, format="json"
    )
    assert reply.status_code == 400  # closing needs a note or a photo
    reply = api("firm_a").patch(
        f"/api/v1/5r/actions/{action.pk}/",
        {"status": "done", "closing_note": "Rak baru dipasang"},
        format="json",
    )
    assert reply.status_code == 200 and reply.json()["closed_at"]


def test_checklists_are_documents_and_officers_post_new_versions(world, five_r, api):
    listing = api("firm_a").get("/api/v1/5r/checklists/").json()
    document = listing["results"][0]
    assert document["format"] == "rantai-5r-template" and len(document["sections"]) == 5
    document.pop("id")
    assert api("firm_a").post("/api/v1/5r/checklists/", document, format="json").status_code == 403
    created = api("officer").post("/api/v1/5r/checklists/", document, format="json")
    assert created.status_code == 201 and created.json()["version"] == document["version"] + 1
    broken = dict(document, sections=[])
    assert api("officer").post("/api/v1/5r/checklists/", broken, format="json").status_code == 400


def test_programs_are_created_by_officers_in_their_remit(world, five_r, api):
    payload = {
        "name": "5R Slawi 2023",
        "organiser": world.regency.pk,
        "region": "33.28",
        "starts_on": "2023-03-01",
        "ends_on": "2023-04-01",
        "template": five_r.template.pk,
        "mentors": [world.user("mentor").pk],
    }
    assert api("officer").post("/api/v1/5r/programs/", payload, format="json").status_code == 201
    assert (
        api("far_officer").post("/api/v1/5r/programs/", payload, format="json").status_code == 403
    )
    assert api("mentor").post("/api/v1/5r/programs/", payload, format="json").status_code == 403


def test_the_api_refuses_a_picture_bomb_and_writes_nothing(world, five_r, audit_of_a, api):
    reply = api("mentor").post(
        f"/api/v1/5r/audits/{audit_of_a.pk}/photos/",
        {"item": five_r.items[0].pk, "kind": "before", "photo": bomb()},
        format="multipart",
    )
    assert reply.status_code == 400
    assert "megapi" in reply.json()["photo"][0]
    assert not Photo.objects.exists()


def test_an_answer_without_a_score_is_saved_empty_not_a_server_error(world, five_r, api):
    """Defect 8: POST .../answers/ with no score raised a TypeError (HTTP 500)."""
    audit = AuditFactory(
        firm=world.firm_a,
        template=five_r.template,
        area="Gudang",
        phase=Audit.Phase.BASELINE,
        program=five_r.program,
        date=date(2022, 9, 12),
        auditors=[world.user("mentor")],
    )
    item = five_r.items[0]
    response = api("mentor").post(
        f"/api/v1/5r/audits/{audit.pk}/answers/", {"item": item.pk}, format="json"
    )
    assert response.status_code == 200, response.content
    assert response.json()["score"] is None
    bad = api("mentor").post(
        f"/api/v1/5r/audits/{audit.pk}/answers/", {"item": item.pk, "score": "x"}, format="json"
    )
    assert bad.status_code == 400 and "score" in bad.json()


def test_a_program_cannot_end_before_it_starts_through_the_api(world, five_r, api):
    """Found by the API fuzz: a 500 from the database's check, now the model's own 400."""
    url = f"/api/v1/5r/programs/{five_r.program.pk}/"
    before = fingerprint()
    response = api("officer").patch(url, {"ends_on": "2022-02-01"}, format="json")
    assert response.status_code == 400
    assert response.json() == {"ends_on": ["Program tidak dapat berakhir sebelum dimulai."]}
    assert fingerprint() == before


def test_an_officer_cannot_move_a_program_out_of_his_remit_through_the_api(world, five_r, api):
    """Defect 9: the page refuses the same change."""
    url = f"/api/v1/5r/programs/{five_r.program.pk}/"
    before = five_r.program.region_id
    response = api("officer").patch(url, {"region": "33.74"}, format="json")
    assert response.status_code == 403
    five_r.program.refresh_from_db()
    assert five_r.program.region_id == before
    assert (
        api("officer").patch(url, {"name": "Pendampingan 5R Tegal"}, format="json").status_code
        == 200
    )
    assert api("far_officer").patch(url, {"name": "x"}, format="json").status_code == 404
    # Nor create one outside it.
    created = api("officer").post(
        "/api/v1/5r/programs/",
        {
            "name": "Di luar",
            "organiser": world.regency.pk,
            "region": "33.74",
            "starts_on": "2022-09-01",
            "ends_on": "2022-10-31",
            "template": five_r.template.pk,
        },
        format="json",
    )
    assert created.status_code == 403, created.json()


def test_the_program_participants_are_set_through_the_api_as_on_the_page(
    world, five_r, audit_of_a, api
):
    """The same service as the program form: firm A (audited in the program) stays."""
    firm_c = FirmFactory(name="CV Cor Logam Talang")
    response = api("officer").post(
        f"/api/v1/5r/programs/{five_r.program.pk}/participants/",
        {"participants": [firm_c.pk]},
        format="json",
    )
    assert response.status_code == 200, response.json()
    assert sorted(response.json()["participants"]) == sorted([world.firm_a.pk, firm_c.pk])
    assert set(five_r.program.participants.all()) == {world.firm_a, firm_c}


@pytest.mark.parametrize(
    ("persona", "firm", "status"),
    [
        ("firm_a", "ikm", 403),  # a participant sees the program but may not change it
        ("mentor", "ikm", 403),
        ("far_officer", "ikm", 404),
        ("officer", "semarang", 400),  # a firm outside the officer's remit
        ("officer", "cooperative", 400),  # not an IKM
    ],
)
def test_a_refused_participants_call_writes_nothing(world, five_r, api, persona, firm, status):
    chosen = {
        "ikm": lambda: FirmFactory(name="CV Cor Logam Talang"),
        "semarang": lambda: FirmFactory(name="CV Semarang", **place("33.74.05.1001")),
        "cooperative": lambda: world.cooperative,
    }[firm]()
    before = fingerprint()
    response = api(persona).post(
        f"/api/v1/5r/programs/{five_r.program.pk}/participants/",
        {"participants": [chosen.pk]},
        format="json",
    )
    assert response.status_code == status
    if status == 400:
        assert list(response.json()) == ["participants"]
    assert fingerprint() == before
    assert set(five_r.program.participants.all()) == {world.firm_a, world.firm_b}


@pytest.mark.parametrize(("body", "kind"), [({}, "json"), ({}, "multipart"), ([1], "json")])
def test_participants_must_be_sent_even_empty(world, five_r, api, body, kind):
    """A form without the list would otherwise read as "no participants" and remove them."""
    before = fingerprint()
    response = api("officer").post(
        f"/api/v1/5r/programs/{five_r.program.pk}/participants/", body, format=kind
    )
    assert response.status_code == 400
    assert fingerprint() == before
    emptied = api("officer").post(
        f"/api/v1/5r/programs/{five_r.program.pk}/participants/",
        {"participants": []},
        format="json",
    )
    assert emptied.status_code == 200 and emptied.json()["participants"] == []
