"""Shipping and receipt: the supplier's shipping notice (delivery note) for acknowledged firm
call-offs, and the buyer's goods receipt against it at the gate.

- ``ship``: one notice for one agreement, one line per call-off and lot. Only acknowledged firm
  call-offs of that agreement may be shipped (a forecast asks nothing yet, a released or
  proposed one is not agreed, a cancelled one is off), and never more than is still open on a
  call-off: its quantity less what notices in transit carry and what receipts took in (a short
  receipt opens the shortfall again; a rejected piece counts as delivered, as in a Delivery).
- ``receive``: once per notice (the notice is locked; a second receipt is refused). For each
  line the quantity received (at most what was shipped) and of it the quantity rejected, with a
  reason. Each line with something received becomes one ``partnerships.Delivery`` of the
  call-off's order line, written by ``partnerships.services.add_delivery``: on-time delivery,
  fill rate, PPM and the scorecards count it from there.

Both validate everything before writing and run in one transaction: a bad line writes nothing.
The permission is the caller's to ask (``add``/``receive`` on ``ShippingNotice``).
"""

from collections import defaultdict
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, DecimalField, F, Sum, Value, When
from django.db.models.functions import Coalesce
from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from rantai.calloffs.models import CallOff, ShippingNotice, ShippingNoticeLine
from rantai.calloffs.services import KIND, _people_of
from rantai.core.mail import notify
from rantai.partnerships import services as partnership_services
from rantai.partnerships.models import Partnership
from rantai.webhooks import services as webhooks
from rantai.webhooks.models import Event

ZERO = Decimal("0")


def _qty(value) -> str:
    return floatformat(value, "-2g")


# ---- what is open ------------------------------------------------------------------------------


def _taken(call_off_ids, exclude_notice: int | None = None) -> dict[int, Decimal]:
    """Per call-off: what notices in transit carry and what receipts took in."""
    lines = ShippingNoticeLine.objects.filter(call_off_id__in=call_off_ids)
    if exclude_notice:
        lines = lines.exclude(notice_id=exclude_notice)
    counted = Case(
        When(notice__status=ShippingNotice.Status.SENT, then=F("quantity")),
        default=Coalesce(F("received"), Value(ZERO)),
        output_field=DecimalField(max_digits=14, decimal_places=2),
    )
    rows = lines.values("call_off_id").annotate(taken=Sum(counted))
    return {row["call_off_id"]: row["taken"] or ZERO for row in rows}


def open_quantity(call_off: CallOff) -> Decimal:
    """What may still be shipped against ``call_off`` (never below zero)."""
    return max(call_off.quantity - _taken([call_off.pk]).get(call_off.pk, ZERO), ZERO)


def shippable(partnership: Partnership):
    """The agreement's call-offs that may be shipped now, each with ``open_quantity`` set:
    acknowledged, firm, with something still open."""
    call_offs = list(
        CallOff.objects.filter(
            partnership=partnership,
            status=CallOff.Status.ACKNOWLEDGED,
            zone=CallOff.Zone.FIRM,
            line__isnull=False,
        ).order_by("due_on", "window_from", "pk")
    )
    taken = _taken([c.pk for c in call_offs])
    result = []
    for call_off in call_offs:
        call_off.open_quantity = max(call_off.quantity - taken.get(call_off.pk, ZERO), ZERO)
        if call_off.open_quantity > 0:
            result.append(call_off)
    return result


def receipt_url(notice: ShippingNotice) -> str:
    """What the delivery note's QR code holds: the absolute address of the receipt page."""
    return settings.SITE_URL.rstrip("/") + notice.get_receipt_url()


# ---- shipping ----------------------------------------------------------------------------------


def _row_error(index: int, message: str) -> str:
    return _("Line %(row)d: %(message)s") % {"row": index, "message": message}


@transaction.atomic
def ship(
    *,
    partnership: Partnership,
    user,
    number: str,
    shipped_on: date,
    lines: list[dict],
    vehicle: str = "",
    driver: str = "",
    note: str = "",
    today: date | None = None,
) -> ShippingNotice:
    """The supplier's shipping notice: ``lines`` are ``{"call_off", "lot", "quantity"}``. The
    buyer's people are told."""
    today = today or timezone.localdate()
    partnership_services.check_orderable(partnership)
    number = (number or "").strip()
    errors: dict[str, list[str]] = defaultdict(list)
    if not number:
        errors["number"].append(_("Give the delivery note a number."))
    elif ShippingNotice.objects.filter(supplier_id=partnership.supplier_id, number=number).exists():
        errors["number"].append(
            _("You already sent a shipping notice numbered %(number)s.") % {"number": number}
        )
    if shipped_on is None:
        errors["shipped_on"].append(_("Give the shipping date."))
    elif shipped_on > today:
        errors["shipped_on"].append(_("The shipping date is in the future."))
    if not lines:
        errors["lines"].append(_("The shipping notice has no lines."))
    ids = [getattr(row.get("call_off"), "pk", row.get("call_off")) for row in lines or []]
    # Locked: two notices for the same call-off at once take turns and the second sees the first.
    call_offs = CallOff.objects.select_for_update().in_bulk([i for i in ids if i is not None])
    taken = _taken(list(call_offs))
    asked: dict[int, Decimal] = defaultdict(lambda: ZERO)
    prepared = []
    for index, (row, pk) in enumerate(zip(lines or [], ids, strict=True), start=1):
        call_off = call_offs.get(pk)
        quantity = row.get("quantity")
        if call_off is None or call_off.partnership_id != partnership.pk:
            errors["lines"].append(_row_error(index, _("This call-off is not of this agreement.")))
            continue
        if call_off.zone != CallOff.Zone.FIRM:
            errors["lines"].append(
                _row_error(
                    index,
                    _("Call-off %(number)s is a forecast; it cannot be shipped.")
                    % {"number": call_off.number},
                )
            )
            continue
        if call_off.status != CallOff.Status.ACKNOWLEDGED or call_off.line_id is None:
            errors["lines"].append(
                _row_error(
                    index,
                    _(
                        "Call-off %(number)s is %(status)s; only an acknowledged call-off can be "
                        "shipped."
                    )
                    % {"number": call_off.number, "status": call_off.get_status_display()},
                )
            )
            continue
        if quantity is None or quantity <= 0:
            errors["lines"].append(_row_error(index, _("The quantity must be above zero.")))
            continue
        asked[call_off.pk] += quantity
        prepared.append(
            ShippingNoticeLine(
                call_off=call_off, lot=(row.get("lot") or "").strip(), quantity=quantity
            )
        )
    for pk, quantity in asked.items():
        call_off = call_offs[pk]
        still_open = max(call_off.quantity - taken.get(pk, ZERO), ZERO)
        if quantity > still_open:
            errors["lines"].append(
                _("Call-off %(number)s has %(open)s still open; %(quantity)s cannot be shipped.")
                % {"number": call_off.number, "open": _qty(still_open), "quantity": _qty(quantity)}
            )
    if errors:
        raise ValidationError(dict(errors))
    notice = ShippingNotice(
        partnership=partnership,
        supplier_id=partnership.supplier_id,
        number=number,
        shipped_on=shipped_on,
        vehicle=(vehicle or "").strip(),
        driver=(driver or "").strip(),
        note=(note or "").strip(),
        created_by=user,
    )
    notice.full_clean(exclude=["partnership", "supplier", "created_by", "received_by"])
    notice.save()
    for line in prepared:
        line.notice = notice
        line.full_clean(exclude=["notice", "call_off", "delivery"])
    ShippingNoticeLine.objects.bulk_create(prepared)
    _tell_buyer(notice)
    _publish(notice, Event.CALLOFF_SHIPPED)
    return notice


# ---- receipt -----------------------------------------------------------------------------------


@transaction.atomic
def receive(
    *,
    notice: ShippingNotice,
    user,
    received_on: date,
    lines: list[dict],
    today: date | None = None,
) -> ShippingNotice:
    """The buyer's goods receipt: ``lines`` are ``{"line", "received", "rejected",
    "reject_reason"}``, one for every line of the notice. Each line with something received
    becomes one Delivery; the supplier's people are told."""
    today = today or timezone.localdate()
    notice = (
        ShippingNotice.objects.select_for_update(of=("self",))
        .select_related("partnership__buyer", "partnership__supplier")
        .get(pk=notice.pk)
    )
    if notice.status == ShippingNotice.Status.RECEIVED:
        raise ValidationError(
            _("Shipping notice %(number)s was already received.") % {"number": notice.number},
            code="received",
        )
    partnership_services.check_orderable(notice.partnership)
    errors: dict[str, list[str]] = defaultdict(list)
    if received_on is None:
        errors["received_on"].append(_("Give the date of receipt."))
    elif received_on > today:
        errors["received_on"].append(_("The date of receipt is in the future."))
    elif received_on < notice.shipped_on:
        errors["received_on"].append(_("The goods cannot be received before they were shipped."))
    own = {
        line.pk: line
        for line in notice.lines.select_related("call_off__line__order").order_by("pk")
    }
    given: dict[int, dict] = {}
    for row in lines or []:
        pk = getattr(row.get("line"), "pk", row.get("line"))
        if pk not in own:
            errors["lines"].append(_("A line of another shipping notice was given."))
        elif pk in given:
            errors["lines"].append(_("A line was given twice."))
        else:
            given[pk] = row
    if not errors["lines"] and set(given) != set(own):
        errors["lines"].append(_("Give what was received for every line of the notice."))
    for pk, line in own.items():
        row = given.get(pk)
        if row is None:
            continue
        received = row.get("received")
        rejected = row.get("rejected") or ZERO
        reason = (row.get("reject_reason") or "").strip()
        label = line.call_off.number + (f" / {line.lot}" if line.lot else "")
        problem = None
        if received is None or received < 0 or rejected < 0:
            problem = _("A quantity cannot be below zero.")
        elif received > line.quantity:
            problem = _("%(received)s received is more than the %(shipped)s shipped.") % {
                "received": _qty(received),
                "shipped": _qty(line.quantity),
            }
        elif rejected > received:
            problem = _("%(rejected)s rejected is more than the %(received)s received.") % {
                "rejected": _qty(rejected),
                "received": _qty(received),
            }
        elif rejected > 0 and not reason:
            problem = _("Say why goods were rejected.")
        elif received > 0 and line.call_off.line_id is None:
            problem = _(
                "Call-off %(number)s was cancelled or made a forecast since it was shipped; "
                "record 0 received for it."
            ) % {"number": line.call_off.number}
        elif (
            received_on is not None
            and received > 0
            and received_on < line.call_off.line.order.ordered_on
        ):
            problem = _("A delivery cannot come before its order.")
        if problem:
            errors["lines"].append(_("%(line)s: %(message)s") % {"line": label, "message": problem})
            continue
        line.received, line.rejected, line.reject_reason = received, rejected, reason
    if not errors["lines"] and own and all(line.received == 0 for line in own.values()):
        errors["lines"].append(_("Nothing was received: record at least one quantity."))
    errors = {field: messages for field, messages in errors.items() if messages}
    if errors:
        raise ValidationError(errors)
    for line in own.values():
        if line.received > 0:
            line.delivery = partnership_services.add_delivery(
                line=line.call_off.line,
                delivered_on=received_on,
                quantity=line.received,
                rejected=line.rejected,
                reject_reason=line.reject_reason,
                today=today,
                rescore=False,
            )
        line.save(update_fields=["received", "rejected", "reject_reason", "delivery"])
    partnership_services.schedule_scores(notice.partnership.buyer_id)
    notice.status = ShippingNotice.Status.RECEIVED
    notice.received_on = received_on
    notice.received_by = user
    notice.save()
    _tell_supplier(notice)
    _publish(notice, Event.CALLOFF_RECEIVED)
    return notice


# ---- telling people ----------------------------------------------------------------------------


def _publish(notice: ShippingNotice, event: str) -> None:
    """The notice to both parties' systems (webhooks, after the commit)."""

    def text(value):
        return None if value is None else str(value)

    body = {
        "shipping_notice": notice.pk,
        "number": notice.number,
        "partnership": notice.partnership_id,
        "shipped_on": text(notice.shipped_on),
        "received_on": text(notice.received_on),
        "status": notice.status,
        "lines": [
            {
                "call_off": line.call_off_id,
                "call_off_number": line.call_off.number,
                "lot": line.lot,
                "quantity": text(line.quantity),
                "received": text(line.received),
                "rejected": text(line.rejected),
                "reject_reason": line.reject_reason,
            }
            for line in notice.lines.select_related("call_off").order_by("pk")
        ],
    }
    for organisation in (notice.partnership.buyer_id, notice.partnership.supplier_id):
        webhooks.emit(organisation=organisation, event=event, payload=body)


def _lines_text(notice: ShippingNotice, *, receipt: bool) -> str:
    rows = []
    for line in notice.lines.select_related("call_off").order_by("pk"):
        lot = f" ({_('lot')} {line.lot})" if line.lot else ""
        text = f"{line.call_off.number} · {line.call_off.part_number}{lot}: {_qty(line.quantity)}"
        if receipt:
            text = _("%(line)s shipped, %(received)s received, %(rejected)s rejected") % {
                "line": text,
                "received": _qty(line.received or 0),
                "rejected": _qty(line.rejected),
            }
            if line.reject_reason:
                text += f" ({line.reject_reason})"
        rows.append(text)
    return "\n".join(rows)


def _tell_buyer(notice: ShippingNotice) -> None:
    def compose():
        subject = _("%(supplier)s shipped delivery note %(number)s") % {
            "supplier": notice.partnership.supplier.name,
            "number": notice.number,
        }
        shipped = _("Shipped on %(date)s.") % {
            "date": date_format(notice.shipped_on, "DATE_FORMAT")
        }
        return subject, "\n\n".join((shipped, _lines_text(notice, receipt=False)))

    notify(
        _people_of(notice.partnership.buyer_id),
        compose,
        kind=KIND,
        url=notice.get_absolute_url(),
    )


def _tell_supplier(notice: ShippingNotice) -> None:
    def compose():
        subject = _("%(buyer)s received delivery note %(number)s") % {
            "buyer": notice.partnership.buyer.name,
            "number": notice.number,
        }
        received = _("Received on %(date)s.") % {
            "date": date_format(notice.received_on, "DATE_FORMAT")
        }
        return subject, "\n\n".join((received, _lines_text(notice, receipt=True)))

    notify(
        _people_of(notice.partnership.supplier_id),
        compose,
        kind=KIND,
        url=notice.get_absolute_url(),
    )
