"""A cooperative moves a member's call-off to another member, with the buyer's consent.

When a member of Koperasi TMI cannot deliver a call-off (a machine down, a rush elsewhere), the
cooperative's manager may propose another member that can. The member must:

- be an active member of the same cooperative (one the manager manages);
- be a source the buyer already uses for the part: the buyer has called off or ordered this part
  number from it before (the buyer's approval of a source is per part, as in automotive supply);
- hold an agreement in force with the buyer through the due date (the moved call-off becomes an
  order line of that agreement, so its deliveries count in that member's scores);
- have room: its acknowledged hours for the due week plus the hours this call-off takes stay
  within its declared machines × working hours (``services.week_load``).

The buyer accepts or rejects the proposal. Accepted, the original call-off is cancelled with the
move as its reason and released again on the same terms to the new member, who acknowledges it
as any other call-off; every step is in the history of both. A call-off against which goods have
already been shipped or received cannot move (change its quantity instead).
"""

from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.template.defaultfilters import floatformat
from django.utils import timezone
from django.utils.translation import gettext as _

from rantai.accounts.actors import actor_for
from rantai.calloffs import services
from rantai.calloffs.models import CallOff, CallOffMove
from rantai.core.mail import notify
from rantai.firms.models import CooperativeMembership, Firm
from rantai.partnerships.models import Order, OrderLine, Partnership

MOVABLE = (CallOff.Status.RELEASED, CallOff.Status.PROPOSED, CallOff.Status.ACKNOWLEDGED)


@dataclass
class Candidate:
    """Another member of the cooperative, and what says whether it can take the call-off."""

    firm: Firm
    cooperative: Firm
    buyer: Firm
    part_number: str
    partnership: Partnership | None  # its agreement with the buyer in force through the due date
    supplied_before: bool  # the buyer has called off or ordered this part from it
    load: services.Load
    hours: Decimal | None  # what the call-off would take, at its own last rate if known

    def problems_with(self, hours: Decimal | None) -> list[str]:
        """Why it cannot take the call-off if it takes ``hours``; empty when it can."""
        problems = []
        if self.partnership is None:
            problems.append(
                _("It has no agreement with %(buyer)s in force through the due date.")
                % {"buyer": self.buyer.name}
            )
        if not self.supplied_before:
            problems.append(
                _("%(buyer)s has not called off or ordered part %(part)s from it before.")
                % {"buyer": self.buyer.name, "part": self.part_number}
            )
        if not self.load.capacity:
            problems.append(_("It has declared no machines, so its capacity is unknown."))
        elif hours is not None and self.load.hours + hours > self.load.capacity:
            problems.append(
                _(
                    "Its week would be over capacity: %(load)s of %(capacity)s machine hours "
                    "with this call-off."
                )
                % {
                    "load": floatformat(self.load.hours + hours, "-1g"),
                    "capacity": floatformat(self.load.capacity, "-1g"),
                }
            )
        return problems

    @property
    def problems(self) -> list[str]:
        return self.problems_with(self.hours)

    @property
    def eligible(self) -> bool:
        return not self.problems

    @property
    def free_hours(self) -> Decimal:
        return self.load.capacity - self.load.hours


def cooperatives_for(call_off: CallOff, user) -> list[int]:
    """The cooperatives through which ``user`` may move ``call_off``: those its supplier belongs
    to that he manages (all of them for an administrator)."""
    memberships = CooperativeMembership.objects.filter(
        firm_id=call_off.partnership.supplier_id, left_on__isnull=True
    )
    actor = actor_for(user)
    if not actor.is_admin:
        memberships = memberships.filter(cooperative_id__in=actor.managed_coop_ids)
    return list(memberships.values_list("cooperative_id", flat=True))


def candidates(call_off: CallOff, cooperative_ids) -> list[Candidate]:
    """The other active members of the cooperatives, each with its agreement, capability and
    capacity for this call-off; those that can take it first, the most room first."""
    partnership = call_off.partnership
    memberships = (
        CooperativeMembership.objects.filter(
            cooperative_id__in=cooperative_ids, left_on__isnull=True
        )
        .exclude(firm_id=partnership.supplier_id)
        .select_related("firm", "cooperative")
        .order_by("firm__name")
    )
    firms = {m.firm_id: m for m in memberships}
    agreements = {}
    in_force = (
        Partnership.objects.filter(
            buyer_id=partnership.buyer_id,
            supplier_id__in=firms,
            status__in=services.IN_FORCE,
        )
        .filter(Q(ends_on__isnull=True) | Q(ends_on__gte=call_off.due_on))
        .order_by("supplier_id", "-signed_on", "-pk")
    )
    for agreement in in_force:
        agreements.setdefault(agreement.supplier_id, agreement)
    supplied = set(
        CallOff.objects.filter(
            partnership__buyer_id=partnership.buyer_id,
            partnership__supplier_id__in=firms,
            part_number=call_off.part_number,
        ).values_list("partnership__supplier_id", flat=True)
    ) | set(
        OrderLine.objects.filter(
            partnership__buyer_id=partnership.buyer_id,
            partnership__supplier_id__in=firms,
            part__icontains=call_off.part_number,
        ).values_list("partnership__supplier_id", flat=True)
    )
    found = [
        Candidate(
            firm=membership.firm,
            cooperative=membership.cooperative,
            buyer=partnership.buyer,
            part_number=call_off.part_number,
            partnership=agreements.get(firm_id),
            supplied_before=firm_id in supplied,
            load=services.week_load(firm_id, call_off.due_on),
            hours=services.usual_machine_hours(call_off, firm_id) or call_off.machine_hours,
        )
        for firm_id, membership in firms.items()
    ]
    found.sort(key=lambda c: (not c.eligible, -c.free_hours, c.firm.name))
    return found


def _check_movable(call_off: CallOff, today) -> None:
    """The call-off is open, due today or later, and nothing has been shipped against it."""
    services._require_status(call_off, *MOVABLE)
    if call_off.due_on < today:
        raise ValidationError(
            _("The call-off was due on a past date; it cannot move to another member."),
            code="past_due",
        )
    shipped = call_off.shipping_lines.exists() or (
        call_off.line_id is not None and call_off.line.deliveries.exists()
    )
    if shipped:
        raise ValidationError(
            _("Goods were already shipped against this call-off; change its quantity instead."),
            code="shipped",
        )


def _candidate(call_off: CallOff, cooperative_ids, to_firm, hours) -> Candidate:
    """``to_firm`` as a candidate that can take the call-off with ``hours``, or the reasons it
    cannot (ValidationError on the member's field)."""
    firm_id = getattr(to_firm, "pk", None)
    found = next((c for c in candidates(call_off, cooperative_ids) if c.firm.pk == firm_id), None)
    if found is None:
        raise ValidationError(
            {"to_firm": _("Choose another member of the supplier's cooperative.")},
            code="not_a_member",
        )
    problems = found.problems_with(hours)
    if problems:
        raise ValidationError({"to_firm": problems}, code="cannot_take")
    return found


@transaction.atomic
def propose_move(
    *,
    call_off: CallOff,
    user,
    to_firm: Firm,
    machine_hours,
    reason: str,
    now: datetime | None = None,
) -> CallOffMove:
    """The cooperative's manager proposes ``to_firm`` (a member that can take it) for the
    call-off; the buyer's people are told and decide."""
    now = now or timezone.now()
    call_off = services._locked(call_off)
    _check_movable(call_off, timezone.localdate(now))
    if call_off.moves.filter(status=CallOffMove.Status.PROPOSED).exists():
        raise ValidationError(
            _("A move of this call-off is already waiting for the buyer."), code="pending"
        )
    errors = {}
    if machine_hours is None or machine_hours <= 0:
        errors["machine_hours"] = _("Give the machine hours the call-off takes; above zero.")
    if not (reason or "").strip():
        errors["reason"] = _("Say why the call-off should move.")
    if errors:
        raise ValidationError(errors)
    found = _candidate(call_off, cooperatives_for(call_off, user), to_firm, machine_hours)
    move = CallOffMove(
        call_off=call_off,
        cooperative=found.cooperative,
        to_firm=found.firm,
        to_partnership=found.partnership,
        machine_hours=machine_hours,
        reason=reason.strip(),
        created_by=user,
    )
    move.full_clean(exclude=["decided_by", "new_call_off", "created_by"])
    move.save()
    _tell_of_proposal(move, found)
    return move


def _number_on(partnership: Partnership, number: str) -> str | None:
    """The call-off's own number if the new agreement has no call-off or order with it (None:
    make one up)."""
    taken = (
        CallOff.objects.filter(partnership=partnership, number=number).exists()
        or Order.objects.filter(partnership=partnership, number=number).exists()
    )
    return None if taken else number


@transaction.atomic
def decide_move(
    *, move: CallOffMove, user, accept: bool, reason: str = "", now: datetime | None = None
) -> CallOffMove:
    """The buyer accepts (the call-off is cancelled and released again to the new member,
    checked again as at the proposal) or rejects with a reason (nothing else changes)."""
    now = now or timezone.now()
    move = CallOffMove.objects.select_for_update().get(pk=move.pk)
    call_off = services._locked(move.call_off)
    if move.status != CallOffMove.Status.PROPOSED:
        raise ValidationError(
            _("This move is %(status)s; that cannot be done now.")
            % {"status": move.get_status_display()},
            code="wrong_status",
        )
    move.decided_by, move.decided_at = user, now
    if not accept:
        if not (reason or "").strip():
            raise ValidationError({"reason": _("Say why the move is rejected.")}, code="no_reason")
        move.status = CallOffMove.Status.REJECTED
        move.decision_note = reason.strip()
        move._change_reason = move.decision_note
        move.save()
        _tell_of_decision(move)
        return move
    _check_movable(call_off, timezone.localdate(now))
    _candidate(call_off, [move.cooperative_id], move.to_firm, move.machine_hours)
    terms = {name: getattr(call_off, name) for name in services.TERMS}
    new = services.release(
        partnership=move.to_partnership,
        user=user,
        now=now,
        number=_number_on(move.to_partnership, call_off.number),
        **terms,
    )
    services.cancel(
        call_off=call_off,
        user=user,
        now=now,
        reason=_("Moved to %(firm)s by %(cooperative)s with the buyer's consent: %(reason)s")
        % {"firm": move.to_firm.name, "cooperative": move.cooperative.name, "reason": move.reason},
    )
    move.status = CallOffMove.Status.ACCEPTED
    move.new_call_off = new
    move._change_reason = _("Accepted")
    move.save()
    _tell_of_decision(move)
    return move


# ---- telling people ---------------------------------------------------------------------------


def _tell_of_proposal(move: CallOffMove, found: Candidate) -> None:
    call_off = move.call_off

    def compose():
        subject = _(
            "%(cooperative)s proposes moving call-off %(number)s from %(supplier)s to %(firm)s"
        ) % {
            "cooperative": move.cooperative.name,
            "number": call_off.number,
            "supplier": call_off.partnership.supplier.name,
            "firm": move.to_firm.name,
        }
        week = _("%(firm)s's week: %(load)s of %(capacity)s machine hours with this call-off.") % {
            "firm": move.to_firm.name,
            "load": floatformat(found.load.hours + move.machine_hours, "-1g"),
            "capacity": floatformat(found.load.capacity, "-1g"),
        }
        return subject, "\n\n".join((services._describe(call_off), move.reason, week))

    people = set(services._people_of(call_off.partnership.buyer_id)) | set(
        services._people_of(call_off.partnership.supplier_id)
    )
    notify(people, compose, kind=services.KIND, url=call_off.get_absolute_url())


def _tell_of_decision(move: CallOffMove) -> None:
    """The cooperative's managers hear the answer; on acceptance the two suppliers are told by
    the cancel and the release themselves."""
    call_off = move.call_off

    def compose():
        values = {
            "buyer": call_off.partnership.buyer.name,
            "number": call_off.number,
            "firm": move.to_firm.name,
        }
        if move.status == CallOffMove.Status.ACCEPTED:
            return _("%(buyer)s agreed to move call-off %(number)s to %(firm)s") % values, (
                services._describe(call_off)
            )
        subject = _("%(buyer)s did not agree to move call-off %(number)s to %(firm)s") % values
        return subject, move.decision_note

    managers = set(services._coop_managers_of(call_off.partnership.supplier_id))
    if move.created_by_id:
        managers.add(move.created_by)
    url = (move.new_call_off or call_off).get_absolute_url()
    notify(managers, compose, kind=services.KIND, url=url)
