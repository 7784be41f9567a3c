"""Partnership agreements (kemitraan) and the supply chain they form.

A partnership is a signed agreement between an IKM supplier and a buyer, often through a
cooperative and facilitated by the ministry or a foundation. Once active it becomes a
directed supply link buyer → supplier; the links form the tier graph (OEM → tier-1 → tier-2 …).
Every change to an agreement, its witnesses, documents and links is kept (django-simple-history).
"""

from datetime import date
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from rantai.core.access import RestrictedQuerySet
from rantai.core.models import TimeStampedModel, user_stamp
from rantai.core.uploads import is_pdf

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024


def validate_pdf(file) -> None:
    """A signed document must be a real PDF (by its first bytes, not its name) of at most 20 MB."""
    if file.size > MAX_DOCUMENT_BYTES:
        raise ValidationError(
            _("The file is larger than %(mb)d MB."), code="too_large", params={"mb": 20}
        )
    if not is_pdf(file):
        raise ValidationError(_("The file is not a PDF document."), code="not_pdf")


class PartnershipQuerySet(RestrictedQuerySet):
    def in_force(self):
        """Signed or active agreements: the ones that count as partnerships in figures."""
        return self.filter(status__in=[Partnership.Status.SIGNED, Partnership.Status.ACTIVE])


class Partnership(TimeStampedModel):
    class Kind(models.TextChoices):
        TIER1 = "tier1_supply", _("tier-1 component supply")
        TIER2 = "tier2_supply", _("tier-2 component supply")
        SUBCONTRACT = "subcontract", _("subcontracting (makloon)")
        GENERAL = "general_supply", _("general supply")
        TECHNICAL = "technical", _("technical assistance")
        OTHER = "other", _("other")

    class Status(models.TextChoices):
        DRAFT = "draft", _("draft")
        SIGNED = "signed", _("signed")
        ACTIVE = "active", _("active")
        ENDED = "ended", _("ended")
        TERMINATED = "terminated", _("terminated")

    # Which status may follow which; services.change_status enforces it.
    TRANSITIONS = {
        Status.DRAFT: (Status.SIGNED, Status.TERMINATED),
        Status.SIGNED: (Status.ACTIVE, Status.TERMINATED),
        Status.ACTIVE: (Status.ENDED, Status.TERMINATED),
        Status.ENDED: (),
        Status.TERMINATED: (),
    }
    # Agreements that were signed at some time: still in force or since ended.
    SIGNED_STATUSES = (Status.SIGNED, Status.ACTIVE, Status.ENDED)
    # The colour of each status's badge (partnerships/_status.html); ended ones stay plain.
    STATUS_COLOURS = {
        Status.DRAFT: "secondary",
        Status.SIGNED: "primary",
        Status.ACTIVE: "success",
        Status.TERMINATED: "danger",
    }
    # The tier a supplier takes by the kind of agreement, when the buyer's own tier is unknown.
    KIND_TIER = {Kind.TIER1: 1, Kind.TIER2: 2}

    number = models.CharField(
        _("agreement number"),
        max_length=80,
        blank=True,
        help_text=_("As written on the agreement."),
    )
    supplier = models.ForeignKey(
        "firms.Firm",
        verbose_name=_("supplier"),
        on_delete=models.PROTECT,
        related_name="partnerships_as_supplier",
    )
    buyer = models.ForeignKey(
        "firms.Firm",
        verbose_name=_("buyer"),
        on_delete=models.PROTECT,
        related_name="partnerships_as_buyer",
    )
    cooperative = models.ForeignKey(
        "firms.Firm",
        verbose_name=_("cooperative"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="partnerships_via_cooperative",
        limit_choices_to={"kind": "cooperative"},
    )
    facilitators = models.ManyToManyField(
        "firms.Firm",
        verbose_name=_("facilitators"),
        blank=True,
        related_name="facilitated_partnerships",
        help_text=_("Agencies or foundations that brought the parties together."),
    )
    officer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("program officer"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Receives the renewal and expiry reminders with the two parties."),
    )
    kind = models.CharField(_("type"), max_length=16, choices=Kind.choices)
    tier = models.PositiveSmallIntegerField(
        _("supplier tier"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(9)],
        help_text=_("The supplier's place in the buyer's chain: 1 supplies the OEM directly."),
    )
    scope = models.TextField(_("scope"), help_text=_("Parts or commodities the agreement covers."))
    estimated_value = models.DecimalField(
        _("estimated value (Rp)"),
        max_digits=18,
        decimal_places=0,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("For the whole period, in Rupiah."),
    )
    starts_on = models.DateField(_("starts on"), null=True, blank=True)
    ends_on = models.DateField(_("ends on"), null=True, blank=True)
    signed_on = models.DateField(_("signed on"), null=True, blank=True)
    signed_place = models.CharField(_("signed at"), max_length=200, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    status_reason = models.TextField(
        _("reason"), blank=True, help_text=_("Why the agreement was terminated.")
    )
    event = models.ForeignKey(
        "matchmaking.Event",
        verbose_name=_("temu bisnis"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="partnerships",
    )
    meeting = models.ForeignKey(
        "matchmaking.Meeting",
        verbose_name=_("meeting"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="partnerships",
    )
    program = models.ForeignKey(
        "five_r.Program",
        verbose_name=_("program"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="partnerships",
        help_text=_("The development program the supplier took part in, if any."),
    )
    share_performance = models.BooleanField(
        _("officers may see orders and scores"),
        default=False,
        help_text=_(
            "Both firms agree that program officers may see this partnership's orders, "
            "deliveries and scores. Without it officers see only aggregate figures."
        ),
    )
    renews = models.ForeignKey(
        "self",
        verbose_name=_("renews"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="renewals",
    )
    history = HistoricalRecords(m2m_fields=[facilitators], excluded_fields=["updated_at"])

    objects = PartnershipQuerySet.as_manager()

    class Meta:
        verbose_name = _("partnership")
        verbose_name_plural = _("partnerships")
        ordering = ["-signed_on", "-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(supplier=F("buyer")), name="partnership_two_different_parties"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True)
                | Q(starts_on__isnull=True)
                | Q(ends_on__gte=F("starts_on")),
                name="partnership_period_in_order",
            ),
        ]
        indexes = [models.Index(fields=["buyer", "status"]), models.Index(fields=["signed_on"])]

    def __str__(self) -> str:
        return f"{self.supplier} – {self.buyer}"

    def get_absolute_url(self) -> str:
        return reverse("partnerships:detail", args=[self.pk])

    def clean(self) -> None:
        errors = {}
        if self.supplier_id and self.supplier_id == self.buyer_id:
            errors["buyer"] = _("The buyer must be another firm than the supplier.")
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = _("The period must end after it starts.")
        if self.cooperative_id and self.cooperative_id in (self.supplier_id, self.buyer_id):
            errors["cooperative"] = _("The cooperative cannot be one of the two parties.")
        if errors:
            raise ValidationError(errors)

    @property
    def is_editable(self) -> bool:
        """Terms can be changed while the agreement is a draft; after that only its status."""
        return self.status == self.Status.DRAFT

    @property
    def status_colour(self) -> str:
        return self.STATUS_COLOURS.get(self.status, "")

    @property
    def was_signed(self) -> bool:
        """Signed at some time: it may be renewed and orders may be recorded under it."""
        return self.status in self.SIGNED_STATUSES

    @property
    def next_statuses(self) -> tuple[str, ...]:
        return self.TRANSITIONS[self.Status(self.status)]

    def days_left(self, today: date | None = None) -> int | None:
        if not self.ends_on or self.status not in (self.Status.SIGNED, self.Status.ACTIVE):
            return None
        return (self.ends_on - (today or timezone.localdate())).days


class Witness(models.Model):
    """Someone who witnessed the signing, by position (demo data never names real people)."""

    partnership = models.ForeignKey(
        Partnership,
        verbose_name=_("partnership"),
        on_delete=models.CASCADE,
        related_name="witnesses",
    )
    name = models.CharField(_("name"), max_length=200, blank=True)
    position = models.CharField(_("position"), max_length=250)
    institution = models.CharField(_("institution"), max_length=250)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("witness")
        verbose_name_plural = _("witnesses")
        ordering = ["pk"]

    def __str__(self) -> str:
        return " – ".join(v for v in (self.name, self.position, self.institution) if v)


def document_path(instance, filename: str) -> str:
    return f"partnerships/{instance.partnership_id}/{filename}"


class Document(TimeStampedModel):
    class Kind(models.TextChoices):
        SIGNED = "signed", _("signed agreement")
        ANNEX = "annex", _("annex")
        OTHER = "other", _("other")

    partnership = models.ForeignKey(
        Partnership,
        verbose_name=_("partnership"),
        on_delete=models.CASCADE,
        related_name="documents",
    )
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.SIGNED)
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(
        _("file (PDF)"),
        upload_to=document_path,
        validators=[FileExtensionValidator(["pdf"]), validate_pdf],
    )
    uploaded_by = user_stamp(_("uploaded by"))
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["created_at"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("partnerships:document", args=[self.pk])


class Reminder(models.Model):
    """A reminder that was sent, so each is sent once per agreement period."""

    class Kind(models.TextChoices):
        DAYS_90 = "90", _("90 days before the end")
        DAYS_30 = "30", _("30 days before the end")
        ENDED = "0", _("the period has ended")

    partnership = models.ForeignKey(
        Partnership,
        verbose_name=_("partnership"),
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    kind = models.CharField(_("kind"), max_length=2, choices=Kind.choices)
    ends_on = models.DateField(_("ends on"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    recipients = models.JSONField(_("recipients"), default=list)

    class Meta:
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "kind", "ends_on"], name="one_reminder_per_kind_and_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.partnership}: {self.get_kind_display()}"


class SupplyLinkQuerySet(RestrictedQuerySet):
    def active(self):
        return self.filter(active=True)


class SupplyLink(TimeStampedModel):
    """A directed edge buyer → supplier in the supply chain. ``tier`` is the supplier's tier: 1
    supplies an OEM (tier 0) directly. Derived from an agreement, or entered directly."""

    buyer = models.ForeignKey(
        "firms.Firm",
        verbose_name=_("buyer"),
        on_delete=models.CASCADE,
        related_name="supplier_links",
    )
    supplier = models.ForeignKey(
        "firms.Firm",
        verbose_name=_("supplier"),
        on_delete=models.CASCADE,
        related_name="buyer_links",
    )
    tier = models.PositiveSmallIntegerField(
        _("supplier tier"), validators=[MinValueValidator(1), MaxValueValidator(9)]
    )
    commodity = models.CharField(_("commodity"), max_length=200, blank=True)
    partnership = models.ForeignKey(
        Partnership,
        verbose_name=_("partnership"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="links",
    )
    active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = SupplyLinkQuerySet.as_manager()

    class Meta:
        verbose_name = _("supply link")
        verbose_name_plural = _("supply links")
        ordering = ["tier", "buyer__name", "supplier__name"]
        constraints = [
            models.UniqueConstraint(fields=["buyer", "supplier"], name="one_link_per_pair"),
            models.CheckConstraint(condition=~Q(buyer=F("supplier")), name="link_not_to_itself"),
        ]

    def __str__(self) -> str:
        return f"{self.buyer} → {self.supplier} (tier {self.tier})"


# ---- orders and deliveries -----------------------------------------------------------------


class Order(TimeStampedModel):
    """A purchase order under a partnership (from the buyer's ERP or typed in)."""

    partnership = models.ForeignKey(
        Partnership, verbose_name=_("partnership"), on_delete=models.PROTECT, related_name="orders"
    )
    number = models.CharField(_("order number"), max_length=60)
    ordered_on = models.DateField(_("order date"))
    note = models.TextField(_("note"), blank=True)
    created_by = user_stamp(_("created by"))
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("purchase order")
        verbose_name_plural = _("purchase orders")
        ordering = ["-ordered_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "number"], name="one_order_number_per_partnership"
            )
        ]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("partnerships:order", args=[self.pk])


class OrderLine(models.Model):
    class Unit(models.TextChoices):
        PIECE = "pcs", _("pieces")
        SET = "set", _("sets")
        KG = "kg", _("kg")
        UNIT = "unit", _("units")

    order = models.ForeignKey(
        Order, verbose_name=_("purchase order"), on_delete=models.CASCADE, related_name="lines"
    )
    # The order's partnership, repeated so measures join two tables, not four.
    partnership = models.ForeignKey(
        Partnership,
        verbose_name=_("partnership"),
        on_delete=models.CASCADE,
        related_name="order_lines",
        editable=False,
    )
    part = models.CharField(_("part"), max_length=200)
    quantity = models.DecimalField(
        _("quantity"),
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    unit = models.CharField(_("unit"), max_length=4, choices=Unit.choices, default=Unit.PIECE)
    unit_price = models.DecimalField(
        _("unit price (Rp)"), max_digits=16, decimal_places=2, validators=[MinValueValidator(0)]
    )
    due_on = models.DateField(_("due date"))
    history = HistoricalRecords()

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("order line")
        verbose_name_plural = _("order lines")
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["partnership", "due_on"])]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="order_line_quantity_positive")
        ]

    def __str__(self) -> str:
        return f"{self.part} × {floatformat(self.quantity, '-2g')}"

    def save(self, *args, **kwargs):
        self.partnership_id = self.order.partnership_id
        super().save(*args, **kwargs)


class Delivery(models.Model):
    """What arrived against an order line: received, of which rejected (with the reason)."""

    line = models.ForeignKey(
        OrderLine, verbose_name=_("order line"), on_delete=models.CASCADE, related_name="deliveries"
    )
    partnership = models.ForeignKey(
        Partnership,
        verbose_name=_("partnership"),
        on_delete=models.CASCADE,
        related_name="deliveries",
        editable=False,
    )
    delivered_on = models.DateField(_("delivery date"))
    quantity = models.DecimalField(
        _("quantity received"),
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    rejected = models.DecimalField(
        _("quantity rejected"),
        max_digits=14,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0)],
    )
    reject_reason = models.CharField(_("reason for rejection"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        ordering = ["delivered_on", "pk"]
        # Covering on PostgreSQL: a buyer's measures read deliveries without the table.
        indexes = [
            models.Index(
                fields=["partnership", "delivered_on"],
                include=["line", "quantity", "rejected"],
                name="delivery_partnership_day",
            )
        ]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="delivery_quantity_positive"),
            models.CheckConstraint(
                condition=Q(rejected__gte=0) & Q(rejected__lte=F("quantity")),
                name="delivery_rejected_within_received",
            ),
        ]

    def __str__(self) -> str:
        quantity = floatformat(self.quantity, "-2g")
        day = date_format(self.delivered_on, "SHORT_DATE_FORMAT")
        return f"{self.line.part}: {quantity} ({day})"

    def save(self, *args, **kwargs):
        self.partnership_id = self.line.partnership_id
        super().save(*args, **kwargs)

    @property
    def accepted(self):
        return self.quantity - self.rejected

    def clean(self) -> None:
        errors = {}
        if self.quantity is not None and self.rejected is not None:
            if self.rejected > self.quantity:
                errors["rejected"] = _("More was rejected than received.")
            if self.rejected > 0 and not self.reject_reason.strip():
                errors["reject_reason"] = _("Say why parts were rejected.")
        if errors:
            raise ValidationError(errors)


# ---- scorecards -------------------------------------------------------------------------


class Scorecard(TimeStampedModel):
    """A buyer's way of scoring its suppliers: criteria over the delivery measures (and SOP
    audits), weights summing to 100, score bands and what they mean."""

    class Period(models.TextChoices):
        MONTH = "month", _("month")
        QUARTER = "quarter", _("quarter")

    buyer = models.OneToOneField(
        "firms.Firm", verbose_name=_("buyer"), on_delete=models.CASCADE, related_name="scorecard"
    )
    name = models.CharField(
        _("name"),
        max_length=200,
        blank=True,
        help_text=_("Empty: “Supplier scorecard of …”, in each reader's language."),
    )
    period = models.CharField(
        _("period"), max_length=8, choices=Period.choices, default=Period.MONTH
    )
    sop_template = models.ForeignKey(
        "five_r.AuditTemplate",
        verbose_name=_("SOP checklist"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sop_scorecards",
        help_text=_("Audits with this checklist give the SOP compliance criterion its value."),
    )
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("scorecard")
        verbose_name_plural = _("scorecards")

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        """The name the buyer gave, or the default one in the reader's language."""
        return self.name or gettext("Supplier scorecard of %(buyer)s") % {"buyer": self.buyer.name}


class Criterion(models.Model):
    class Measure(models.TextChoices):
        ON_TIME = "on_time", _("on-time delivery (%)")
        FILL_RATE = "fill_rate", _("fill rate (%)")
        LATENESS = "lateness", _("average lateness (days)")
        PPM = "ppm", _("quality (PPM rejected)")
        SOP = "sop", _("SOP compliance (audit %)")

    scorecard = models.ForeignKey(
        Scorecard, verbose_name=_("scorecard"), on_delete=models.CASCADE, related_name="criteria"
    )
    measure = models.CharField(_("measure"), max_length=10, choices=Measure.choices)
    weight = models.PositiveSmallIntegerField(
        _("weight"), validators=[MinValueValidator(1), MaxValueValidator(100)]
    )
    full_at = models.DecimalField(
        _("full score at"),
        max_digits=10,
        decimal_places=2,
        help_text=_("The value that earns 100 points."),
    )
    zero_at = models.DecimalField(
        _("zero score at"),
        max_digits=10,
        decimal_places=2,
        help_text=_("The value that earns 0 points; in between, points grow in a straight line."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")
        ordering = ["-weight", "measure"]
        constraints = [
            models.UniqueConstraint(
                fields=["scorecard", "measure"], name="one_criterion_per_measure"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_measure_display()} ({self.weight})"


class Band(models.Model):
    class Default(models.TextChoices):
        """The bands a scorecard starts with, stored as a code and named in the reader's
        language (a stored name would stay in the language it was made in)."""

        EXCELLENT = "excellent", _("Excellent")
        AVERAGE = "average", _("Average")
        POOR = "poor", _("Poor")
        VERY_POOR = "very_poor", _("Very poor")

    MEANINGS = {
        Default.EXCELLENT: _("Preferred supplier: first for new parts and larger volumes."),
        Default.AVERAGE: _("Meets the basics; improvement plan reviewed each quarter."),
        Default.POOR: _("Corrective action plan required within 30 days; volumes may be cut."),
        Default.VERY_POOR: _("Escalated to management; the partnership is under review."),
    }

    class Colour(models.TextChoices):
        GREEN = "success", _("green")
        BLUE = "primary", _("blue")
        YELLOW = "warning", _("yellow")
        RED = "danger", _("red")

    scorecard = models.ForeignKey(
        Scorecard, verbose_name=_("scorecard"), on_delete=models.CASCADE, related_name="bands"
    )
    name = models.CharField(_("name"), max_length=60)
    min_score = models.DecimalField(
        _("from score"),
        max_digits=4,
        decimal_places=1,
        validators=[MinValueValidator(0), MaxValueValidator(100)],
    )
    meaning = models.TextField(_("what it means"), blank=True)
    colour = models.CharField(_("colour"), max_length=8, choices=Colour.choices)
    # Set on a default band until the buyer renames it; its name and meaning then come from here.
    code = models.CharField(
        _("default band"), max_length=10, choices=Default.choices, blank=True, editable=False
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("score band")
        verbose_name_plural = _("score bands")
        ordering = ["-min_score"]
        constraints = [
            models.UniqueConstraint(fields=["scorecard", "min_score"], name="one_band_per_bound")
        ]

    def __str__(self) -> str:
        return str(self.label)

    @property
    def label(self) -> str:
        return self.get_code_display() if self.code else self.name

    @property
    def description(self) -> str:
        return self.MEANINGS[self.code] if self.code else self.meaning


class ScoreRecord(models.Model):
    """A supplier's score on a buyer's scorecard for one period, with the measures behind it."""

    scorecard = models.ForeignKey(
        Scorecard, verbose_name=_("scorecard"), on_delete=models.CASCADE, related_name="records"
    )
    supplier = models.ForeignKey(
        "firms.Firm",
        verbose_name=_("supplier"),
        on_delete=models.CASCADE,
        related_name="score_records",
    )
    period_start = models.DateField(_("period"))
    score = models.DecimalField(_("score"), max_digits=4, decimal_places=1, null=True)
    band = models.ForeignKey(
        Band, verbose_name=_("score band"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    measures = models.JSONField(_("measures"), default=dict)
    computed_at = models.DateTimeField(_("computed at"), auto_now=True)

    class Meta:
        verbose_name = _("supplier score")
        verbose_name_plural = _("supplier scores")
        ordering = ["period_start"]
        constraints = [
            models.UniqueConstraint(
                fields=["scorecard", "supplier", "period_start"], name="one_score_per_period"
            )
        ]
        indexes = [models.Index(fields=["supplier", "period_start"])]

    def __str__(self) -> str:
        return f"{self.supplier} {self.period_start:%Y-%m}: {self.score}"


class BandAlert(TimeStampedModel):
    """A supplier fell into a worse band than in the period before."""

    record = models.OneToOneField(
        ScoreRecord,
        verbose_name=_("supplier score"),
        on_delete=models.CASCADE,
        related_name="alert",
    )
    previous_band = models.ForeignKey(
        Band,
        verbose_name=_("previous score band"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    band = models.ForeignKey(
        Band, verbose_name=_("score band"), on_delete=models.SET_NULL, null=True, related_name="+"
    )
    recipients = models.JSONField(_("recipients"), default=list)

    class Meta:
        verbose_name = _("score band alert")
        verbose_name_plural = _("score band alerts")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.record}: {self.previous_band} → {self.band}"
