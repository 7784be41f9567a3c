"""The call-off pages: the buyer releases and changes, the supplier answers, the board lists what
each may see and asks for news by itself; typed text stays text; refusals write nothing."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.urls import reverse

from rantai.calloffs import services
from rantai.calloffs.models import CallOff
from tests.calloffs.conftest import poll_of, release
from tests.factories.partnerships import PartnershipFactory
from tests.writes import fingerprint

pytestmark = pytest.mark.django_db


def form(**changes) -> dict:
    return {
        "number": "",
        "part_number": "BS-12",
        "drawing_revision": "C",
        "description": "Bushing baja suspensi",
        "quantity": "500",
        "unit": "pcs",
        "unit_price": "4500",
        "kanban_cards": "",
        "card_quantity": "",
        "due_on": "2026-06-22",
        "window_from": "08:00",
        "window_to": "10:00",
        "delivery_point": "Gudang penerimaan, Gerbang 2",
        "zone": "firm",
        "ack_hours": "4",
    } | changes


def test_the_buyer_releases_through_the_page(supply, login):
    client = login(supply.buyer_user)
    url = reverse("calloffs:create", args=[supply.deal.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, form())
    call_off = CallOff.objects.get()
    assert response.status_code == 302 and response["Location"] == call_off.get_absolute_url()
    assert (call_off.quantity, str(call_off.window_from)) == (Decimal("500"), "08:00:00")


def test_a_bad_form_says_why_and_writes_nothing(supply, login):
    client = login(supply.buyer_user)  # reads English (conftest)
    before = fingerprint()
    page = client.post(
        reverse("calloffs:create", args=[supply.deal.pk]),
        form(quantity="0", due_on="2026-06-01"),
    ).content.decode()
    assert fingerprint() == before
    assert "Nothing was saved." in page and "The due date is in the past." in page


def test_the_supplier_acknowledges_and_proposes_on_the_page(world, supply, login):
    call_off = release(supply)
    client = login(world.user("firm_a"))
    page = client.get(call_off.get_absolute_url()).content.decode()
    assert 'data-testid="acknowledge"' in page and 'data-testid="change"' not in page
    client.post(reverse("calloffs:acknowledge", args=[call_off.pk]))
    call_off.refresh_from_db()
    assert call_off.status == CallOff.Status.ACKNOWLEDGED
    client.post(
        reverse("calloffs:propose", args=[call_off.pk]),
        {"quantity": "450", "due_on": "", "note": "Kapasitas bubut penuh"},
    )
    call_off.refresh_from_db()
    assert (call_off.status, call_off.proposed_quantity) == (
        CallOff.Status.PROPOSED,
        Decimal("450"),
    )


def test_the_buyer_changes_accepts_and_cancels_on_the_page(world, supply, login):
    call_off = release(supply)
    services.propose(
        call_off=call_off, user=world.user("firm_a"), due_on=date(2026, 6, 23), note="Libur"
    )
    client = login(supply.buyer_user)
    page = client.get(call_off.get_absolute_url()).content.decode()
    assert 'data-testid="accept"' in page and 'data-testid="acknowledge"' not in page
    client.post(reverse("calloffs:accept", args=[call_off.pk]))
    call_off.refresh_from_db()
    assert (call_off.status, call_off.due_on) == (CallOff.Status.ACKNOWLEDGED, date(2026, 6, 23))

    url = reverse("calloffs:change", args=[call_off.pk])
    fields = form(quantity="650", reason="Permintaan naik")
    del fields["number"]
    assert client.post(url, fields).status_code == 302
    call_off.refresh_from_db()
    assert (call_off.quantity, call_off.status) == (Decimal("650"), CallOff.Status.RELEASED)

    client.post(reverse("calloffs:cancel", args=[call_off.pk]), {"reason": ""})
    call_off.refresh_from_db()
    assert call_off.status == CallOff.Status.RELEASED  # no reason, no cancelling
    client.post(reverse("calloffs:cancel", args=[call_off.pk]), {"reason": "Model berhenti"})
    call_off.refresh_from_db()
    assert call_off.status == CallOff.Status.CANCELLED


def test_the_board_shows_each_his_own_and_polls(world, supply, login):
    mine = release(supply)
    board = reverse("calloffs:board")
    supplier = login(world.user("firm_a")).get(board).content.decode()
    assert f'data-testid="call-off-{mine.pk}"' in supplier
    # Told of changes by its event stream, and asking by itself every 30 s as a fallback.
    assert 'hx-trigger="every 30s, sse:changed"' in supplier
    assert f'sse-connect="{reverse("calloffs:events")}"' in supplier
    assert "call-off-" not in login(world.user("firm_b")).get(board).content.decode().replace(
        'data-testid="call-offs"', ""
    )
    assert f'data-testid="call-off-{mine.pk}"' not in (
        login(supply.other_buyer_user).get(board).content.decode()
    )
    piece = login(world.user("firm_a")).get(board, headers={"HX-Request": "true"})
    assert piece.content.decode().lstrip().startswith('<div id="board"')


def test_the_open_board_asks_whether_anything_it_shows_changed(
    world,
    supply,
    login,
    _pinned_clock,  # noqa: PT019
):
    mine = release(supply)
    theirs = PartnershipFactory(supplier=world.firm_b, buyer=supply.deal.buyer, signed=True)
    supplier = login(world.user("firm_a"))
    poll = poll_of(supplier.get(reverse("calloffs:board") + "?open=true").content.decode())
    assert "open=true" in poll and "since=" in poll  # the board's filters stay
    htmx = {"HX-Request": "true"}
    quiet = supplier.get(poll, headers=htmx)
    assert (quiet.status_code, quiet.content) == (204, b"")

    # Another firm's call-off is not this supplier's news.
    _pinned_clock.shift(timedelta(minutes=5))
    services.release(partnership=theirs, user=supply.buyer_user, number="CO-B", **terms_of(mine))
    assert supplier.get(poll, headers=htmx).status_code == 204

    # His own is: the answer is the board, with it and the token to poll with next.
    _pinned_clock.shift(timedelta(minutes=5))
    new = release(supply, number="CO-2")
    news = supplier.get(poll, headers=htmx)
    piece = news.content.decode()
    assert news.status_code == 200 and f'data-testid="call-off-{new.pk}"' in piece
    assert piece.lstrip().startswith('<div id="board"') and poll_of(piece) != poll
    assert supplier.get(poll_of(piece), headers=htmx).status_code == 204

    # So is a change of one of his, and a deadline passing by the clock alone.
    poll = poll_of(piece)
    _pinned_clock.shift(timedelta(minutes=5))
    services.acknowledge(call_off=mine, user=world.user("firm_a"), machine_hours=None)
    assert supplier.get(poll, headers=htmx).status_code == 200
    poll = poll_of(supplier.get(poll, headers=htmx).content.decode())
    _pinned_clock.move_to(new.ack_due_at + timedelta(minutes=1), tick=False)
    assert supplier.get(poll, headers=htmx).status_code == 200


def terms_of(call_off) -> dict:
    return {
        field: getattr(call_off, field)
        for field in ("part_number", "description", "quantity", "unit_price", "due_on")
    } | {"delivery_point": call_off.delivery_point}


def test_typed_text_stays_text(world, supply, login):
    call_off = release(
        supply,
        description='<img src=x onerror="alert(1)">',
        delivery_point="<script>alert(2)</script>",
    )
    for user in (world.user("firm_a"), supply.buyer_user):
        client = login(user)
        for url in (call_off.get_absolute_url(), reverse("calloffs:board")):
            page = client.get(url).content.decode()
            assert "<img src=x" not in page and "<script>alert(2)" not in page
            assert "&lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in page


def test_another_buyer_cannot_touch_it_and_nothing_changes(world, supply, login):
    call_off = release(supply)
    client = login(supply.other_buyer_user)
    before = fingerprint()
    for name in ("acknowledge", "accept", "cancel", "propose", "reject"):
        assert client.post(reverse(f"calloffs:{name}", args=[call_off.pk])).status_code == 404
    assert client.get(reverse("calloffs:create", args=[supply.deal.pk])).status_code == 404
    assert fingerprint() == before
