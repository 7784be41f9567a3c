"""What may happen on an estate: leasing units (from the waiting list or directly), renewing and
ending leases, recording payments, offering freed units. One transaction each, validated before
anything is written; a unit's status follows its leases."""

from datetime import date, timedelta

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from rantai.estates.models import Application, Lease, Payment, Unit


def _overlapping(units, starts_on: date, ends_on: date, exclude: Lease | None = None):
    leases = Lease.objects.filter(
        units__in=units,
        status=Lease.Status.ACTIVE,
        starts_on__lte=ends_on,
    ).filter(Q(ended_on__isnull=True, ends_on__gte=starts_on) | Q(ended_on__gte=starts_on))
    if exclude is not None:
        leases = leases.exclude(pk=exclude.pk)
    return leases.distinct()


@transaction.atomic
def lease(
    *,
    estate,
    units: list[Unit],
    tenant,
    starts_on: date,
    ends_on: date,
    monthly_fee,
    deposit=0,
    terms: str = "",
    number: str = "",
    application: Application | None = None,
    renews: Lease | None = None,
    today: date | None = None,
) -> Lease:
    """Lease ``units`` to ``tenant``; refuses units of another estate, units under maintenance
    or reserved for someone else, and any unit already leased for part of the period."""
    today = today or timezone.localdate()
    if not units:
        raise ValidationError(_("Choose at least one unit."), code="no_units")
    locked = list(Unit.objects.select_for_update().filter(pk__in=[u.pk for u in units]))
    for unit in locked:
        if unit.estate_id != estate.pk:
            raise ValidationError(_("Unit %(unit)s is on another estate.") % {"unit": unit.code})
        if unit.status == Unit.Status.MAINTENANCE:
            raise ValidationError(
                _("Unit %(unit)s is under maintenance.") % {"unit": unit.code}, code="maintenance"
            )
        if unit.status == Unit.Status.RESERVED and not (
            application and application.offered_unit_id == unit.pk
        ):
            raise ValidationError(
                _("Unit %(unit)s is reserved for another applicant.") % {"unit": unit.code},
                code="reserved",
            )
    clash = _overlapping(locked, starts_on, ends_on, exclude=renews).first()
    if clash is not None:
        raise ValidationError(
            _("%(units)s already leased to %(tenant)s until %(end)s.")
            % {
                "units": ", ".join(u.code for u in clash.units.all()),
                "tenant": clash.tenant.name,
                "end": date_format(clash.last_day, "SHORT_DATE_FORMAT"),
            },
            code="overlap",
        )
    new = Lease(
        estate=estate,
        tenant=tenant,
        number=number,
        starts_on=starts_on,
        ends_on=ends_on,
        monthly_fee=monthly_fee,
        deposit=deposit or 0,
        terms=terms,
        renews=renews,
    )
    new.full_clean()
    new.save()
    new.units.set(locked)
    if starts_on <= today:
        Unit.objects.filter(pk__in=[u.pk for u in locked]).update(
            status=Unit.Status.OCCUPIED, vacant_since=None
        )
    if application is not None:
        Application.objects.filter(pk=application.pk).update(status=Application.Status.LEASED)
    return new


@transaction.atomic
def end_lease(lease_: Lease, *, on: date, reason: str = "", terminated: bool = False) -> Lease:
    """End a lease early (or mark it ended at its term): the units become vacant from the next
    day unless another lease takes them."""
    lease_ = Lease.objects.select_for_update().get(pk=lease_.pk)
    if lease_.status != Lease.Status.ACTIVE:
        raise ValidationError(_("This lease has already ended."), code="ended")
    if on < lease_.starts_on:
        raise ValidationError(_("A lease cannot end before it starts."), code="before_start")
    if terminated and not reason.strip():
        raise ValidationError(_("Say why the lease is terminated."), code="reason")
    lease_.status = Lease.Status.TERMINATED if terminated else Lease.Status.ENDED
    lease_.ended_on = min(on, lease_.ends_on)
    lease_.end_reason = reason.strip()
    lease_.save()
    for unit in lease_.units.all():
        if not _overlapping([unit], on + timedelta(days=1), on + timedelta(days=1)).exists():
            Unit.objects.filter(pk=unit.pk).update(
                status=Unit.Status.VACANT, vacant_since=lease_.ended_on + timedelta(days=1)
            )
    return lease_


@transaction.atomic
def renew(lease_: Lease, *, ends_on: date, monthly_fee=None, terms: str | None = None) -> Lease:
    """The next period of a lease as a new lease that points at the old one (history kept)."""
    lease_ = Lease.objects.select_for_update().get(pk=lease_.pk)
    if lease_.status != Lease.Status.ACTIVE:
        raise ValidationError(_("Only an active lease can be renewed."), code="not_active")
    starts_on = lease_.ends_on + timedelta(days=1)
    if ends_on < starts_on:
        raise ValidationError(
            {"ends_on": _("The renewal must end after %(day)s.") % {"day": starts_on}},
            code="too_short",
        )
    new = lease(
        estate=lease_.estate,
        units=list(lease_.units.all()),
        tenant=lease_.tenant,
        starts_on=starts_on,
        ends_on=ends_on,
        monthly_fee=lease_.monthly_fee if monthly_fee is None else monthly_fee,
        deposit=lease_.deposit,
        terms=lease_.terms if terms is None else terms,
        renews=lease_,
    )
    return new


@transaction.atomic
def record_payment(*, lease_: Lease, paid_on: date, amount, reference: str = "", user=None):
    if paid_on > timezone.localdate():
        raise ValidationError({"paid_on": _("A payment cannot be dated in the future.")})
    payment = Payment(
        lease=lease_, paid_on=paid_on, amount=amount, reference=reference, recorded_by=user
    )
    payment.full_clean()
    payment.save()
    return payment


@transaction.atomic
def offer(application: Application, unit: Unit) -> Application:
    """Offer a vacant unit to an applicant: the unit is reserved for it until it is leased or
    the offer is withdrawn."""
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    if unit.estate_id != application.estate_id:
        raise ValidationError(_("That unit is on another estate."))
    if unit.status != Unit.Status.VACANT:
        raise ValidationError(
            _("Unit %(unit)s is not vacant.") % {"unit": unit.code}, code="not_vacant"
        )
    if application.status != Application.Status.WAITING:
        raise ValidationError(_("This application is no longer waiting."), code="not_waiting")
    unit.status = Unit.Status.RESERVED
    unit.save(update_fields=["status", "updated_at"])
    application.status = Application.Status.OFFERED
    application.offered_unit = unit
    application.save(update_fields=["status", "offered_unit", "updated_at"])
    return application


@transaction.atomic
def withdraw_offer(application: Application) -> Application:
    if application.status != Application.Status.OFFERED or application.offered_unit is None:
        raise ValidationError(_("There is no offer to withdraw."))
    Unit.objects.filter(pk=application.offered_unit_id, status=Unit.Status.RESERVED).update(
        status=Unit.Status.VACANT
    )
    application.status = Application.Status.WAITING
    application.offered_unit = None
    application.save(update_fields=["status", "offered_unit", "updated_at"])
    return application


def next_applicant(unit: Unit) -> Application | None:
    """The longest-waiting applicant that fits a freed unit: one that wants this type (or any
    type), in the order they applied."""
    return (
        Application.objects.filter(estate=unit.estate_id, status=Application.Status.WAITING)
        .filter(Q(wanted_type__isnull=True) | Q(wanted_type=unit.type_id))
        .order_by("applied_on", "pk")
        .first()
    )


@transaction.atomic
def close_expired(*, estate=None, today: date | None = None) -> list[Lease]:
    """Mark leases past their end as ended and free their units (run daily, or by a manager)."""
    today = today or timezone.localdate()
    expired = Lease.objects.filter(status=Lease.Status.ACTIVE, ends_on__lt=today)
    if estate is not None:
        expired = expired.filter(estate=estate)
    ended = []
    for item in expired:
        ended.append(end_lease(item, on=item.ends_on))
    return ended
