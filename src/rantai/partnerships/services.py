"""What may happen to a partnership and its supply links. Views, the API and the demo all go
through these functions, so the rules hold whichever door the change comes through; each runs in
one transaction and validates before it writes."""

from collections.abc import Iterable
from datetime import date, timedelta

from dateutil.relativedelta import relativedelta
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Min
from django.utils import timezone
from django.utils.translation import gettext as _

from rantai.core.dates import months_between
from rantai.matchmaking.models import Registration
from rantai.partnerships import tasks
from rantai.partnerships.models import Delivery, Document, Order, OrderLine, Partnership, SupplyLink

Status = Partnership.Status


# ---- the supply graph ------------------------------------------------------------------------


def reaches(start_id: int, target_id: int) -> bool:
    """Whether ``target`` is downstream of ``start``: start → … → target along active links.

    Breadth-first, one query per level of the chain (chains are a handful of tiers deep)."""
    seen = {start_id}
    frontier = {start_id}
    while frontier:
        if target_id in frontier:
            return True
        nxt = set(
            SupplyLink.objects.active()
            .filter(buyer_id__in=frontier)
            .values_list("supplier_id", flat=True)
        )
        frontier = nxt - seen
        seen |= nxt
    return False


def check_link(buyer_id: int, supplier_id: int) -> None:
    if buyer_id == supplier_id:
        raise ValidationError(_("A firm cannot supply itself."), code="self_link")
    if reaches(supplier_id, buyer_id):
        raise ValidationError(
            _(
                "This link would close a circle: the buyer already supplies, through the chain, "
                "the supplier it wants to buy from."
            ),
            code="cycle",
        )


def tier_of(firm_id: int) -> int | None:
    """A firm's tier in the chain: the lowest tier of the links where it supplies; 0 for a firm
    that buys but supplies no one in the registry (an OEM); None for a firm outside the chain."""
    tier = SupplyLink.objects.active().filter(supplier_id=firm_id).aggregate(t=Min("tier"))["t"]
    if tier is not None:
        return tier
    if SupplyLink.objects.active().filter(buyer_id=firm_id).exists():
        return 0
    return None


@transaction.atomic
def save_link(
    *,
    buyer,
    supplier,
    tier: int,
    commodity: str = "",
    partnership: Partnership | None = None,
) -> SupplyLink:
    """Add (or reactivate and update) the link buyer → supplier; refuses self-links and
    cycles."""
    existing = SupplyLink.objects.select_for_update().filter(buyer=buyer, supplier=supplier).first()
    if existing is None or not existing.active:
        check_link(buyer.pk, supplier.pk)
    if not 1 <= tier <= 9:
        raise ValidationError(_("The tier must be between 1 and 9."), code="tier")
    link = existing or SupplyLink(buyer=buyer, supplier=supplier)
    link.tier = tier
    link.commodity = commodity or link.commodity
    link.active = True
    if partnership is not None:
        link.partnership = partnership
    link.full_clean()
    link.save()
    return link


@transaction.atomic
def end_link(link: SupplyLink) -> None:
    link.active = False
    link.save(update_fields=["active", "updated_at"])


# ---- agreements -----------------------------------------------------------------------------


def _first_line(text: str) -> str:
    return (text or "").strip().splitlines()[0][:200] if (text or "").strip() else ""


def derived_tier(partnership: Partnership) -> int:
    """The supplier's tier under this agreement: one below the buyer's place in the chain, or
    what the kind of agreement says when the buyer's place is unknown."""
    if partnership.tier:
        return partnership.tier
    buyer_tier = tier_of(partnership.buyer_id)
    if buyer_tier is not None:
        return buyer_tier + 1
    return Partnership.KIND_TIER.get(partnership.kind, 1)


@transaction.atomic
def save_partnership(
    partnership: Partnership,
    *,
    facilitators: Iterable | None = None,
    witnesses: Iterable[dict] | None = None,
) -> Partnership:
    """Create or update an agreement's terms (only while it is a draft)."""
    if partnership.pk:
        stored = Partnership.objects.select_for_update().get(pk=partnership.pk)
        if not stored.is_editable:
            raise ValidationError(
                _("A signed agreement cannot be changed; terminate it or record a renewal."),
                code="locked",
            )
    partnership.full_clean()
    partnership.save()
    if facilitators is not None:
        partnership.facilitators.set(facilitators)
    if witnesses is not None:
        partnership.witnesses.all().delete()
        for witness in witnesses:
            partnership.witnesses.create(**witness)
    return partnership


def from_meeting(meeting, **initial) -> Partnership:
    """An unsaved draft agreement prefilled from a temu bisnis meeting: the supplier and the
    buyer of the meeting, the event, and the buyer's need as the scope."""

    parties = {r.role: r for r in (meeting.request.requester, meeting.request.recipient)}
    supplier = parties[Registration.Role.SUPPLIER].firm
    buyer = parties[Registration.Role.BUYER].firm
    need = meeting.event.needs.filter(registration=parties[Registration.Role.BUYER]).first()
    membership = supplier.cooperative_memberships.filter(left_on__isnull=True).first()
    return Partnership(
        supplier=supplier,
        buyer=buyer,
        event=meeting.event,
        meeting=meeting,
        cooperative=membership.cooperative if membership else None,
        kind=Partnership.Kind.GENERAL,
        scope=need.title if need else "",
        **initial,
    )


@transaction.atomic
def add_document(*, partnership: Partnership, file, title: str, kind: str, user) -> Document:
    document = Document(
        partnership=partnership, file=file, title=title or file.name, kind=kind, uploaded_by=user
    )
    document.full_clean()
    document.save()
    return document


def _missing_for(partnership: Partnership, status: str) -> list[str]:
    missing = []
    if status == Status.SIGNED:
        if not partnership.signed_on:
            missing.append(_("the signing date"))
        if not partnership.starts_on or not partnership.ends_on:
            missing.append(_("the period"))
        if not partnership.documents.filter(kind=Document.Kind.SIGNED).exists():
            missing.append(_("the signed agreement (PDF)"))
    return missing


@transaction.atomic
def change_status(
    partnership: Partnership, status: str, *, reason: str = "", today: date | None = None
) -> Partnership:
    """Move an agreement along draft → signed → active → ended, or terminate it with a reason.

    Activating makes (or renews) the supply link buyer → supplier; ending or terminating
    retires it unless another agreement in force still joins the two firms."""
    partnership = Partnership.objects.select_for_update().get(pk=partnership.pk)
    today = today or timezone.localdate()
    if status not in partnership.next_statuses:
        raise ValidationError(
            _("An agreement that is %(current)s cannot become %(next)s.")
            % {
                "current": partnership.get_status_display(),
                "next": Status(status).label,
            },
            code="transition",
        )
    missing = _missing_for(partnership, status)
    if missing:
        raise ValidationError(
            _("To mark the agreement signed, first record %(missing)s.")
            % {"missing": ", ".join(missing)},
            code="incomplete",
        )
    if status == Status.SIGNED and partnership.signed_on > today:
        raise ValidationError(_("The signing date cannot be in the future."), code="future")
    if status == Status.TERMINATED and not reason.strip():
        raise ValidationError(_("Say why the agreement is terminated."), code="reason")
    if status == Status.ACTIVE:
        save_link(
            buyer=partnership.buyer,
            supplier=partnership.supplier,
            tier=derived_tier(partnership),
            commodity=_first_line(partnership.scope),
            partnership=partnership,
        )
        if not partnership.tier:
            partnership.tier = derived_tier(partnership)
    if status in (Status.ENDED, Status.TERMINATED):
        still = (
            Partnership.objects.filter(
                buyer=partnership.buyer, supplier=partnership.supplier, status=Status.ACTIVE
            )
            .exclude(pk=partnership.pk)
            .exists()
        )
        if not still:
            for link in SupplyLink.objects.filter(
                buyer=partnership.buyer, supplier=partnership.supplier, active=True
            ):
                end_link(link)
    partnership.status = status
    if reason:
        partnership.status_reason = reason.strip()
    partnership.save()
    return partnership


def next_period(starts_on: date, ends_on: date) -> tuple[date, date]:
    """The period after [starts_on, ends_on]: as many whole months when the period is whole
    months (3 Oct 2022 – 2 Oct 2027 → 3 Oct 2027 – 2 Oct 2032), else as many days."""
    start = ends_on + timedelta(days=1)
    months = months_between(starts_on, start)
    if months > 0 and starts_on + relativedelta(months=months) == start:
        return start, start + relativedelta(months=months, days=-1)
    return start, start + (ends_on - starts_on)


@transaction.atomic
def renew(partnership: Partnership) -> Partnership:
    """A draft that continues an agreement: same parties and terms, the next period."""
    partnership = Partnership.objects.get(pk=partnership.pk)
    if not partnership.was_signed:
        raise ValidationError(_("Only a signed agreement can be renewed."), code="renew")
    facilitators = list(partnership.facilitators.all())
    old = partnership
    new = Partnership(
        supplier=old.supplier,
        buyer=old.buyer,
        cooperative=old.cooperative,
        officer=old.officer,
        kind=old.kind,
        tier=old.tier,
        scope=old.scope,
        estimated_value=old.estimated_value,
        program=old.program,
        event=old.event,
        meeting=old.meeting,
        renews=old,
    )
    if old.ends_on and old.starts_on:
        new.starts_on, new.ends_on = next_period(old.starts_on, old.ends_on)
    return save_partnership(new, facilitators=facilitators)


# ---- orders and deliveries ------------------------------------------------------------------

ORDERABLE = Partnership.SIGNED_STATUSES


def check_orderable(partnership: Partnership) -> None:
    """Checked against the stored status, not a possibly stale object."""
    status = Partnership.objects.filter(pk=partnership.pk).values_list("status", flat=True).first()
    if status not in ORDERABLE:
        raise ValidationError(
            _("Orders can only be recorded under a signed agreement."), code="not_signed"
        )


@transaction.atomic
def create_order(
    *,
    partnership: Partnership,
    number: str,
    ordered_on: date,
    lines: list[dict],
    user=None,
    note: str = "",
    rescore: bool = True,
):
    """An order with its lines (dicts of part, quantity, unit, unit_price, due_on)."""

    check_orderable(partnership)
    if not lines:
        raise ValidationError(_("An order needs at least one line."), code="no_lines")
    order = Order(
        partnership=partnership, number=number, ordered_on=ordered_on, note=note, created_by=user
    )
    order.full_clean()
    order.save()
    for values in lines:
        add_line(order=order, values=values)
    if rescore:
        schedule_scores(partnership.buyer_id)
    return order


def add_line(*, order, values: dict):
    """A line on an order (new or stored), validated like every line: the model's rules and a
    due date not before the order date."""

    line = OrderLine(order=order, partnership_id=order.partnership_id, **values)
    line.full_clean(exclude=["partnership"])
    if line.due_on < order.ordered_on:
        raise ValidationError(
            {"due_on": _("A line cannot be due before the order date.")}, code="due_early"
        )
    line.save()
    return line


@transaction.atomic
def add_delivery(
    *,
    line,
    delivered_on: date,
    quantity,
    rejected=0,
    reject_reason: str = "",
    today: date | None = None,
    rescore: bool = True,
):

    check_orderable(line.partnership)
    if delivered_on > (today or timezone.localdate()):
        raise ValidationError(
            {"delivered_on": _("A delivery cannot be dated in the future.")}, code="future"
        )
    if delivered_on < line.order.ordered_on:
        raise ValidationError(
            {"delivered_on": _("A delivery cannot come before its order.")}, code="before_order"
        )
    delivery = Delivery(
        line=line,
        partnership_id=line.partnership_id,
        delivered_on=delivered_on,
        quantity=quantity,
        rejected=rejected or 0,
        reject_reason=reject_reason or "",
    )
    delivery.full_clean(exclude=["partnership"])
    delivery.save()
    if rescore:
        schedule_scores(line.partnership.buyer_id)
    return delivery


def schedule_scores(buyer_id: int) -> None:
    """Recompute the buyer's scorecard in the background once this transaction commits."""

    transaction.on_commit(lambda: tasks.recompute_scorecard.enqueue(buyer_id))
