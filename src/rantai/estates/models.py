"""Industrial estates (Lingkungan Industri Kecil): units and their types, leases, payments
(retribusi), the waiting list, and the facilities and assets paid for by DAK and other funds.

A unit's status follows its leases (services keep it in step); occupancy over time is computed
from lease periods, so it needs no snapshots."""

from datetime import date

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from rantai.core.formatting import rupiah
from rantai.core.models import TimeStampedModel, user_stamp

RUPIAH = {"max_digits": 16, "decimal_places": 0, "validators": [MinValueValidator(0)]}


class Estate(TimeStampedModel):
    class Kind(models.TextChoices):
        LIK = "lik", _("small industry estate (LIK)")
        SENTRA = "sentra", _("industry centre (sentra IKM)")
        PARK = "park", _("industrial park")

    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.LIK)
    manager = models.ForeignKey(
        "firms.Firm",
        verbose_name=_("managed by"),
        on_delete=models.PROTECT,
        related_name="managed_estates",
        help_text=_("The organisation whose estate managers run it (e.g. the regency)."),
    )
    village = models.ForeignKey(
        "reference.Region",
        verbose_name=_("village"),
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"level": 4},
    )
    address = models.CharField(_("address"), max_length=250, blank=True)
    latitude = models.DecimalField(
        _("latitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=9, decimal_places=6, null=True, blank=True
    )
    established = models.PositiveSmallIntegerField(_("year established"), null=True, blank=True)
    area_m2 = models.PositiveIntegerField(_("land area (m²)"), null=True, blank=True)
    description = models.TextField(_("description"), blank=True)
    plan_columns = models.PositiveSmallIntegerField(
        _("plan width (units)"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(40)],
        help_text=_("How many units a row of the plan view holds."),
    )
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("estate")
        verbose_name_plural = _("estates")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("estates:detail", args=[self.pk])

    @property
    def region_codes(self) -> tuple[str, ...]:
        """Province, regency, district and village codes, for officers' remits."""
        code = self.village_id or ""
        parts = code.split(".")
        return tuple(".".join(parts[:n]) for n in range(1, len(parts) + 1))


class Block(models.Model):
    estate = models.ForeignKey(
        Estate, verbose_name=_("estate"), on_delete=models.CASCADE, related_name="blocks"
    )
    name = models.CharField(_("name"), max_length=60)

    class Meta:
        verbose_name = _("block")
        verbose_name_plural = _("blocks")
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["estate", "name"], name="unique_block_name")]

    def __str__(self) -> str:
        return self.name


class UnitType(models.Model):
    """What a type letter means on this estate: size, power, water, the usual monthly fee."""

    estate = models.ForeignKey(
        Estate, verbose_name=_("estate"), on_delete=models.CASCADE, related_name="unit_types"
    )
    code = models.CharField(_("type"), max_length=8)
    floor_area_m2 = models.DecimalField(
        _("floor area (m²)"), max_digits=7, decimal_places=1, validators=[MinValueValidator(1)]
    )
    power_va = models.PositiveIntegerField(_("electricity (VA)"), null=True, blank=True)
    water = models.CharField(_("water"), max_length=120, blank=True)
    description = models.CharField(_("description"), max_length=250, blank=True)
    monthly_fee = models.DecimalField(_("monthly fee (Rp)"), **RUPIAH)

    class Meta:
        verbose_name = _("unit type")
        verbose_name_plural = _("unit types")
        ordering = ["code"]
        constraints = [
            models.UniqueConstraint(fields=["estate", "code"], name="unique_unit_type_code")
        ]

    def __str__(self) -> str:
        return _("type %(code)s") % {"code": self.code}


class Unit(TimeStampedModel):
    class Status(models.TextChoices):
        OCCUPIED = "occupied", _("occupied")
        VACANT = "vacant", _("vacant")
        MAINTENANCE = "maintenance", _("under maintenance")
        RESERVED = "reserved", _("reserved")

    estate = models.ForeignKey(
        Estate, verbose_name=_("estate"), on_delete=models.CASCADE, related_name="units"
    )
    block = models.ForeignKey(
        Block, verbose_name=_("block"), on_delete=models.SET_NULL, null=True, blank=True
    )
    code = models.CharField(_("code"), max_length=20)
    type = models.ForeignKey(
        UnitType, verbose_name=_("type"), on_delete=models.PROTECT, related_name="units"
    )
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.VACANT, db_index=True
    )
    plan_order = models.PositiveSmallIntegerField(
        _("place on the plan"), default=0, help_text=_("Units are drawn in this order, row by row.")
    )
    vacant_since = models.DateField(_("vacant since"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=250, blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["plan_order", "code"]
        constraints = [models.UniqueConstraint(fields=["estate", "code"], name="unique_unit_code")]

    def __str__(self) -> str:
        return f"{self.estate.name} {self.code}" if self.estate_id else self.code

    def get_absolute_url(self) -> str:
        return reverse("estates:unit", args=[self.pk])

    @property
    def is_vacant(self) -> bool:
        return self.status == self.Status.VACANT

    @property
    def is_reserved(self) -> bool:
        return self.status == self.Status.RESERVED

    @property
    def is_under_maintenance(self) -> bool:
        return self.status == self.Status.MAINTENANCE


class Lease(TimeStampedModel):
    class Status(models.TextChoices):
        ACTIVE = "active", _("active")
        ENDED = "ended", _("ended")
        TERMINATED = "terminated", _("terminated")

    estate = models.ForeignKey(
        Estate, verbose_name=_("estate"), on_delete=models.PROTECT, related_name="leases"
    )
    units = models.ManyToManyField(Unit, verbose_name=_("units"), related_name="leases")
    tenant = models.ForeignKey(
        "firms.Firm", verbose_name=_("tenant"), on_delete=models.PROTECT, related_name="leases"
    )
    number = models.CharField(_("agreement number"), max_length=80, blank=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    monthly_fee = models.DecimalField(_("monthly fee (retribusi, Rp)"), **RUPIAH)
    deposit = models.DecimalField(_("deposit (Rp)"), default=0, **RUPIAH)
    terms = models.TextField(_("terms"), blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.ACTIVE, db_index=True
    )
    ended_on = models.DateField(_("ended on"), null=True, blank=True)
    end_reason = models.CharField(_("reason"), max_length=250, blank=True)
    renews = models.ForeignKey(
        "self",
        verbose_name=_("renews"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="renewals",
    )
    reminded_for = models.DateField(
        _("end date reminded of"), null=True, blank=True, editable=False
    )
    history = HistoricalRecords(m2m_fields=[units], excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("lease")
        verbose_name_plural = _("leases")
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=F("starts_on")), name="lease_period_in_order"
            )
        ]

    def __str__(self) -> str:
        return f"{self.tenant} · {date_format(self.starts_on, 'SHORT_DATE_FORMAT')}"

    def get_absolute_url(self) -> str:
        return reverse("estates:lease", args=[self.pk])

    def clean(self) -> None:
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": _("The lease must end after it starts.")})

    @property
    def is_active(self) -> bool:
        return self.status == self.Status.ACTIVE

    @property
    def last_day(self) -> date:
        """The day the lease really stops: its end, or the day it was ended early."""
        return self.ended_on or self.ends_on


class Payment(TimeStampedModel):
    """A payment of the monthly fee (retribusi); it pays the oldest unpaid months first."""

    lease = models.ForeignKey(
        Lease, verbose_name=_("lease"), on_delete=models.CASCADE, related_name="payments"
    )
    paid_on = models.DateField(_("paid on"))
    amount = models.DecimalField(
        _("amount (Rp)"), max_digits=16, decimal_places=0, validators=[MinValueValidator(1)]
    )
    reference = models.CharField(_("receipt or transfer number"), max_length=80, blank=True)
    recorded_by = user_stamp(_("recorded by"))
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")
        ordering = ["-paid_on", "-pk"]

    def __str__(self) -> str:
        return f"{rupiah(self.amount)} · {date_format(self.paid_on, 'SHORT_DATE_FORMAT')}"


class Application(TimeStampedModel):
    """A firm on the waiting list for a unit."""

    class Status(models.TextChoices):
        WAITING = "waiting", _("waiting")
        OFFERED = "offered", _("unit offered")
        LEASED = "leased", _("leased")
        WITHDRAWN = "withdrawn", _("withdrawn")

    estate = models.ForeignKey(
        Estate, verbose_name=_("estate"), on_delete=models.CASCADE, related_name="applications"
    )
    firm = models.ForeignKey(
        "firms.Firm", verbose_name=_("firm"), on_delete=models.CASCADE, related_name="applications"
    )
    kbli = models.ForeignKey(
        "reference.Kbli",
        verbose_name=_("sector (KBLI)"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    wanted_type = models.ForeignKey(
        UnitType,
        verbose_name=_("unit type wanted"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    applied_on = models.DateField(_("applied on"))
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.WAITING
    )
    offered_unit = models.ForeignKey(
        Unit, verbose_name=_("unit offered"), on_delete=models.SET_NULL, null=True, blank=True
    )
    note = models.CharField(_("note"), max_length=250, blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("application")
        verbose_name_plural = _("waiting list")
        ordering = ["applied_on", "pk"]

    def __str__(self) -> str:
        return f"{self.firm} · {date_format(self.applied_on, 'SHORT_DATE_FORMAT')}"

    @property
    def is_waiting(self) -> bool:
        return self.status == self.Status.WAITING


# ---- facilities and assets -------------------------------------------------------------------


class Asset(TimeStampedModel):
    class Kind(models.TextChoices):
        WORKSHOP = "workshop", _("workshop building")
        ROAD = "road", _("road access")
        WALL = "wall", _("perimeter wall")
        HALL = "hall", _("meeting hall")
        MINERAL = "mineral", _("mineral center")
        MACHINE = "machine", _("machine in shared use")
        UTILITY = "utility", _("utility (power, water, drainage)")
        OTHER = "other", _("other")

    class Funding(models.TextChoices):
        DAK = "dak", _("DAK (special allocation fund)")
        APBN = "apbn", _("APBN (state budget)")
        APBD_PROVINCE = "apbd1", _("APBD province")
        APBD_REGENCY = "apbd2", _("APBD regency/city")
        GRANT = "grant", _("grant")
        OWN = "own", _("own funds")

    class Condition(models.TextChoices):
        GOOD = "good", _("good")
        LIGHT = "light", _("light damage")
        HEAVY = "heavy", _("heavy damage")

    estate = models.ForeignKey(
        Estate, verbose_name=_("estate"), on_delete=models.CASCADE, related_name="assets"
    )
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    funding = models.CharField(_("funding source"), max_length=6, choices=Funding.choices)
    fiscal_year = models.PositiveSmallIntegerField(
        _("fiscal year"), validators=[MinValueValidator(1945), MaxValueValidator(2100)]
    )
    cost = models.DecimalField(_("cost (Rp)"), **RUPIAH)
    quantity = models.CharField(
        _("size or quantity"), max_length=80, blank=True, help_text=_("E.g. 450 m, 12 units.")
    )
    condition = models.CharField(
        _("condition"), max_length=6, choices=Condition.choices, default=Condition.GOOD
    )
    bookable = models.BooleanField(
        _("can be booked"), default=False, help_text=_("Shared facilities firms may book.")
    )
    description = models.TextField(_("description"), blank=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("facility or asset")
        verbose_name_plural = _("facilities and assets")
        ordering = ["kind", "name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("estates:asset", args=[self.pk])


def check_photo_path(instance, filename: str) -> str:
    return f"estates/assets/{instance.asset_id}/{filename}"


class ConditionCheck(TimeStampedModel):
    asset = models.ForeignKey(
        Asset, verbose_name=_("facility or asset"), on_delete=models.CASCADE, related_name="checks"
    )
    checked_on = models.DateField(_("checked on"))
    condition = models.CharField(_("condition"), max_length=6, choices=Asset.Condition.choices)
    note = models.TextField(_("note"), blank=True)
    photo = models.ImageField(_("photo"), upload_to=check_photo_path, blank=True)
    checked_by = user_stamp(_("checked by"))

    class Meta:
        verbose_name = _("condition check")
        verbose_name_plural = _("condition checks")
        ordering = ["-checked_on", "-pk"]

    def __str__(self) -> str:
        checked = date_format(self.checked_on, "SHORT_DATE_FORMAT")
        return f"{self.asset}: {self.get_condition_display()} ({checked})"


class Maintenance(TimeStampedModel):
    asset = models.ForeignKey(
        Asset,
        verbose_name=_("facility or asset"),
        on_delete=models.CASCADE,
        related_name="maintenance",
    )
    done_on = models.DateField(_("date"))
    description = models.TextField(_("work done"))
    cost = models.DecimalField(_("cost (Rp)"), default=0, **RUPIAH)
    done_by = models.CharField(_("done by"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("maintenance")
        verbose_name_plural = _("maintenance log")
        ordering = ["-done_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.asset}: {date_format(self.done_on, 'SHORT_DATE_FORMAT')}"


class Booking(TimeStampedModel):
    """A firm's booking of a shared facility; two confirmed bookings of one asset never
    overlap (services.book checks under a lock on the asset)."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("confirmed")
        CANCELLED = "cancelled", _("cancelled")

    asset = models.ForeignKey(
        Asset,
        verbose_name=_("facility or asset"),
        on_delete=models.CASCADE,
        related_name="bookings",
    )
    firm = models.ForeignKey(
        "firms.Firm", verbose_name=_("firm"), on_delete=models.CASCADE, related_name="bookings"
    )
    starts_at = models.DateTimeField(_("from"))
    ends_at = models.DateTimeField(_("until"))
    purpose = models.CharField(_("purpose"), max_length=200)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.CONFIRMED
    )
    booked_by = user_stamp(_("booked by"))

    class Meta:
        verbose_name = _("booking")
        verbose_name_plural = _("bookings")
        ordering = ["starts_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")), name="booking_ends_after_start"
            )
        ]
        indexes = [models.Index(fields=["asset", "starts_at"])]

    def __str__(self) -> str:
        starts = timezone.localtime(self.starts_at)
        return f"{self.asset}: {date_format(starts, 'SHORT_DATETIME_FORMAT')}"
