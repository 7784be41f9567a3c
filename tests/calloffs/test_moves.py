"""The cooperative moves a member's call-off to another member that can deliver it, with the
buyer's consent: who may be proposed (capability, agreement, capacity), what accepting does,
and every refusal leaving nothing written."""

import html
from datetime import date, timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format
from rest_framework.test import APIClient

from rantai.accounts.models import Role
from rantai.calloffs import live, moves, services
from rantai.calloffs.models import CallOff, CallOffMove
from rantai.firms.models import Firm
from rantai.inbox.models import Notification
from rantai.partnerships import services as partnership_services
from rantai.partnerships.models import Order, Partnership
from tests.calloffs.conftest import poll_of, release, terms
from tests.factories import (
    CooperativeMembershipFactory,
    FirmFactory,
    MachineFactory,
    MembershipFactory,
    PartnershipFactory,
    ShippingNoticeFactory,
    ShippingNoticeLineFactory,
    UserFactory,
)
from tests.writes import fingerprint

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def english():
    """The services' messages as written (the site's language is Indonesian)."""
    with translation.override("en"):
        yield


def member(world, supply, name, *, agreement=True, supplied=True, machines=2):
    """Another member of Koperasi TMI, with (by default) an agreement in force with the buyer,
    a call-off of the same part before (so the buyer sources BS-12 from it) and two machines."""
    firm = FirmFactory(kind=Firm.Kind.IKM, name=name)
    CooperativeMembershipFactory(firm=firm, cooperative=world.cooperative)
    owner = UserFactory(username=name.split()[-1].lower(), language="en")
    MembershipFactory(user=owner, organisation=firm, role=Role.OWNER, can_manage=True)
    if machines:
        MachineFactory(firm=firm, count=machines)
    deal = None
    if agreement:
        deal = PartnershipFactory(
            supplier=firm, buyer=supply.deal.buyer, cooperative=world.cooperative, active=True
        )
        if supplied:
            services.release(
                partnership=deal,
                user=supply.buyer_user,
                **terms(due_on=date(2026, 6, 17), quantity=Decimal("250")),
            )
    firm.owner, firm.deal = owner, deal
    return firm


@pytest.fixture
def fellows(world, supply):
    return {
        "able": member(world, supply, "PT Putra Bungsu Tegal"),
        "no_agreement": member(world, supply, "CV Logam Sejahtera", agreement=False),
        "never_made": member(world, supply, "PT Karya Paduyasa Tegal", supplied=False),
        "no_machines": member(world, supply, "UD Las Dampyak", machines=0),
    }


def test_each_member_shows_whether_it_can_take_the_call_off(world, supply, fellows):
    call_off = release(supply)
    outsider = FirmFactory(kind=Firm.Kind.IKM, name="PT Bukan Anggota")  # another cooperative
    PartnershipFactory(supplier=outsider, buyer=supply.deal.buyer, active=True)
    found = moves.candidates(call_off, [world.cooperative.pk])
    by_name = {c.firm.name: c for c in found}
    assert set(by_name) == {f.name for f in fellows.values()}  # not firm A, not the outsider
    assert found[0].firm == fellows["able"] and found[0].eligible
    assert by_name["CV Logam Sejahtera"].problems == [
        "It has no agreement with PT Jateng Presisi Otomotif in force through the due date.",
        "PT Jateng Presisi Otomotif has not called off or ordered part BS-12 from it before.",
    ]
    assert by_name["PT Karya Paduyasa Tegal"].problems == [
        "PT Jateng Presisi Otomotif has not called off or ordered part BS-12 from it before."
    ]
    assert by_name["UD Las Dampyak"].problems == [
        "It has declared no machines, so its capacity is unknown."
    ]
    able = by_name["PT Putra Bungsu Tegal"]
    assert able.load.capacity == Decimal("80") and able.partnership == fellows["able"].deal


def test_a_member_over_capacity_in_the_due_week_cannot_take_it(world, supply, fellows):
    able = fellows["able"]
    busy = services.release(partnership=able.deal, user=supply.buyer_user, **terms())
    services.acknowledge(call_off=busy, user=able.owner, machine_hours=Decimal("70"))
    call_off = release(supply)
    candidate = next(
        c for c in moves.candidates(call_off, [world.cooperative.pk]) if c.firm == able
    )
    assert candidate.problems_with(Decimal("10")) == []
    assert candidate.problems_with(Decimal("12")) == [
        "Its week would be over capacity: 82 of 80 machine hours with this call-off."
    ]
    before = fingerprint()
    with pytest.raises(ValidationError) as refused:
        moves.propose_move(
            call_off=call_off,
            user=world.user("coop_manager"),
            to_firm=able,
            machine_hours=Decimal("12"),
            reason="Mesin CNC rusak",
        )
    assert "over capacity" in refused.value.message_dict["to_firm"][0]
    assert fingerprint() == before


def test_accepted_the_call_off_is_released_to_the_new_member_on_the_same_terms(
    world, supply, fellows
):
    able = fellows["able"]
    call_off = release(supply, number="CO-JPO-0042", window_from=None)
    manager = world.user("coop_manager")
    move = moves.propose_move(
        call_off=call_off,
        user=manager,
        to_firm=able,
        machine_hours=Decimal("20"),
        reason="Mesin CNC PT Sinergi rusak minggu ini",
    )
    assert (move.status, move.cooperative, move.to_partnership) == (
        "proposed",
        world.cooperative,
        able.deal,
    )
    told = Notification.objects.filter(recipient=supply.buyer_user).latest("pk")
    assert told.subject == (
        "Koperasi TMI proposes moving call-off CO-JPO-0042 from "
        f"{world.firm_a.name} to PT Putra Bungsu Tegal"
    )

    move = moves.decide_move(move=move, user=supply.buyer_user, accept=True)
    call_off.refresh_from_db()
    new = move.new_call_off
    assert move.status == "accepted" and move.decided_by == supply.buyer_user
    assert call_off.status == CallOff.Status.CANCELLED and call_off.line is None
    assert call_off.reason == (
        "Moved to PT Putra Bungsu Tegal by Koperasi TMI with the buyer's consent: "
        "Mesin CNC PT Sinergi rusak minggu ini"
    )
    assert not Order.objects.filter(partnership=supply.deal, number="CO-JPO-0042").exists()
    assert new.partnership == able.deal and new.number == "CO-JPO-0042"
    assert new.status == CallOff.Status.RELEASED and new.ack_due_at is not None
    for name in services.TERMS:
        assert getattr(new, name) == getattr(call_off, name), name
    assert new.line.order.partnership == able.deal  # it counts in the new member's scores
    assert Notification.objects.filter(
        recipient=able.owner, subject__startswith="New call-off CO-JPO-0042"
    ).exists()
    assert Notification.objects.filter(
        recipient=world.user("firm_a"), subject__contains="cancelled call-off CO-JPO-0042"
    ).exists()
    assert Notification.objects.filter(
        recipient=manager, subject__contains="agreed to move call-off CO-JPO-0042"
    ).exists()
    assert list(move.history.values_list("status", flat=True)) == ["accepted", "proposed"]


def test_rejected_nothing_else_changes(world, supply, fellows):
    call_off = release(supply)
    move = moves.propose_move(
        call_off=call_off,
        user=world.user("coop_manager"),
        to_firm=fellows["able"],
        machine_hours=Decimal("20"),
        reason="Mesin rusak",
    )
    with pytest.raises(ValidationError):
        moves.decide_move(move=move, user=supply.buyer_user, accept=False, reason=" ")
    move = moves.decide_move(
        move=move, user=supply.buyer_user, accept=False, reason="Part belum disetujui PPAP"
    )
    call_off.refresh_from_db()
    assert (move.status, move.decision_note, move.new_call_off) == (
        "rejected",
        "Part belum disetujui PPAP",
        None,
    )
    assert call_off.status == CallOff.Status.RELEASED
    with pytest.raises(ValidationError):  # decided once
        moves.decide_move(move=move, user=supply.buyer_user, accept=True)


@pytest.mark.parametrize(
    "case",
    ["shipped", "pending", "ineligible", "not_a_member", "no_reason", "no_hours", "cancelled"],
)
def test_a_refused_proposal_writes_nothing(world, supply, fellows, case):
    call_off = release(supply)
    manager = world.user("coop_manager")
    values = {
        "to_firm": fellows["able"],
        "machine_hours": Decimal("20"),
        "reason": "Mesin rusak",
    }
    if case == "shipped":
        notice = ShippingNoticeFactory(partnership=supply.deal)
        ShippingNoticeLineFactory(notice=notice, call_off=call_off, quantity=100)
    elif case == "pending":
        moves.propose_move(call_off=call_off, user=manager, **values)
    elif case == "ineligible":
        values["to_firm"] = fellows["never_made"]
    elif case == "not_a_member":
        values["to_firm"] = world.firm_b
    elif case == "no_reason":
        values["reason"] = "  "
    elif case == "no_hours":
        values["machine_hours"] = None
    elif case == "cancelled":
        services.cancel(call_off=call_off, user=supply.buyer_user, reason="Tidak jadi")
    before = fingerprint()
    with pytest.raises(ValidationError):
        moves.propose_move(call_off=call_off, user=manager, **values)
    assert fingerprint() == before


def test_accepting_checks_again_and_writes_nothing_when_the_member_cannot(world, supply, fellows):
    able = fellows["able"]
    call_off = release(supply)
    move = moves.propose_move(
        call_off=call_off,
        user=world.user("coop_manager"),
        to_firm=able,
        machine_hours=Decimal("20"),
        reason="Mesin rusak",
    )
    partnership_services.change_status(
        able.deal, Partnership.Status.TERMINATED, reason="Putus kontrak"
    )
    before = fingerprint()
    with pytest.raises(ValidationError) as refused:
        moves.decide_move(move=move, user=supply.buyer_user, accept=True)
    assert "no agreement" in refused.value.message_dict["to_firm"][0]
    assert fingerprint() == before
    move.refresh_from_db()
    assert move.status == "proposed"


def test_the_pages_as_the_manager_proposes_and_the_buyer_agrees(world, supply, fellows, login):
    call_off = release(supply)
    client = login(world.user("coop_manager"))
    page = client.get(call_off.get_absolute_url()).content.decode()
    assert reverse("calloffs:move", args=[call_off.pk]) in page
    page = client.get(reverse("calloffs:move", args=[call_off.pk])).content.decode()
    assert "PT Putra Bungsu Tegal" in page and 'value="20.0"' not in page
    refused = client.post(
        reverse("calloffs:move", args=[call_off.pk]),
        {"to_firm": fellows["never_made"].pk, "machine_hours": "20", "reason": "Mesin rusak"},
    )
    assert refused.status_code == 200 and "has not called off or ordered" in refused.text
    assert not CallOffMove.objects.exists()
    response = client.post(
        reverse("calloffs:move", args=[call_off.pk]),
        {"to_firm": fellows["able"].pk, "machine_hours": "20", "reason": "Mesin rusak"},
    )
    assert response.status_code == 302
    move = CallOffMove.objects.get()

    # Neither the supplier nor the manager may decide; the buyer may.
    for user in (world.user("firm_a"), world.user("coop_manager")):
        client = login(user)
        before = fingerprint()
        assert client.post(reverse("calloffs:move-accept", args=[move.pk])).status_code in (
            403,
            404,
        )
        assert fingerprint() == before
    client = login(supply.buyer_user)
    page = client.get(call_off.get_absolute_url()).content.decode()
    assert 'data-testid="accept-move"' in page
    client.post(reverse("calloffs:move-accept", args=[move.pk]))
    move.refresh_from_db()
    assert move.status == "accepted"
    page = client.get(call_off.get_absolute_url()).content.decode()
    assert move.new_call_off.get_absolute_url() in page  # the buyer follows it to the new one


def test_only_the_cooperatives_manager_may_propose(world, supply, fellows, login):
    call_off = release(supply)
    url = reverse("calloffs:move", args=[call_off.pk])
    data = {"to_firm": fellows["able"].pk, "machine_hours": "20", "reason": "Mesin rusak"}
    for user in (world.user("firm_a"), supply.buyer_user, world.user("officer")):
        client = login(user)
        before = fingerprint()
        assert client.post(url, data).status_code in (403, 404)
        assert client.get(url).status_code in (403, 404)
        assert fingerprint() == before


def test_the_api_proposes_lists_candidates_and_decides(world, supply, fellows):
    call_off = release(supply)
    manager = APIClient()
    manager.force_authenticate(world.user("coop_manager"))
    base = f"/api/v1/call-offs/{call_off.pk}/"
    listed = manager.get(base + "move-candidates/").json()
    assert listed[0]["name"] == "PT Putra Bungsu Tegal" and listed[0]["eligible"]
    bad = manager.post(
        base + "move/",
        {"to_firm": fellows["no_agreement"].pk, "machine_hours": "20", "reason": "x"},
        format="json",
    )
    assert bad.status_code == 400 and "to_firm" in bad.json()
    made = manager.post(
        base + "move/",
        {"to_firm": fellows["able"].pk, "machine_hours": "20", "reason": "Mesin rusak"},
        format="json",
    )
    assert made.status_code == 201, made.content
    move_url = f"/api/v1/call-off-moves/{made.json()['id']}/"

    supplier = APIClient()
    supplier.force_authenticate(world.user("firm_a"))
    before = fingerprint()
    assert supplier.post(move_url + "accept/").status_code == 403
    assert supplier.post(base + "move/", {"to_firm": fellows["able"].pk}).status_code == 403
    assert fingerprint() == before

    buyer = APIClient()
    buyer.force_authenticate(supply.buyer_user)
    answer = buyer.post(move_url + "accept/")
    assert answer.status_code == 200, answer.content
    new = CallOff.objects.get(pk=answer.json()["new_call_off"])
    assert new.partnership == fellows["able"].deal
    assert buyer.get("/api/v1/call-off-moves/").json()["count"] == 1


def test_the_buyers_workspace_asks_for_the_decision(world, supply, fellows, login):
    call_off = release(supply)
    release(supply)  # another, not moving
    moves.propose_move(
        call_off=call_off,
        user=world.user("coop_manager"),
        to_firm=fellows["able"],
        machine_hours=Decimal("20"),
        reason="Mesin rusak",
    )
    client = login(supply.buyer_user)
    home = client.get(reverse("home")).content.decode()
    assert "1 move to another supplier to decide" in home
    board = client.get(reverse("calloffs:board") + "?moving=true")
    assert [row.record for row in board.context["table"].rows] == [call_off]


def test_a_long_reason_is_kept_whole_in_the_history(world, supply):
    """A reason may be 300 characters; the history keeps it whole (on PostgreSQL too)."""
    call_off = release(supply)
    reason = "Jadwal produksi PT Astra Otoparts berubah karena perawatan lini perakitan; " * 4
    services.cancel(call_off=call_off, user=supply.buyer_user, reason=reason[:300])
    kept = call_off.history.filter(status="cancelled").values_list(
        "history_change_reason", flat=True
    )
    assert reason[:300].strip() in kept


def test_the_history_shows_a_moment_as_people_write_it(world, supply, login):
    """An escalation's moment in the call-off's history reads as a date and time in the site's
    zone, not as Python writes a datetime."""
    call_off = release(supply)
    services.escalate_overdue(now=timezone.now() + timedelta(days=3))
    page = login(supply.buyer_user).get(call_off.get_absolute_url()).content.decode()
    call_off.refresh_from_db()
    shown = date_format(timezone.localtime(call_off.escalated_at), "SHORT_DATETIME_FORMAT")
    assert str(call_off.escalated_at) not in page and "+00:00" not in page
    assert f"<ins>{shown}</ins>" in html.unescape(page)


def test_the_open_boards_see_a_proposed_move(world, supply, fellows, login):
    """A proposal changes no call-off, yet the buyer's board (its "move proposed" filter) and the
    manager's must redraw: the board's token and the live feed both count moves."""
    call_off = release(supply, number="CO-JPO-0043", window_from=None)
    buyer = login(supply.buyer_user)
    board = reverse("calloffs:board") + "?moving=true"
    poll = poll_of(buyer.get(board).content.decode())
    assert buyer.get(poll, headers={"HX-Request": "true"}).status_code == 204
    before = {key for key, _, _ in live.changes_since(timezone.now() - timedelta(minutes=1))}
    moves.propose_move(
        call_off=call_off,
        user=world.user("coop_manager"),
        to_firm=fellows["able"],
        machine_hours=Decimal("20"),
        reason="Mesin CNC rusak minggu ini",
    )
    piece = buyer.get(poll, headers={"HX-Request": "true"})
    assert piece.status_code == 200
    assert f'data-testid="call-off-{call_off.pk}"' in piece.content.decode()
    after = live.changes_since(timezone.now() - timedelta(minutes=1))
    fed = [(key, b, s) for key, b, s in after if key not in before]
    assert fed == [(fed[0][0], supply.deal.buyer_id, world.firm_a.pk)]
    assert fed[0][0][0] == "m"  # read from the moves' history
