import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from rantai.partnerships.models import Partnership, SupplyLink
from tests.factories import pdf_upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def api():
    def _client(user):
        client = APIClient()
        token, _ = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
        return client

    return _client


def test_record_upload_sign_and_activate_through_the_api(api, chain, world):
    client = api(world.user("officer"))
    response = client.post(
        "/api/v1/partnerships/",
        {
            "supplier": world.firm_b.pk,
            "buyer": chain.buyer.pk,
            "kind": "tier2_supply",
            "scope": "Bracket las",
            "estimated_value": "845000000",
            "starts_on": "2022-10-03",
            "ends_on": "2027-10-02",
            "signed_on": "2022-10-03",
            "facilitators": [world.ministry.pk],
            "witnesses": [{"position": "Asisten", "institution": "Pemkab Tegal"}],
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    pk = response.json()["id"]
    assert response.json()["witnesses"] == [
        {"name": "", "position": "Asisten", "institution": "Pemkab Tegal"}
    ]
    early = client.post(f"/api/v1/partnerships/{pk}/status/", {"status": "signed"}, format="json")
    assert early.status_code == 400 and "PDF" in str(early.json())
    upload = client.post(
        f"/api/v1/partnerships/{pk}/documents/",
        {"kind": "signed", "title": "PKS", "file": pdf_upload()},
        format="multipart",
    )
    assert upload.status_code == 201, upload.json()
    for status in ("signed", "active"):
        done = client.post(f"/api/v1/partnerships/{pk}/status/", {"status": status}, format="json")
        assert done.status_code == 200 and done.json()["status"] == status
    assert done.json()["tier"] == 2
    locked = client.patch(f"/api/v1/partnerships/{pk}/", {"scope": "x"}, format="json")
    assert locked.status_code == 400
    assert Partnership.objects.get(pk=pk).scope == "Bracket las"


def test_lists_hold_only_what_the_user_may_see(api, chain, world):
    assert [
        p["id"] for p in api(world.user("firm_a")).get("/api/v1/partnerships/").json()["results"]
    ] == [chain.deal.pk]
    assert api(world.user("firm_b")).get("/api/v1/partnerships/").json()["results"] == []
    assert (
        api(chain.other_buyer_user).get(f"/api/v1/partnerships/{chain.deal.pk}/").status_code == 404
    )
    filtered = api(world.user("admin")).get("/api/v1/partnerships/", {"status": "active"})
    assert filtered.json()["results"] == []


def test_a_firm_cannot_record_an_agreement_between_others(api, chain, world):
    """The add rule, asked of the agreement as it would be saved, refuses it (403, as every
    refused write); the page's form says why (test_views)."""
    response = api(world.user("firm_b")).post(
        "/api/v1/partnerships/",
        {"supplier": world.firm_a.pk, "buyer": chain.buyer.pk, "kind": "other", "scope": "x"},
        format="json",
    )
    assert response.status_code == 403
    assert Partnership.objects.count() == 1


def test_links_through_the_api_refuse_cycles_and_strangers(api, chain, world):
    client = api(chain.buyer_user)
    made = client.post(
        "/api/v1/supply-links/",
        {"buyer": chain.buyer.pk, "supplier": world.firm_a.pk, "tier": 2, "commodity": "Pin"},
        format="json",
    )
    assert made.status_code == 201, made.json()
    again = client.post(
        "/api/v1/supply-links/",
        {"buyer": chain.buyer.pk, "supplier": world.firm_a.pk, "tier": 3},
        format="json",
    )
    assert again.status_code == 201 and SupplyLink.objects.get(supplier=world.firm_a).tier == 3
    cycle = api(world.user("admin")).post(
        "/api/v1/supply-links/",
        {"buyer": world.firm_a.pk, "supplier": chain.oem.pk, "tier": 4},
        format="json",
    )
    assert cycle.status_code == 400
    stranger = api(world.user("firm_b")).post(
        "/api/v1/supply-links/",
        {"buyer": chain.buyer.pk, "supplier": world.firm_b.pk, "tier": 2},
        format="json",
    )
    assert stranger.status_code == 403
    assert SupplyLink.objects.count() == 2
    tiers = api(world.user("outsider")).get("/api/v1/supply-links/", {"tier": 1}).json()
    assert [r["supplier_name"] for r in tiers["results"]] == ["PT Jateng Presisi Otomotif"]


def test_nobody_moves_an_agreement_out_of_his_reach(api, chain, world, login):
    """The API asked change_partnership of the agreement as it was, not as it would be saved:
    the Tegal officer could hand a draft to two firms outside his remit (and lose sight of it).
    Now the rule is asked of the changed agreement, in the API (403) and on the page."""
    url = f"/api/v1/partnerships/{chain.deal.pk}/"
    officer = api(world.user("officer"))
    moved = officer.patch(url, {"supplier": chain.other_buyer.pk}, format="json")
    assert moved.status_code == 403
    kept = officer.patch(url, {"scope": "Bushing dan pin"}, format="json")
    assert kept.status_code == 200, kept.json()
    chain.deal.refresh_from_db()
    assert (chain.deal.supplier, chain.deal.scope) == (world.firm_a, "Bushing dan pin")
    firm = api(world.user("firm_a"))
    assert firm.patch(url, {"supplier": world.firm_b.pk}, format="json").status_code == 403
    assert Partnership.objects.get(pk=chain.deal.pk).supplier == world.firm_a


def test_orders_name_only_agreements_and_lines_the_client_may_see(api, chain, world):
    """Naming another buyer's agreement or order line is an unknown id (400): a 403 would tell
    that it exists."""
    other = api(chain.other_buyer_user)
    order = other.post(
        "/api/v1/orders/",
        {"partnership": chain.deal.pk, "number": "X", "ordered_on": "2024-01-02", "lines": []},
        format="json",
    )
    assert order.status_code == 400 and "partnership" in order.json()
