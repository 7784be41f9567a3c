from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.management import call_command
from django.db import connection, connections
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from rantai.firms.models import Capability, Certification, Firm
from tests.factories import DAMPYAK, CapabilityFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def api(world):
    def _client(persona):
        client = APIClient()
        user = world.user(persona)
        if user is not None:
            token, _ = Token.objects.get_or_create(user=user)
            client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return _client


def test_anonymous_gets_nothing(api):
    response = api("anonymous").get("/api/v1/firms/")
    assert response.status_code == 401


def test_firm_list_hides_private_fields_per_firm(api, world):
    data = api("firm_a").get("/api/v1/firms/", {"kind": "ikm"}).json()
    by_name = {f["name"]: f for f in data["results"]}
    assert data["count"] == 2
    assert by_name["PT Sinergi Mandiri Teknikatama"]["npwp"] == "012345678901234"
    assert by_name["PT Sinergi Mandiri Teknikatama"]["private"] is True
    assert "npwp" not in by_name["CV Baja Slawi"] and "investment" not in by_name["CV Baja Slawi"]
    assert by_name["CV Baja Slawi"]["private"] is False


def test_filters_and_ordering_work_as_on_the_page(api, world):
    data = (
        api("outsider")
        .get("/api/v1/firms/", {"regency": "33.28", "province": "33", "district": "33.28.10"})
        .json()
    )
    assert [f["name"] for f in data["results"]] == ["CV Baja Slawi"]
    data = api("outsider").get("/api/v1/firms/", {"ordering": "-name", "kind": "ikm"}).json()
    assert [f["name"] for f in data["results"]] == [
        "PT Sinergi Mandiri Teknikatama",
        "CV Baja Slawi",
    ]


def test_officer_creates_a_firm_in_the_remit(api, world):
    payload = {
        "kind": "ikm",
        "name": "CV Api Presisi",
        "nib": "9120399999999",
        "village": DAMPYAK,
        "kbli": ["25920"],
        "workforce": 7,
        "investment": 300000000,
    }
    response = api("officer").post("/api/v1/firms/", payload, format="json")
    assert response.status_code == 201, response.json()
    firm = Firm.objects.get(nib="9120399999999")
    assert (firm.regency_id, firm.industry_size) == ("33.28", "small")
    assert response.json()["district"] == "33.28.15"


@pytest.mark.parametrize(
    ("persona", "status"), [("far_officer", 403), ("firm_a", 403), ("outsider", 403)]
)
def test_others_cannot_create_there(api, persona, status):
    payload = {"kind": "ikm", "name": "CV Api Presisi", "nib": "9120399999999", "village": DAMPYAK}
    assert api(persona).post("/api/v1/firms/", payload, format="json").status_code == status
    assert not Firm.objects.filter(nib="9120399999999").exists()


def test_bad_input_gets_field_errors_and_changes_nothing(api, world):
    response = api("officer").patch(
        f"/api/v1/firms/{world.firm_a.pk}/", {"nib": "12", "latitude": "95"}, format="json"
    )
    assert response.status_code == 400
    assert set(response.json()) >= {"nib", "latitude"}
    world.firm_a.refresh_from_db()
    assert world.firm_a.nib != "12"


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("firm_a", 200),
        ("officer", 200),
        ("firm_b", 403),
        ("mentor", 403),
        ("far_officer", 403),
        ("admin", 200),
    ],
)
def test_who_may_update_firm_a(api, world, persona, status):
    response = api(persona).patch(
        f"/api/v1/firms/{world.firm_a.pk}/", {"workforce": 30}, format="json"
    )
    assert response.status_code == status
    world.firm_a.refresh_from_db()
    assert (world.firm_a.workforce == 30) is (status == 200)


def test_delete_is_soft_and_for_officers_only(api, world):
    assert api("firm_a").delete(f"/api/v1/firms/{world.firm_a.pk}/").status_code == 403
    assert api("officer").delete(f"/api/v1/firms/{world.firm_a.pk}/").status_code == 204
    assert Firm.objects.deleted().filter(pk=world.firm_a.pk).exists()
    assert api("officer").get(f"/api/v1/firms/{world.firm_a.pk}/").status_code == 404


def test_capabilities_are_written_only_by_those_who_may_change_the_firm(api, world):
    payload = {
        "firm": world.firm_a.pk,
        "process": "cnc-milling",
        "materials": ["aluminium"],
        "tolerance": 4,
        "in_house": True,
    }
    assert api("firm_b").post("/api/v1/capabilities/", payload, format="json").status_code == 403
    response = api("firm_a").post("/api/v1/capabilities/", payload, format="json")
    assert response.status_code == 201
    assert api("firm_a").post("/api/v1/capabilities/", payload, format="json").status_code == 400
    capability = Capability.objects.get(firm=world.firm_a)
    assert list(capability.materials.values_list("code", flat=True)) == ["aluminium"]
    assert api("firm_b").delete(f"/api/v1/capabilities/{capability.pk}/").status_code == 403
    # Moving a capability to a firm one may not change is refused too.
    response = api("firm_a").patch(
        f"/api/v1/capabilities/{capability.pk}/", {"firm": world.firm_b.pk}, format="json"
    )
    assert response.status_code == 403


def test_capability_list_filters_by_process(api, world):
    CapabilityFactory(firm=world.firm_a, process_id="turning")
    CapabilityFactory(firm=world.firm_b, process_id="sand-casting")
    data = api("outsider").get("/api/v1/capabilities/", {"process": "sand-casting"}).json()
    assert [c["firm"] for c in data["results"]] == [world.firm_b.pk]


def test_certification_dates_are_validated(api, world):
    payload = {
        "firm": world.firm_a.pk,
        "scheme": "iso9001",
        "issuer": "TÜV NORD Indonesia",
        "issued_on": "2024-01-01",
        "expires_on": "2023-01-01",
    }
    response = api("firm_a").post("/api/v1/certifications/", payload, format="json")
    assert response.status_code == 400 and "expires_on" in response.json()
    assert not Certification.objects.exists()


def test_organisations_lists_my_organisations_with_my_roles(api, world):
    data = api("officer").get("/api/v1/organisations/").json()
    assert [
        (o["name"], o["my_roles"][0]["role"], o["my_roles"][0]["region"]) for o in data["results"]
    ] == [("Pemerintah Kabupaten Tegal", "officer", "33.28")]


def test_the_schema_is_valid_openapi(tmp_path):
    path = tmp_path / "schema.yaml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(path))
    assert "/api/v1/firms/" in path.read_text()


# Defect 7: lost updates.
def test_a_write_naming_an_old_version_is_refused_with_412(api, world):
    client = api("firm_a")
    url = f"/api/v1/firms/{world.firm_a.pk}/"
    read = client.get(url)
    tag = read["ETag"]
    assert client.patch(url, {"workforce": 12}, format="json", HTTP_IF_MATCH=tag).status_code == 200
    stale = client.patch(url, {"description": "Bubut CNC"}, format="json", HTTP_IF_MATCH=tag)
    assert stale.status_code == 412
    assert "diubah" in stale.json()["detail"] or "changed" in stale.json()["detail"]
    firm = Firm.objects.get(pk=world.firm_a.pk)
    assert firm.workforce == 12 and firm.description != "Bubut CNC"


def test_two_writers_of_different_fields_keep_both_changes(api, world):
    """Each PATCH writes only what it sent: a writer holding an old copy of the firm cannot put
    back the field the other just changed."""
    url = f"/api/v1/firms/{world.firm_a.pk}/"
    assert api("firm_a").patch(url, {"description": "Fabrikasi"}, format="json").status_code == 200
    assert api("officer").patch(url, {"workforce": 44}, format="json").status_code == 200
    firm = Firm.objects.get(pk=world.firm_a.pk)
    assert (firm.description, firm.workforce) == ("Fabrikasi", 44)


@pytest.mark.django_db(transaction=True)
def test_concurrent_patches_lose_nothing(world):
    """20 concurrent PATCHes, half to the description and half to the workforce (the report's
    reproduction): both kinds of change survive every round."""

    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL; SQLite serialises writers with BEGIN IMMEDIATE")
    token, _ = Token.objects.get_or_create(user=world.user("firm_a"))
    url = f"/api/v1/firms/{world.firm_a.pk}/"

    def patch(n):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        body = {"description": f"Deskripsi {n}"} if n % 2 else {"workforce": 100 + n}
        try:
            return client.patch(url, body, format="json").status_code
        finally:
            connections.close_all()

    for round_ in range(3):
        Firm.objects.filter(pk=world.firm_a.pk).update(description="awal", workforce=1)
        with ThreadPoolExecutor(max_workers=10) as pool:
            statuses = list(pool.map(patch, range(20)))
        assert statuses == [200] * 20, round_
        firm = Firm.objects.get(pk=world.firm_a.pk)
        assert firm.description != "awal" and firm.workforce != 1, round_
