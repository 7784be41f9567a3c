"""The coming week's call-offs from the two buyers to the six partner IKM of Koperasi TMI:
mostly acknowledged, one kanban pull, one forecast, one proposal of another date waiting for the
buyer, and one released four days ago that nobody acknowledged (escalated step by step up to the
buyer). Dated from now, so the board always shows a live week."""

from datetime import time, timedelta
from decimal import Decimal

from django.utils import timezone

from rantai.accounts.models import Membership, User
from rantai.calloffs import services, shipping
from rantai.calloffs.models import CallOff
from rantai.demo.partnerships import SIGNED_ON, SUPPLY
from rantai.partnerships.models import Partnership


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


def load(orgs: dict) -> int:
    if CallOff.objects.exists():
        return 0
    now = timezone.now()
    week = _working_days(timezone.localdate(now), 5)
    by_supplier = {
        p.supplier_id: p
        for p in Partnership.objects.filter(
            signed_on=SIGNED_ON, supplier__in=orgs["partners"]
        ).select_related("buyer", "supplier")
    }
    made = 0
    for index, firm in enumerate(orgs["partners"]):
        partnership = by_supplier[firm.pk]
        buyer = User.objects.filter(
            memberships__organisation=partnership.buyer, memberships__role="buyer"
        ).first()
        owner = _owner(firm)
        name, price, monthly, *_rest = SUPPLY[index]
        description, _, part_number = name.rpartition(" ")
        per_delivery = Decimal(max(50, round(monthly / 8 / 50) * 50))
        for turn, day in enumerate(week[index % 2 :: 2][:2]):
            terms = {
                "part_number": part_number,
                "drawing_revision": "B",
                "description": description,
                "quantity": per_delivery,
                "unit": "pcs",
                "unit_price": Decimal(price),
                "due_on": day,
                "window_from": time(8),
                "window_to": time(10),
                "delivery_point": f"Gudang penerimaan {partnership.buyer.name}, Gerbang 2",
                "zone": CallOff.Zone.FIRM,
                "ack_hours": 4,
            }
            if index == 2 and turn == 1:  # Kanban: six cards of a fixed quantity
                terms |= {"kanban_cards": 6, "card_quantity": Decimal(100), "quantity": 600}
            late = index == 4 and turn == 0
            released = now - timedelta(days=4) if late else now - timedelta(hours=1)
            call_off = services.release(partnership=partnership, user=buyer, now=released, **terms)
            made += 1
            if late:
                continue  # nobody answered: escalated below
            if index == 1 and turn == 0:
                services.propose(
                    call_off=call_off,
                    user=owner,
                    due_on=_working_days(day, 1)[0],
                    note="Mesin press 80 ton sedang perawatan terjadwal; kirim sehari kemudian.",
                    now=now,
                )
            else:
                services.acknowledge(
                    call_off=call_off,
                    user=owner,
                    machine_hours=(call_off.quantity * Decimal("1.5") / 60).quantize(
                        Decimal("0.1")
                    ),
                    now=now,
                )  # 1.5 machine minutes a piece
        if index == 0:  # the week after next, announced as a forecast
            services.release(
                partnership=partnership,
                user=buyer,
                now=now,
                **terms
                | {
                    "due_on": week[-1] + timedelta(days=7),
                    "zone": CallOff.Zone.FORECAST,
                    "quantity": per_delivery * 2,
                    "kanban_cards": None,
                    "card_quantity": None,
                },
            )
            made += 1
    services.escalate_overdue(now=now)
    _ship_and_receive(orgs, by_supplier, timezone.localdate(now))
    return made


def _ship_and_receive(orgs: dict, by_supplier: dict, today) -> None:
    """Goods already on the way: the fourth partner ships part of its first call-off early (the
    rest to follow) and JPO receives it in full; the sixth ships its first call-off whole and
    MKU rejects a dozen pieces at the gate."""
    plan = (
        (3, Decimal("0.6"), Decimal(0), ""),
        (5, Decimal(1), Decimal(12), "Burr belum dibersihkan"),
    )
    for index, share, rejected, reason in plan:
        partnership = by_supplier[orgs["partners"][index].pk]
        call_off = (
            CallOff.objects.filter(partnership=partnership, status=CallOff.Status.ACKNOWLEDGED)
            .order_by("due_on", "pk")
            .first()
        )
        if call_off is None:
            continue
        owner = _owner(partnership.supplier)
        quantity = (call_off.quantity * share).quantize(Decimal(1))
        notice = shipping.ship(
            partnership=partnership,
            user=owner,
            number=f"SJ/{today:%y%m%d}/{index + 1:02d}",
            shipped_on=today,
            vehicle="Colt diesel G 8125 QA",
            lines=[
                {
                    "call_off": call_off,
                    "lot": f"LOT-{today:%y%m%d}-{index + 1}",
                    "quantity": quantity,
                }
            ],
        )
        buyer = User.objects.filter(
            memberships__organisation=partnership.buyer, memberships__role="buyer"
        ).first()
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
