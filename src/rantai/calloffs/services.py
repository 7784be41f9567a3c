"""What happens to a call-off: released (one by one or as a schedule), changed, cancelled,
acknowledged, answered with a proposal that the buyer accepts or rejects, and escalated when
nobody acknowledges in time. Each operation validates before it writes, runs in one transaction,
keeps the history (simple_history) and tells the other side through ``core.mail.notify``.

The permission is the caller's to ask (views and API ask ``can``/``get_for`` with the same rules);
these functions keep the business invariants: an agreement in force, a quantity above zero, a due
date not in the past, a status that allows the step.
"""

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.db import transaction
from django.db.models import Sum
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from rantai.accounts.models import Membership, Role
from rantai.calloffs.models import CallOff, ShippingNotice
from rantai.calloffs.working_time import add_working_hours
from rantai.core.mail import notify
from rantai.firms.models import CooperativeMembership, Machine
from rantai.inbox.models import Notification
from rantai.partnerships import services as partnership_services
from rantai.partnerships.models import Order, Partnership
from rantai.webhooks import services as webhooks
from rantai.webhooks.models import Event

# The fields a buyer sets when releasing or changing a call-off.
TERMS = (
    "part_number",
    "drawing_revision",
    "description",
    "quantity",
    "unit",
    "unit_price",
    "kanban_cards",
    "card_quantity",
    "due_on",
    "window_from",
    "window_to",
    "delivery_point",
    "zone",
    "ack_hours",
)


def ack_deadline(moment: datetime, hours: int) -> datetime:
    """``hours`` working hours after ``moment``, in the site's working week
    (``CALLOFF_WORKING_HOURS``)."""
    start, end, days = settings.CALLOFF_WORKING_HOURS
    local = timezone.localtime(moment).replace(second=0, microsecond=0)  # to the minute
    return add_working_hours(local, hours, start=start, end=end, days=frozenset(days))


# Orders may be recorded after an agreement ended; a call-off asks for goods to come.
IN_FORCE = (Partnership.Status.SIGNED, Partnership.Status.ACTIVE)


def check_agreement(partnership: Partnership, due_on: date | None = None) -> None:
    """The agreement is in force (as stored now), and does not end before ``due_on``."""
    stored = Partnership.objects.filter(pk=partnership.pk).values_list("status", "ends_on").first()
    status, ends_on = stored or (None, None)
    if status not in IN_FORCE:
        raise ValidationError(
            _("Call-offs can only be released under a signed or active agreement."),
            code="not_in_force",
        )
    if ends_on is not None and due_on is not None and due_on > ends_on:
        raise ValidationError(
            {"due_on": _("The agreement ends before this due date.")}, code="after_agreement"
        )


def _window_in_order(call_off: CallOff) -> bool:
    field = CallOff._meta.get_field
    try:  # a time, or text such as "08:00"
        start = field("window_from").to_python(call_off.window_from)
        end = field("window_to").to_python(call_off.window_to)
    except ValidationError:
        return True  # the model's validation says what is wrong with the time
    return start is None or end is None or start < end


def _validate(call_off: CallOff, today: date) -> None:
    """The model's rules and the call-off's own: a due date not in the past, a delivery window
    that ends after it starts, a kanban pull whose quantity is its cards times the card
    quantity."""
    errors = {}
    if call_off.due_on is not None and call_off.due_on < today:
        errors["due_on"] = _("The due date is in the past.")
    if not _window_in_order(call_off):
        errors["window_to"] = _("The delivery window must end after it starts.")
    cards, per_card = call_off.kanban_cards, call_off.card_quantity
    if (cards is None) != (per_card is None):
        errors["card_quantity"] = _("A kanban pull needs both the cards and the quantity per card.")
    elif (
        cards is not None
        and call_off.quantity is not None
        and cards * per_card != call_off.quantity
    ):
        errors["quantity"] = _(
            "A kanban pull of %(cards)s cards × %(per_card)s is %(total)s, not %(quantity)s."
        ) % {
            "cards": floatformat(cards, "-2g"),
            "per_card": floatformat(per_card, "-2g"),
            "total": floatformat(cards * per_card, "-2g"),
            "quantity": floatformat(call_off.quantity, "-2g"),
        }
    # A field with an error here is left out of the model's constraints (the window's would
    # only say the same less clearly).
    exclude = ["partnership", "line", "created_by", "acknowledged_by", *errors]
    try:
        call_off.full_clean(exclude=exclude)
    except ValidationError as exc:
        for field, messages in exc.message_dict.items():
            errors.setdefault(field, messages)
    if errors:
        raise ValidationError(errors)


def _line_values(call_off: CallOff) -> dict:
    part = " ".join(p for p in (call_off.part_number, call_off.description) if p)
    return {
        "part": part[:200],
        "quantity": call_off.quantity,
        "unit": call_off.unit,
        "unit_price": call_off.unit_price,
        "due_on": call_off.due_on,
    }


def _sync_line(call_off: CallOff, today: date, user) -> None:
    """Keep the call-off's order line in step: a firm call-off has one (created on release or
    when firmed up), a forecast has none, a cancelled one keeps only what already arrived."""
    line = call_off.line
    if call_off.status == CallOff.Status.CANCELLED or call_off.zone == CallOff.Zone.FORECAST:
        if line is None:
            return
        received = sum(d.quantity for d in line.deliveries.all())
        if received:
            line.quantity = received  # what arrived stays a delivered line; the rest is off
            line.save(update_fields=["quantity"])
        else:
            order = line.order
            call_off.line = None
            call_off.save(update_fields=["line"])
            line.delete()
            if not order.lines.exists():
                order.delete()
        return
    if line is None:
        order = Order.objects.create(
            partnership=call_off.partnership,
            number=call_off.number,
            ordered_on=min(today, call_off.due_on),
            note=_("Call-off %(number)s") % {"number": call_off.number},
            created_by=user,
        )
        call_off.line = partnership_services.add_line(order=order, values=_line_values(call_off))
        call_off.save(update_fields=["line"])
    else:
        for field, value in _line_values(call_off).items():
            setattr(line, field, value)
        line.save()
    partnership_services.schedule_scores(call_off.partnership.buyer_id)


def _next_number(partnership: Partnership, today: date, *avoid) -> str:
    """CO-yymmdd-nnn, the first free one; also not among the numbers in ``avoid`` (those of a
    schedule's other rows)."""
    prefix = f"CO-{today:%y%m%d}-"
    taken = set(
        CallOff.objects.filter(partnership=partnership, number__startswith=prefix).values_list(
            "number", flat=True
        )
    )
    n = len(taken) + 1
    while (number := f"{prefix}{n:03d}") in taken or any(number in a for a in avoid):
        n += 1
    return number


def _check_number(partnership: Partnership, number: str, used) -> None:
    if number in used:
        raise ValidationError(
            {"number": _("This number is used twice in the schedule.")}, code="twice"
        )
    clash = CallOff.objects.filter(partnership=partnership, number=number).exists()
    if clash or Order.objects.filter(partnership=partnership, number=number).exists():
        message = _("This agreement already has a call-off or order numbered %(number)s.")
        raise ValidationError({"number": message % {"number": number}}, code="duplicate_number")


def prepare(
    partnership: Partnership,
    user,
    values: dict,
    now: datetime,
    *,
    used=frozenset(),
    typed=frozenset(),
) -> CallOff:
    """The call-off that ``values`` (the TERMS and an optional ``number``) would release, checked
    against every rule but not saved: what ``release`` and ``release_schedule`` save, and what
    the schedule import checks row by row without writing. Raises ValidationError by field with
    every problem found.

    In a schedule, ``used`` holds the numbers of the rows before this one (a number among them
    is used twice) and ``typed`` every number the schedule gives (a number made up avoids
    them)."""
    today = timezone.localdate(now)
    call_off = CallOff(partnership=partnership, created_by=user)
    for field in TERMS:
        if field in values and values[field] is not None:
            setattr(call_off, field, values[field])
    if call_off.quantity is None and call_off.kanban_cards and call_off.card_quantity:
        call_off.quantity = call_off.kanban_cards * call_off.card_quantity
    number = (values.get("number") or "").strip()
    call_off.number = number or _next_number(partnership, today, used, typed)
    errors: dict = {}
    for check, args in (
        (check_agreement, (partnership, call_off.due_on)),
        (_validate, (call_off, today)),
        (_check_number, (partnership, call_off.number, used)),
    ):
        try:
            check(*args)
        except ValidationError as exc:
            errors = exc.update_error_dict(errors)
    if errors:
        raise ValidationError(errors)
    if call_off.zone == CallOff.Zone.FIRM:
        call_off.ack_due_at = ack_deadline(now, call_off.ack_hours)
    return call_off


@transaction.atomic
def release(*, partnership: Partnership, user, now: datetime | None = None, **values) -> CallOff:
    """One call-off (``values``: the TERMS and an optional ``number``; a number is made up when
    none is given). The supplier's people are told."""
    now = now or timezone.now()
    call_off = prepare(partnership, user, values, now)
    call_off.save()
    _sync_line(call_off, timezone.localdate(now), user)
    _tell_supplier(call_off, released=True)
    _publish(call_off, Event.CALLOFF_RELEASED)
    return call_off


class ScheduleRejected(ValidationError):
    """A schedule with bad rows; nothing was written. Its messages name their row (as a page or
    the API shows them); ``rows`` holds each bad row's ValidationError by field, by the row's
    number (1-based), for an import to put back in its columns."""

    def __init__(self, rows: dict[int, ValidationError]):
        super().__init__(
            [
                _("Row %(row)d: %(message)s") % {"row": index, "message": message}
                if field == NON_FIELD_ERRORS
                else _("Row %(row)d, %(field)s: %(message)s")
                % {"row": index, "field": _label(field), "message": message}
                for index, exc in rows.items()
                for field, messages in _by_field(exc).items()
                for message in messages
            ]
        )
        self.rows = rows


@transaction.atomic
def release_schedule(
    *, partnership: Partnership, user, rows: list[dict], now: datetime | None = None
) -> list[CallOff]:
    """Several call-offs at once (a weekly schedule, an imported file): all or nothing. Every
    row is checked (``prepare``) before any is saved; bad rows raise ScheduleRejected. The
    supplier's people are told once, of the whole schedule."""
    now = now or timezone.now()
    if not rows:
        raise ValidationError(_("The schedule has no call-offs."), code="empty")
    typed = {number for values in rows if (number := (values.get("number") or "").strip())}
    prepared, used, bad = [], set(), {}
    for index, values in enumerate(rows, start=1):
        try:
            call_off = prepare(partnership, user, values, now, used=used, typed=typed)
        except ValidationError as exc:
            bad[index] = exc
            if number := (values.get("number") or "").strip():
                used.add(number)
            continue
        used.add(call_off.number)
        prepared.append(call_off)
    if bad:
        raise ScheduleRejected(bad)
    today = timezone.localdate(now)
    for call_off in prepared:
        call_off.save()
        _sync_line(call_off, today, user)
        _publish(call_off, Event.CALLOFF_RELEASED)
    _tell_supplier_of_schedule(prepared)
    return prepared


def _by_field(exc: ValidationError) -> dict[str, list[str]]:
    if hasattr(exc, "error_dict"):
        return exc.message_dict
    return {NON_FIELD_ERRORS: exc.messages}


def _label(field: str) -> str:
    try:
        return str(CallOff._meta.get_field(field).verbose_name)
    except FieldDoesNotExist:
        return field


def _locked(call_off: CallOff) -> CallOff:
    """The stored call-off, locked for this transaction: two people acting at once take turns
    and the second sees what the first did."""
    return (
        CallOff.objects.select_for_update(of=("self",))  # PostgreSQL locks no nullable join
        .select_related("partnership", "line")
        .get(pk=call_off.pk)
    )


def _require_status(call_off: CallOff, *allowed) -> None:
    if call_off.status not in allowed:
        raise ValidationError(
            _("This call-off is %(status)s; that cannot be done now.")
            % {"status": call_off.get_status_display()},
            code="wrong_status",
        )


@transaction.atomic
def change(*, call_off: CallOff, user, reason: str, now: datetime | None = None, **values):
    """The buyer changes the terms (with a reason): the supplier must acknowledge again."""
    now = now or timezone.now()
    call_off = _locked(call_off)
    _require_status(
        call_off, CallOff.Status.RELEASED, CallOff.Status.PROPOSED, CallOff.Status.ACKNOWLEDGED
    )
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the call-off changes.")}, code="no_reason")
    for field in TERMS:
        if field in values and values[field] is not None:
            setattr(call_off, field, values[field])
    check_agreement(call_off.partnership, call_off.due_on)
    _validate(call_off, timezone.localdate(now))
    call_off.reason = reason.strip()
    _ask_again(call_off, now)
    call_off._change_reason = call_off.reason
    call_off.save()
    _sync_line(call_off, timezone.localdate(now), user)
    _tell_supplier(call_off, released=False)
    _publish(call_off, Event.CALLOFF_CHANGED)
    return call_off


def _ask_again(call_off: CallOff, now: datetime) -> None:
    call_off.proposed_quantity = call_off.proposed_due_on = None
    call_off.proposal_note = ""
    call_off.acknowledged_at = None
    call_off.acknowledged_by = None
    call_off.escalation = CallOff.Escalation.NONE
    call_off.escalated_at = None
    if call_off.zone == CallOff.Zone.FIRM:
        call_off.status = CallOff.Status.RELEASED
        call_off.ack_due_at = ack_deadline(now, call_off.ack_hours)
    else:
        call_off.status = CallOff.Status.RELEASED
        call_off.ack_due_at = None


@transaction.atomic
def cancel(*, call_off: CallOff, user, reason: str, now: datetime | None = None) -> CallOff:
    now = now or timezone.now()
    call_off = _locked(call_off)
    _require_status(
        call_off, CallOff.Status.RELEASED, CallOff.Status.PROPOSED, CallOff.Status.ACKNOWLEDGED
    )
    if not (reason or "").strip():
        raise ValidationError({"reason": _("Say why the call-off is cancelled.")}, code="no_reason")
    _require_nothing_on_the_way(call_off)
    call_off.status = CallOff.Status.CANCELLED
    call_off.reason = reason.strip()
    call_off.ack_due_at = None
    call_off._change_reason = call_off.reason
    call_off.save()
    _sync_line(call_off, timezone.localdate(now), user)
    _tell_supplier(call_off, released=False)
    _publish(call_off, Event.CALLOFF_CANCELLED)
    return call_off


def _require_nothing_on_the_way(call_off: CallOff) -> None:
    """Goods shipped against a call-off and not yet received at the gate belong to it: the buyer
    records the receipt first (accepting or rejecting them), then may cancel what remains."""
    on_the_way = list(
        ShippingNotice.objects.filter(lines__call_off=call_off, status=ShippingNotice.Status.SENT)
        .order_by("number")
        .values_list("number", flat=True)
        .distinct()
    )
    if on_the_way:
        raise ValidationError(
            _(
                "Goods for this call-off are on their way (delivery note %(numbers)s). Record "
                "their receipt first; then the rest can be cancelled."
            )
            % {"numbers": ", ".join(on_the_way)},
            code="goods_on_the_way",
        )


@dataclass(frozen=True)
class Load:
    """A supplier's week: the machine hours its acknowledged firm call-offs due that week need,
    against what its declared machines give in the working week (machines × working hours)."""

    week_start: date
    hours: Decimal
    capacity: Decimal

    @property
    def over(self) -> bool:
        return self.hours > self.capacity

    @property
    def percent(self) -> int | None:
        return round(self.hours * 100 / self.capacity) if self.capacity else None


def working_hours_per_week() -> Decimal:
    start, end, days = settings.CALLOFF_WORKING_HOURS
    return Decimal((end - start) * len(days))


def week_load(supplier_id: int, day: date) -> Load:
    week_start = day - timedelta(days=day.weekday())
    hours = CallOff.objects.filter(
        partnership__supplier_id=supplier_id,
        zone=CallOff.Zone.FIRM,
        status=CallOff.Status.ACKNOWLEDGED,
        due_on__range=(week_start, week_start + timedelta(days=6)),
    ).aggregate(total=Sum("machine_hours"))["total"] or Decimal(0)
    machines = Machine.objects.filter(firm_id=supplier_id).aggregate(n=Sum("count"))["n"] or 0
    return Load(week_start, hours, machines * working_hours_per_week())


def usual_machine_hours(call_off: CallOff, supplier_id: int | None = None) -> Decimal | None:
    """The hours this call-off would need at the rate of the supplier's last estimate for the
    same part (its own supplier's, or ``supplier_id``'s): what the acknowledgement form offers,
    and the move form for another member."""
    last = (
        CallOff.objects.filter(
            partnership__supplier_id=supplier_id or call_off.partnership.supplier_id,
            part_number=call_off.part_number,
            machine_hours__isnull=False,
        )
        .exclude(pk=call_off.pk)
        .order_by("-acknowledged_at", "-pk")
        .values_list("machine_hours", "quantity")
        .first()
    )
    if not last or not last[1]:
        return None
    return (last[0] * call_off.quantity / last[1]).quantize(Decimal("0.1"))


@transaction.atomic
def acknowledge(
    *, call_off: CallOff, user, machine_hours=None, now: datetime | None = None
) -> CallOff:
    """The supplier confirms it will deliver as called off, with its estimate of the machine
    hours it takes (``week_load`` then shows the week against its capacity)."""
    call_off = _locked(call_off)
    _require_status(call_off, CallOff.Status.RELEASED)
    if machine_hours is not None and machine_hours < 0:
        raise ValidationError(
            {"machine_hours": _("Machine hours cannot be negative.")}, code="negative"
        )
    call_off.machine_hours = machine_hours
    call_off.status = CallOff.Status.ACKNOWLEDGED
    call_off.acknowledged_at = now or timezone.now()
    call_off.acknowledged_by = user
    call_off.save()
    _publish(call_off, Event.CALLOFF_ACKNOWLEDGED)
    return call_off


@transaction.atomic
def propose(
    *,
    call_off: CallOff,
    user,
    note: str,
    quantity=None,
    due_on: date | None = None,
    now: datetime | None = None,
) -> CallOff:
    """The supplier answers with another quantity or due date (or both), and why; the buyer
    accepts or rejects it."""
    now = now or timezone.now()
    call_off = _locked(call_off)
    _require_status(call_off, CallOff.Status.RELEASED, CallOff.Status.ACKNOWLEDGED)
    errors = {}
    if quantity is None and due_on is None:
        errors["proposed_quantity"] = _("Propose another quantity, another due date, or both.")
    if quantity is not None and quantity <= 0:
        errors["proposed_quantity"] = _("The quantity must be above zero.")
    if due_on is not None and due_on < timezone.localdate(now):
        errors["proposed_due_on"] = _("The due date is in the past.")
    if not (note or "").strip():
        errors["proposal_note"] = _("Say why you propose a change.")
    if errors:
        raise ValidationError(errors)
    if due_on is not None:
        check_agreement(call_off.partnership, due_on)
    call_off.status = CallOff.Status.PROPOSED
    call_off.proposed_quantity = quantity
    call_off.proposed_due_on = due_on
    call_off.proposal_note = note.strip()
    call_off.acknowledged_at = now
    call_off.acknowledged_by = user
    call_off.save()
    _tell_buyer_of_proposal(call_off)
    _publish(call_off, Event.CALLOFF_CHANGE_PROPOSED)
    return call_off


@transaction.atomic
def decide(
    *, call_off: CallOff, user, accept: bool, reason: str = "", now: datetime | None = None
) -> CallOff:
    """The buyer accepts the supplier's proposal (the call-off takes its terms and stands
    acknowledged) or rejects it with a reason (the original terms stand, to be acknowledged)."""
    now = now or timezone.now()
    call_off = _locked(call_off)
    _require_status(call_off, CallOff.Status.PROPOSED)
    if accept:
        if call_off.proposed_quantity is not None:
            call_off.quantity = call_off.proposed_quantity
            call_off.kanban_cards = call_off.card_quantity = None
        if call_off.proposed_due_on is not None:
            call_off.due_on = call_off.proposed_due_on
        call_off.status = CallOff.Status.ACKNOWLEDGED
        call_off.ack_due_at = None
        call_off.reason = ""
        call_off._change_reason = _("Proposal accepted")
        call_off.save()
        _sync_line(call_off, timezone.localdate(now), user)
    else:
        if not (reason or "").strip():
            raise ValidationError(
                {"reason": _("Say why the proposal is rejected.")}, code="no_reason"
            )
        call_off.reason = reason.strip()
        _ask_again(call_off, now)
        call_off._change_reason = call_off.reason
        call_off.save()
    _tell_supplier_of_decision(call_off, accept)
    _publish(call_off, Event.CALLOFF_CHANGED)
    return call_off


# ---- escalation -------------------------------------------------------------------------------


def _managers_of(firm_ids):
    return Membership.objects.active().filter(organisation_id__in=firm_ids, can_manage=True).users()


def _coop_managers_of(firm_id: int):
    coops = CooperativeMembership.objects.filter(firm_id=firm_id, left_on__isnull=True).values(
        "cooperative_id"
    )
    return (
        Membership.objects.active()
        .filter(organisation_id__in=coops, role=Role.COOP_MANAGER)
        .users()
    )


def _people_of(firm_id: int):
    return Membership.objects.active().filter(organisation_id=firm_id).users()


def escalate_overdue(now: datetime | None = None) -> list[CallOff]:
    """Call-offs not acknowledged in time go one step up each time another acknowledgement
    period passes: to the supplier's owner (its managing members), then the cooperative's
    manager (when the supplier is a member), then the buyer. Run every 15 minutes
    (``manage.py escalate_call_offs``); a step is taken once, so running it again is harmless."""
    now = now or timezone.now()
    moved = []
    overdue = list(
        CallOff.objects.filter(
            status=CallOff.Status.RELEASED,
            zone=CallOff.Zone.FIRM,
            ack_due_at__lt=now,
            escalation__lt=CallOff.Escalation.BUYER,
        ).values_list("pk", flat=True)
    )
    for pk in overdue:
        with transaction.atomic():
            call_off = (
                CallOff.objects.select_for_update(of=("self",))
                .select_related("partnership__supplier", "partnership__buyer")
                .get(pk=pk)
            )
            step = _due_step(call_off, now)
            if step <= call_off.escalation:
                continue
            supplier = call_off.partnership.supplier_id
            recipients = set()
            for level in range(call_off.escalation + 1, step + 1):  # a missed run: all of them
                if level == CallOff.Escalation.OWNER:
                    recipients |= set(_managers_of([supplier]))
                elif level == CallOff.Escalation.COOPERATIVE:
                    recipients |= set(_coop_managers_of(supplier))
                else:
                    recipients |= set(_people_of(call_off.partnership.buyer_id))
            if step == CallOff.Escalation.COOPERATIVE and not _coop_managers_of(supplier):
                step = CallOff.Escalation.BUYER  # no cooperative: the buyer is next
                recipients |= set(_people_of(call_off.partnership.buyer_id))
            call_off.escalation = step
            call_off.escalated_at = now
            call_off.save(update_fields=["escalation", "escalated_at", "updated_at"])
            _tell_of_escalation(call_off, recipients)
            moved.append(call_off)
    return moved


def _due_step(call_off: CallOff, now: datetime) -> int:
    """How many acknowledgement periods have passed since the deadline (1 at the deadline,
    2 one period later, 3 two periods later), capped at the buyer."""
    step, moment = 0, call_off.ack_due_at
    while moment < now and step < CallOff.Escalation.BUYER:
        step += 1
        moment = ack_deadline(moment, call_off.ack_hours)
    return step


# ---- telling people ---------------------------------------------------------------------------


def payload(call_off: CallOff) -> dict:
    """A call-off for the parties' systems (webhooks): plain JSON, numbers and dates as text."""

    def text(value):
        return None if value is None else str(value)

    return {
        "id": call_off.pk,
        "number": call_off.number,
        "partnership": call_off.partnership_id,
        "buyer": call_off.partnership.buyer_id,
        "supplier": call_off.partnership.supplier_id,
        "part_number": call_off.part_number,
        "drawing_revision": call_off.drawing_revision,
        "description": call_off.description,
        "quantity": text(call_off.quantity),
        "unit": call_off.unit,
        "kanban_cards": call_off.kanban_cards,
        "card_quantity": text(call_off.card_quantity),
        "due_on": text(call_off.due_on),
        "window_from": text(call_off.window_from),
        "window_to": text(call_off.window_to),
        "delivery_point": call_off.delivery_point,
        "zone": call_off.zone,
        "status": call_off.status,
        "ack_due_at": call_off.ack_due_at.isoformat() if call_off.ack_due_at else None,
        "acknowledged_at": (
            call_off.acknowledged_at.isoformat() if call_off.acknowledged_at else None
        ),
        "machine_hours": text(call_off.machine_hours),
        "proposed_quantity": text(call_off.proposed_quantity),
        "proposed_due_on": text(call_off.proposed_due_on),
        "proposal_note": call_off.proposal_note,
        "reason": call_off.reason,
    }


def _publish(call_off: CallOff, event: str) -> None:
    """The event to both parties' systems (each organisation's webhook endpoints that want it);
    sent after the transaction commits, never holding up the person who acted."""
    body = payload(call_off)
    for organisation in (call_off.partnership.buyer_id, call_off.partnership.supplier_id):
        webhooks.emit(organisation=organisation, event=event, payload=body)


def _describe(call_off: CallOff) -> str:
    due = date_format(call_off.due_on, "DATE_FORMAT")
    if call_off.window_from and call_off.window_to:
        due += f" {call_off.window_from:%H:%M}–{call_off.window_to:%H:%M}"
    return _("%(quantity)s %(unit)s of %(part)s (%(part_number)s) due %(due)s at %(point)s") % {
        "quantity": floatformat(call_off.quantity, "-2g"),
        "unit": call_off.get_unit_display(),
        "part": call_off.description,
        "part_number": call_off.part_number,
        "due": due,
        "point": call_off.delivery_point,
    }


def _deadline(call_off: CallOff) -> str:
    if call_off.ack_due_at is None:
        return ""
    return _("Acknowledge it by %(time)s.") % {
        "time": date_format(timezone.localtime(call_off.ack_due_at), "DATETIME_FORMAT")
    }


def _tell_supplier(call_off: CallOff, *, released: bool) -> None:
    url = call_off.get_absolute_url()
    buyer = call_off.partnership.buyer.name

    def compose():
        if call_off.status == CallOff.Status.CANCELLED:
            subject = _("%(buyer)s cancelled call-off %(number)s") % {
                "buyer": buyer,
                "number": call_off.number,
            }
        elif released:
            subject = _("New call-off %(number)s from %(buyer)s") % {
                "buyer": buyer,
                "number": call_off.number,
            }
        else:
            subject = _("%(buyer)s changed call-off %(number)s") % {
                "buyer": buyer,
                "number": call_off.number,
            }
        parts = [_describe(call_off), call_off.reason]
        if call_off.status == CallOff.Status.RELEASED:
            parts.append(_deadline(call_off))
        return subject, "\n\n".join(p for p in parts if p)

    notify(_people_of(call_off.partnership.supplier_id), compose, kind=KIND, url=url)


def _tell_supplier_of_schedule(call_offs: list[CallOff]) -> None:
    first = call_offs[0]
    url = f"{reverse('calloffs:board')}?partnership={first.partnership_id}&open=true"

    def compose():
        subject = _("%(count)d new call-offs from %(buyer)s") % {
            "count": len(call_offs),
            "buyer": first.partnership.buyer.name,
        }
        body = "\n".join(f"{c.number}: {_describe(c)}" for c in call_offs)
        return subject, "\n\n".join((body, _deadline(first)))

    notify(_people_of(first.partnership.supplier_id), compose, kind=KIND, url=url)


def _tell_buyer_of_proposal(call_off: CallOff) -> None:
    def compose():
        subject = _("%(supplier)s proposes a change to call-off %(number)s") % {
            "supplier": call_off.partnership.supplier.name,
            "number": call_off.number,
        }
        proposal = []
        if call_off.proposed_quantity is not None:
            quantity = floatformat(call_off.proposed_quantity, "-2g")
            proposal.append(_("quantity %(quantity)s") % {"quantity": quantity})
        if call_off.proposed_due_on is not None:
            proposal.append(
                _("due %(due)s") % {"due": date_format(call_off.proposed_due_on, "DATE_FORMAT")}
            )
        return subject, "\n\n".join((", ".join(proposal), call_off.proposal_note))

    notify(
        _people_of(call_off.partnership.buyer_id),
        compose,
        kind=KIND,
        url=call_off.get_absolute_url(),
    )


def _tell_supplier_of_decision(call_off: CallOff, accepted: bool) -> None:
    def compose():
        values = {"buyer": call_off.partnership.buyer.name, "number": call_off.number}
        if accepted:
            return _("%(buyer)s accepted your proposal for call-off %(number)s") % values, (
                _describe(call_off)
            )
        subject = _("%(buyer)s rejected your proposal for call-off %(number)s") % values
        return subject, "\n\n".join((call_off.reason, _describe(call_off), _deadline(call_off)))

    notify(
        _people_of(call_off.partnership.supplier_id),
        compose,
        kind=KIND,
        url=call_off.get_absolute_url(),
    )


def _tell_of_escalation(call_off: CallOff, recipients) -> None:
    def compose():
        subject = _("Call-off %(number)s to %(supplier)s is not acknowledged") % {
            "number": call_off.number,
            "supplier": call_off.partnership.supplier.name,
        }
        due = date_format(timezone.localtime(call_off.ack_due_at), "DATETIME_FORMAT")
        body = _("It was due to be acknowledged by %(time)s.") % {"time": due}
        return subject, "\n\n".join((body, _describe(call_off)))

    notify(recipients, compose, kind=KIND, url=call_off.get_absolute_url())


KIND = Notification.Kind.CALL_OFF
