"""The call-off API as a buyer's system and a supplier use it, and as others are refused."""

from decimal import Decimal

import pytest
from rest_framework.test import APIClient

from rantai.calloffs.models import CallOff
from tests.calloffs.conftest import release
from tests.writes import fingerprint

pytestmark = pytest.mark.django_db

BASE = "/api/v1/call-offs/"


def api(user):
    client = APIClient()
    client.force_authenticate(user)
    return client


def body(supply, **changes):
    return {
        "partnership": supply.deal.pk,
        "part_number": "BS-12",
        "description": "Bushing baja suspensi",
        "quantity": "500",
        "unit": "pcs",
        "unit_price": "4500",
        "due_on": "2026-06-22",
        "window_from": "08:00",
        "window_to": "10:00",
        "delivery_point": "Gudang penerimaan, Gerbang 2",
    } | changes


def test_a_buyers_system_releases_changes_and_reads_the_answer(world, supply):
    buyer = api(supply.buyer_user)
    created = buyer.post(BASE, body(supply), format="json")
    assert created.status_code == 201, created.json()
    data = created.json()
    assert (data["number"], data["status"], data["ack_due_at"]) == (
        "CO-260615-001",
        "released",
        "2026-06-15T14:00:00+07:00",
    )
    pk = data["id"]

    supplier = api(world.user("firm_a"))
    assert [r["id"] for r in supplier.get(BASE).json()["results"]] == [pk]
    answered = supplier.post(f"{BASE}{pk}/propose/", {"quantity": "450", "note": "Bahan baku"})
    assert answered.json()["status"] == "proposed"
    assert buyer.post(f"{BASE}{pk}/accept/").json()["quantity"] == "450.00"

    changed = buyer.post(f"{BASE}{pk}/change/", {"quantity": "480", "reason": "Revisi MRP"})
    assert (changed.json()["quantity"], changed.json()["status"]) == ("480.00", "released")
    assert supplier.post(f"{BASE}{pk}/acknowledge/").json()["status"] == "acknowledged"
    assert buyer.get(f"{BASE}{pk}/").json()["acknowledged_at"] is not None


def test_bad_input_is_a_400_with_the_reason_and_writes_nothing(world, supply):
    buyer = api(supply.buyer_user)
    before = fingerprint()
    for changes, field in (
        ({"quantity": "0"}, "quantity"),
        ({"quantity": "-3"}, "quantity"),
        ({"due_on": "2026-06-01"}, "due_on"),
        ({"kanban_cards": 4}, "card_quantity"),
    ):
        answer = buyer.post(BASE, body(supply, **changes), format="json")
        assert answer.status_code == 400 and field in answer.json(), (changes, answer.json())
    assert fingerprint() == before


def test_the_supplier_cannot_release_or_change_and_others_do_not_see(world, supply):
    call_off = release(supply)
    url = f"{BASE}{call_off.pk}/"
    before = fingerprint()
    supplier = api(world.user("firm_a"))
    assert supplier.post(BASE, body(supply), format="json").status_code == 403
    assert supplier.post(f"{url}change/", {"reason": "x", "quantity": "1"}).status_code == 403
    assert supplier.post(f"{url}cancel/", {"reason": "x"}).status_code == 403
    buyer = api(supply.buyer_user)
    assert buyer.post(f"{url}acknowledge/").status_code == 403
    for persona in ("firm_b", "officer", "far_officer", "outsider"):
        client = api(world.user(persona))
        assert client.get(url).status_code == 404, persona
        assert client.post(f"{url}acknowledge/").status_code == 404, persona
    other = api(supply.other_buyer_user)
    assert other.get(url).status_code == 404
    assert other.post(BASE, body(supply), format="json").status_code == 400  # not his agreement
    assert fingerprint() == before
    assert api(world.user("coop_manager")).get(url).status_code == 200  # a member's call-off


def test_officers_see_call_offs_once_both_firms_share_their_performance(world, supply):
    call_off = release(supply)
    supply.deal.share_performance = True
    supply.deal.save(update_fields=["share_performance"])
    for persona in ("officer", "far_officer"):
        assert api(world.user(persona)).get(f"{BASE}{call_off.pk}/").status_code == 200
    assert CallOff.objects.get().quantity == Decimal("500")
