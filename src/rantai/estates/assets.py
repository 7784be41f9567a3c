"""Facilities and assets of an estate: saving them, condition checks, maintenance, bookings of
shared facilities, and what each source of funds paid for.

Views, the API and the demo all go through these functions, so the rules hold whichever door
the change comes through; each runs in one transaction and validates before it writes.

Bookings: only assets marked bookable; the booking ends after it starts, does not start in the
past and lasts at most ``MAX_BOOKING``; two confirmed bookings of one asset never overlap. The
overlap is checked after locking the asset's row (``select_for_update``), so of two requests for
the same time the second waits for the first to commit and then sees its booking. (On SQLite,
which has no row locks, the project opens every transaction with ``BEGIN IMMEDIATE``, which
serialises writers the same way.) Periods are half-open: a booking until 12.00 and one from
12.00 do not overlap.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Count, Sum
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from rantai.accounts.actors import actor_for
from rantai.core.access import can, require
from rantai.estates.models import Asset, Booking, ConditionCheck, Estate, Maintenance
from rantai.firms.models import Firm
from rantai.five_r import photos

MAX_BOOKING = timedelta(days=14)
DAY_FORMAT = "j M Y"  # 12 Dec 2026 / 12 Des 2026: month names follow the language
TIME_FORMAT = "H.i"  # 09.00


# ---- who may book and cancel ------------------------------------------------------------------


def firms_for_booking(user, estate: Estate):
    """The firms ``user`` may book for: any firm for the estate's managers (and administrators),
    otherwise the organisations the user belongs to."""
    firms = Firm.objects.alive().order_by("name")
    if can(user, "manage", estate):
        return firms
    return firms.filter(pk__in=actor_for(user).org_ids)


def may_cancel(user, booking: Booking) -> bool:
    """The booking firm's members, the estate's managers and administrators
    (``estates.cancel_booking``)."""
    return can(user, "cancel", booking)


# ---- assets ----------------------------------------------------------------------------------


def _upcoming(asset: Asset):
    return asset.bookings.filter(status=Booking.Status.CONFIRMED, ends_at__gt=timezone.now())


@transaction.atomic
def save_asset(asset: Asset, *, user=None) -> Asset:
    """Create or update a facility or asset. It stays on its estate, and it cannot stop taking
    bookings while confirmed bookings of it are still to come."""
    if asset.pk:
        stored = Asset.objects.select_for_update().get(pk=asset.pk)
        if stored.estate_id != asset.estate_id:
            raise ValidationError(
                {"estate": _("A facility cannot move to another estate.")}, code="estate"
            )
        if stored.bookable and not asset.bookable:
            count = _upcoming(stored).count()
            if count:
                raise ValidationError(
                    {
                        "bookable": ngettext(
                            "One booking of this facility is still to come; cancel it before "
                            "the facility stops taking bookings.",
                            "%(count)d bookings of this facility are still to come; cancel them "
                            "before the facility stops taking bookings.",
                            count,
                        )
                        % {"count": count}
                    },
                    code="has_bookings",
                )
    asset.full_clean()
    if user is not None:
        asset._history_user = user
    asset.save()
    return asset


@transaction.atomic
def add_check(
    *, asset: Asset, checked_on: date, condition: str, note: str = "", photo=None, user
) -> ConditionCheck:
    """Record a condition check (with an optional photo, checked, resized and stripped of its
    metadata like the 5R photos). The asset's condition becomes that of its latest check, so a
    check entered late for an earlier day does not overwrite a newer one."""
    asset = Asset.objects.select_for_update().get(pk=asset.pk)
    errors = {}
    if checked_on is None:
        errors["checked_on"] = _("Give the date of the check.")
    elif checked_on > timezone.localdate():
        errors["checked_on"] = _("A check cannot be dated in the future.")
    if condition not in Asset.Condition.values:
        errors["condition"] = _("Choose the condition found.")
    processed = None
    if photo:
        try:
            processed = photos.process(photo)
        except ValidationError as exc:
            errors["photo"] = exc.messages
    if errors:
        raise ValidationError(errors, code="invalid")
    check = ConditionCheck(
        asset=asset,
        checked_on=checked_on,
        condition=condition,
        note=(note or "").strip(),
        checked_by=user,
    )
    check.full_clean(exclude=["photo"])
    if processed is not None:
        check.photo.save(processed.image.name, processed.image, save=False)
    check.save()
    latest = asset.checks.order_by("-checked_on", "-pk").values_list("condition", flat=True)[0]
    if latest != asset.condition:
        asset.condition = latest
        if user is not None:
            asset._history_user = user
        asset.save(update_fields=["condition", "updated_at"])
    return check


@transaction.atomic
def add_maintenance(
    *, asset: Asset, done_on: date, description: str, cost=0, done_by: str = ""
) -> Maintenance:
    """Record work done on an asset (the log holds what was done, never what is planned)."""
    asset = Asset.objects.select_for_update().get(pk=asset.pk)
    errors = {}
    if done_on is None:
        errors["done_on"] = _("Give the date the work was done.")
    elif done_on > timezone.localdate():
        errors["done_on"] = _("Record maintenance once it is done; the date is in the future.")
    if not (description or "").strip():
        errors["description"] = _("Say what was done.")
    if errors:
        raise ValidationError(errors, code="invalid")
    entry = Maintenance(
        asset=asset,
        done_on=done_on,
        description=description.strip(),
        cost=cost or 0,
        done_by=(done_by or "").strip(),
    )
    entry.full_clean()
    entry.save()
    return entry


# ---- bookings --------------------------------------------------------------------------------


def period_text(starts_at: datetime, ends_at: datetime) -> str:
    """'12 Dec 2026, 09.00–12.00', or both days when the period runs over midnight; in local
    time, with the month named in the current language."""
    start, end = timezone.localtime(starts_at), timezone.localtime(ends_at)
    first = f"{date_format(start, DAY_FORMAT)}, {date_format(start, TIME_FORMAT)}"
    if start.date() == end.date():
        return f"{first}–{date_format(end, TIME_FORMAT)}"
    return f"{first} – {date_format(end, DAY_FORMAT)}, {date_format(end, TIME_FORMAT)}"


def _aware(value: datetime | None) -> datetime | None:
    if value is not None and timezone.is_naive(value):
        return timezone.make_aware(value)
    return value


def clash(asset: Asset, starts_at: datetime, ends_at: datetime) -> Booking | None:
    """The first confirmed booking of ``asset`` that overlaps [starts_at, ends_at)."""
    return (
        Booking.objects.filter(
            asset=asset,
            status=Booking.Status.CONFIRMED,
            starts_at__lt=ends_at,
            ends_at__gt=starts_at,
        )
        .select_related("firm")
        .order_by("starts_at", "pk")
        .first()
    )


def clash_message(asset: Asset, other: Booking) -> str:
    return _("%(asset)s is already booked by %(firm)s on %(when)s.") % {
        "asset": asset.name,
        "firm": other.firm.name,
        "when": period_text(other.starts_at, other.ends_at),
    }


@transaction.atomic
def book(
    *, asset: Asset, firm: Firm, starts_at: datetime, ends_at: datetime, purpose: str, user
) -> Booking:
    """Book a shared facility for a firm. ``user`` must be allowed to book for that firm (its
    member, or a manager of the estate); ``user=None`` is the system (the demo)."""
    # The lock: a second request for the same asset waits here until the first one commits.
    asset = Asset.objects.select_for_update().select_related("estate").get(pk=asset.pk)
    starts_at, ends_at = _aware(starts_at), _aware(ends_at)
    errors = {}
    if not asset.bookable:
        errors["asset"] = _("%(asset)s cannot be booked.") % {"asset": asset.name}
    if firm is None:
        errors["firm"] = _("Choose the firm the booking is for.")
    elif firm.deleted_at is not None:
        errors["firm"] = _("This firm was deleted.")
    elif user is not None and not firms_for_booking(user, asset.estate).filter(pk=firm.pk).exists():
        errors["firm"] = _("You can only book for a firm you belong to.")
    if starts_at is None:
        errors["starts_at"] = _("Give the start of the booking.")
    if ends_at is None:
        errors["ends_at"] = _("Give the end of the booking.")
    if starts_at and ends_at:
        if ends_at <= starts_at:
            errors["ends_at"] = _("The booking must end after it starts.")
        elif ends_at - starts_at > MAX_BOOKING:
            errors["ends_at"] = _("A booking can last at most %(days)d days.") % {
                "days": MAX_BOOKING.days
            }
        if starts_at < timezone.now():
            errors["starts_at"] = _("A booking cannot start in the past.")
    if not (purpose or "").strip():
        errors["purpose"] = _("Say what the booking is for.")
    if errors:
        raise ValidationError(errors, code="invalid")
    other = clash(asset, starts_at, ends_at)
    if other is not None:
        raise ValidationError(clash_message(asset, other), code="clash")
    booking = Booking(
        asset=asset,
        firm=firm,
        starts_at=starts_at,
        ends_at=ends_at,
        purpose=purpose.strip(),
        booked_by=user,
    )
    booking.full_clean()
    booking.save()
    return booking


@transaction.atomic
def cancel_booking(booking: Booking, user) -> Booking:
    """Cancel a confirmed booking that is not over yet; the time is free again at once.
    ``user`` must be a member of the booking firm or a manager of the estate."""
    booking = Booking.objects.select_for_update().select_related("asset__estate").get(pk=booking.pk)
    if user is not None:
        require(user, "cancel", booking)
    if booking.status == Booking.Status.CANCELLED:
        raise ValidationError(_("This booking was already cancelled."), code="cancelled")
    if booking.ends_at <= timezone.now():
        raise ValidationError(_("A booking that is over cannot be cancelled."), code="past")
    booking.status = Booking.Status.CANCELLED
    booking.save(update_fields=["status", "updated_at"])
    return booking


# ---- what the funds paid for -------------------------------------------------------------------


@dataclass
class Total:
    count: int
    cost: Decimal


@dataclass
class FundingSummary:
    total: Total
    by_funding: list[tuple[str, str, Total]]  # (funding, label, total), in the choices' order
    by_year: list[tuple[int, Total]]  # by fiscal year, oldest first
    cells: dict[tuple[str, int], Total] = field(default_factory=dict)  # (funding, year)

    @property
    def years(self) -> list[int]:
        return [year for year, _total in self.by_year]


def _total(row) -> Total:
    return Total(row["count"] or 0, row["cost"] if row["cost"] is not None else Decimal(0))


def funding_summary(estate: Estate | None = None) -> FundingSummary:
    """Cost and number of assets by funding source, by fiscal year and by both, for one estate
    (or every estate with ``None``); each figure is summed by the database."""
    assets = Asset.objects.all() if estate is None else Asset.objects.filter(estate=estate)
    sums = {"count": Count("pk"), "cost": Sum("cost")}
    total = _total(assets.aggregate(**sums))
    per_funding = {
        row["funding"]: _total(row)
        for row in assets.values("funding").annotate(**sums).order_by("funding")
    }
    by_funding = [
        (value, str(label), per_funding[value])
        for value, label in Asset.Funding.choices
        if value in per_funding
    ]
    by_year = [
        (row["fiscal_year"], _total(row))
        for row in assets.values("fiscal_year").annotate(**sums).order_by("fiscal_year")
    ]
    cells = {
        (row["funding"], row["fiscal_year"]): _total(row)
        for row in assets.values("funding", "fiscal_year").annotate(**sums).order_by()
    }
    return FundingSummary(total=total, by_funding=by_funding, by_year=by_year, cells=cells)
