"""The coming week's call-offs from the two buyers to the partner IKM of Koperasi TMI whose
agreements are in force through it (all six while the story's present lasts; fewer once some
agreements have ended). Dated from now, so the board always shows a live week.

Roles by position among those agreements: the first proposes another date (waiting for the
buyer); the second's first call-off was released four days ago and nobody acknowledged it
(escalated step by step up to the buyer); the third's shipment has a dozen pieces rejected at
the gate; the fourth ships part of a call-off early, received in full; the fifth has a kanban
pull; the sixth announces the week after next as a forecast. The others are acknowledged with
their machine hours.

The late call-off's supplier cannot deliver, so Koperasi TMI proposes moving it to another
member with an agreement in force with the same buyer, which made a trial lot of that part last
month (the buyer sources the part from it): the move waits for the buyer's decision.
"""

from datetime import time, timedelta
from decimal import Decimal

from django.db.models import Q
from django.utils import timezone

from rantai.accounts.models import Membership, User
from rantai.calloffs import moves, services, shipping
from rantai.calloffs.models import CallOff
from rantai.demo.partnerships import SIGNED_ON, SUPPLY
from rantai.partnerships import services as partnership_services
from rantai.partnerships.models import Partnership

PROPOSAL, LATE, REJECTS, PARTIAL, KANBAN, FORECAST = range(6)


def _working_days(start, count: int) -> list:
    days, day = [], start
    while len(days) < count:
        day += timedelta(days=1)
        if day.weekday() < 5:
            days.append(day)
    return days


def _owner(firm) -> User | None:
    membership = Membership.objects.active().filter(organisation=firm, can_manage=True).first()
    return membership.user if membership else None


def _buyer(partnership) -> User | None:
    return User.objects.filter(
        memberships__organisation=partnership.buyer, memberships__role="buyer"
    ).first()


def load(orgs: dict) -> int:
    if CallOff.objects.exists():
        return 0
    now = timezone.now()
    today = timezone.localdate(now)
    week = _working_days(today, 5)
    in_force = {
        p.supplier_id: p
        for p in Partnership.objects.filter(
            signed_on=SIGNED_ON,
            supplier__in=orgs["partners"],
            status__in=(Partnership.Status.SIGNED, Partnership.Status.ACTIVE),
        )
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=week[-1] + timedelta(days=7)))
        .select_related("buyer", "supplier")
    }
    made = 0
    position = 0
    for index, firm in enumerate(orgs["partners"]):
        partnership = in_force.get(firm.pk)
        if partnership is None:
            continue
        role, position = position, position + 1
        made += _week_of(partnership, index, role, week, now)
    services.escalate_overdue(now=now)
    _propose_move(orgs, now)
    return made


def _propose_move(orgs: dict, now) -> None:
    late = CallOff.objects.filter(escalation=CallOff.Escalation.BUYER).first()
    manager = Membership.objects.active().filter(organisation=orgs["tmi"], role="coop_manager")
    manager = manager.first()
    if late is None or manager is None:
        return
    today = timezone.localdate(now)
    fellows = moves.candidates(late, [orgs["tmi"].pk])
    fellow = next((c for c in fellows if c.partnership and c.load.capacity), None)
    if fellow is None:
        return
    order = partnership_services.create_order(  # a trial lot of the part, last month
        partnership=fellow.partnership,
        number=f"PO/UJI/{today:%y%m}",
        ordered_on=today - timedelta(days=30),
        lines=[
            {
                "part": f"{late.description} {late.part_number}",
                "quantity": Decimal(100),
                "unit_price": late.unit_price,
                "due_on": today - timedelta(days=20),
            }
        ],
        rescore=False,
    )
    partnership_services.add_delivery(
        line=order.lines.get(), delivered_on=today - timedelta(days=21), quantity=Decimal(100)
    )
    hours = (late.quantity * Decimal("1.5") / 60).quantize(Decimal("0.1"))
    moves.propose_move(
        call_off=late,
        user=manager.user,
        to_firm=fellow.firm,
        machine_hours=hours,
        reason=(
            f"Mesin produksi {late.partnership.supplier.name} rusak, menunggu suku cadang; "
            f"{fellow.firm.name} sudah lolos uji lot part ini bulan lalu dan kapasitasnya longgar."
        ),
        now=now,
    )


def _week_of(partnership, index: int, role: int, week: list, now) -> int:
    buyer, owner = _buyer(partnership), _owner(partnership.supplier)
    name, price, monthly, *_rest = SUPPLY[index]
    description, _, part_number = name.rpartition(" ")
    per_delivery = Decimal(max(50, round(monthly / 8 / 50) * 50))
    terms = {
        "part_number": part_number,
        "drawing_revision": "B",
        "description": description,
        "quantity": per_delivery,
        "unit": "pcs",
        "unit_price": Decimal(price),
        "window_from": time(8),
        "window_to": time(10),
        "delivery_point": f"Gudang penerimaan {partnership.buyer.name}, Gerbang 2",
        "zone": CallOff.Zone.FIRM,
        "ack_hours": 4,
    }
    made = []
    for turn, day in enumerate(week[index % 2 :: 2][:2]):
        values = terms | {"due_on": day}
        if role == KANBAN and turn == 1:  # six cards of a fixed quantity
            values |= {"kanban_cards": 6, "card_quantity": Decimal(100), "quantity": 600}
        late = role == LATE and turn == 0
        released = now - timedelta(days=4) if late else now - timedelta(hours=1)
        call_off = services.release(partnership=partnership, user=buyer, now=released, **values)
        made.append(call_off)
        if late:
            continue  # nobody answered: escalated by the caller
        if role == PROPOSAL and turn == 0:
            services.propose(
                call_off=call_off,
                user=owner,
                due_on=_working_days(day, 1)[0],
                note="Mesin press 80 ton sedang perawatan terjadwal; kirim sehari kemudian.",
                now=now,
            )
            continue
        hours = (call_off.quantity * Decimal("1.5") / 60).quantize(Decimal("0.1"))
        made[-1] = services.acknowledge(call_off=call_off, user=owner, machine_hours=hours, now=now)
    if role == FORECAST:
        services.release(
            partnership=partnership,
            user=buyer,
            now=now,
            **terms | {"due_on": week[-1] + timedelta(days=7), "zone": CallOff.Zone.FORECAST},
        )
        made.append(None)
    if role in (REJECTS, PARTIAL):
        first = next(c for c in made if c is not None and c.status == CallOff.Status.ACKNOWLEDGED)
        _ship_and_receive(partnership, first, index, role, owner, buyer)
    return len(made)


def _ship_and_receive(partnership, call_off, index, role, owner, buyer) -> None:
    today = timezone.localdate()
    share, rejected, reason = (
        (Decimal(1), Decimal(12), "Burr belum dibersihkan")
        if role == REJECTS
        else (Decimal("0.6"), Decimal(0), "")
    )
    quantity = (call_off.quantity * share).quantize(Decimal(1))
    notice = shipping.ship(
        partnership=partnership,
        user=owner,
        number=f"SJ/{today:%y%m%d}/{index + 1:02d}",
        shipped_on=today,
        vehicle="Colt diesel G 8125 QA",
        lines=[
            {"call_off": call_off, "lot": f"LOT-{today:%y%m%d}-{index + 1}", "quantity": quantity}
        ],
    )
    shipping.receive(
        notice=notice,
        user=buyer,
        received_on=today,
        lines=[
            {
                "line": notice.lines.get(),
                "received": quantity,
                "rejected": rejected,
                "reject_reason": reason,
            }
        ],
    )
