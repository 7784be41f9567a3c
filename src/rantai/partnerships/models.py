"""Partnership agreements (kemitraan) and the supply chain they form.

A partnership is a signed agreement between an IKM supplier and a buyer, often through a
cooperative and facilitated by the ministry or a foundation. Once active it becomes a
directed supply link buyer → supplier; the links form the tier graph (OEM → tier-1 → tier-2 …).
Every change to an agreement, its witnesses, documents and links is kept (django-simple-history).
"""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from rantai.core.models import TimeStampedModel

MAX_DOCUMENT_BYTES = 20 * 1024 * 1024


def validate_pdf(file) -> None:
    """A signed document must be a real PDF (by its first bytes, not its name) of at most 20 MB."""
    if file.size > MAX_DOCUMENT_BYTES:
        raise ValidationError(
            _("The file is larger than %(mb)d MB."), code="too_large", params={"mb": 20}
        )
    position = file.tell() if hasattr(file, "tell") else 0
    file.seek(0)
    head = file.read(5)
    file.seek(position)
    if head != b"%PDF-":
        raise ValidationError(_("The file is not a PDF document."), code="not_pdf")


class PartnershipQuerySet(models.QuerySet):
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
    def next_statuses(self) -> tuple[str, ...]:
        return self.TRANSITIONS[self.Status(self.status)]

    def days_left(self, today: date | None = None) -> int | None:
        if not self.ends_on or self.status not in (self.Status.SIGNED, self.Status.ACTIVE):
            return None
        return (self.ends_on - (today or date.today())).days


class Witness(models.Model):
    """Someone who witnessed the signing, by position (demo data never names real people)."""

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="witnesses")
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

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="documents")
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.SIGNED)
    title = models.CharField(_("title"), max_length=200)
    file = models.FileField(
        _("file (PDF)"),
        upload_to=document_path,
        validators=[FileExtensionValidator(["pdf"]), validate_pdf],
    )
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
    )
    history = HistoricalRecords(excluded_fields=["updated_at"])

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

    partnership = models.ForeignKey(Partnership, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=2, choices=Kind.choices)
    ends_on = models.DateField()
    sent_at = models.DateTimeField(auto_now_add=True)
    recipients = models.JSONField(default=list)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "kind", "ends_on"], name="one_reminder_per_kind_and_period"
            )
        ]

    def __str__(self) -> str:
        return f"{self.partnership}: {self.get_kind_display()}"


class SupplyLinkQuerySet(models.QuerySet):
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
