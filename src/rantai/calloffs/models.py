"""Call-offs: a buyer's releases against an active agreement, what the supplier must deliver,
when and where, acknowledged (or answered with a proposal) within a time the buyer sets.

A call-off in the firm zone is also a purchase order with one line (``line``), created when it
is released and kept in step with every change: whatever arrives against it is a
``partnerships.Delivery`` of that line, so on-time delivery, fill rate, PPM and the scorecards
count it without a second entry. A call-off in the forecast zone is a forecast: it asks nothing
of the supplier yet and has no order line until the buyer firms it up.
"""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from rantai.core.access import RestrictedQuerySet
from rantai.core.models import TimeStampedModel, user_stamp
from rantai.partnerships.models import OrderLine, Partnership

DEFAULT_ACK_HOURS = 4  # working hours


class CallOffQuerySet(RestrictedQuerySet):
    def open(self):
        return self.exclude(status=CallOff.Status.CANCELLED)

    def awaiting_answer(self):
        return self.filter(status=CallOff.Status.RELEASED, zone=CallOff.Zone.FIRM)


class CallOff(TimeStampedModel):
    class Zone(models.TextChoices):
        FIRM = "firm", pgettext_lazy("call-off zone", "firm")
        FORECAST = "forecast", pgettext_lazy("call-off zone", "forecast")

    class Status(models.TextChoices):
        RELEASED = "released", _("awaiting acknowledgement")
        PROPOSED = "proposed", _("change proposed")
        ACKNOWLEDGED = "acknowledged", _("acknowledged")
        CANCELLED = "cancelled", _("cancelled")

    class Escalation(models.IntegerChoices):
        NONE = 0, _("none")
        OWNER = 1, _("the supplier's owner")
        COOPERATIVE = 2, _("the cooperative's manager")
        BUYER = 3, _("the buyer")

    partnership = models.ForeignKey(
        Partnership,
        verbose_name=_("partnership"),
        on_delete=models.PROTECT,
        related_name="call_offs",
    )
    number = models.CharField(_("call-off number"), max_length=60)
    part_number = models.CharField(_("part number"), max_length=60)
    drawing_revision = models.CharField(_("drawing revision"), max_length=20, blank=True)
    description = models.CharField(_("part"), max_length=200)
    quantity = models.DecimalField(
        _("quantity"),
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    unit = models.CharField(
        _("unit"), max_length=4, choices=OrderLine.Unit.choices, default=OrderLine.Unit.PIECE
    )
    unit_price = models.DecimalField(
        _("unit price (Rp)"), max_digits=16, decimal_places=2, validators=[MinValueValidator(0)]
    )
    kanban_cards = models.PositiveSmallIntegerField(
        _("kanban cards"),
        null=True,
        blank=True,
        help_text=_("A kanban pull: the number of cards; the quantity is cards × card quantity."),
    )
    card_quantity = models.DecimalField(
        _("quantity per card"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    due_on = models.DateField(_("due date"))
    window_from = models.TimeField(_("delivery window from"), null=True, blank=True)
    window_to = models.TimeField(_("delivery window to"), null=True, blank=True)
    delivery_point = models.CharField(_("delivery point"), max_length=200)
    zone = models.CharField(_("zone"), max_length=10, choices=Zone.choices, default=Zone.FIRM)
    status = models.CharField(
        _("status"), max_length=15, choices=Status.choices, default=Status.RELEASED
    )
    ack_hours = models.PositiveSmallIntegerField(
        _("acknowledge within (working hours)"),
        default=DEFAULT_ACK_HOURS,
        validators=[MinValueValidator(1)],
    )
    ack_due_at = models.DateTimeField(_("acknowledgement due"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    acknowledged_by = user_stamp(_("acknowledged by"))
    machine_hours = models.DecimalField(
        _("machine hours needed"),
        max_digits=8,
        decimal_places=1,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
        help_text=_("The supplier's estimate, given when acknowledging: its week's load."),
    )
    proposed_quantity = models.DecimalField(
        _("proposed quantity"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    proposed_due_on = models.DateField(_("proposed due date"), null=True, blank=True)
    proposal_note = models.CharField(_("why"), max_length=300, blank=True)
    reason = models.CharField(
        _("reason for the last change"),
        max_length=300,
        blank=True,
        help_text=_("Why the buyer changed or cancelled it, or rejected a proposal."),
    )
    escalation = models.PositiveSmallIntegerField(
        _("escalated to"), choices=Escalation.choices, default=Escalation.NONE
    )
    escalated_at = models.DateTimeField(_("escalated at"), null=True, blank=True)
    line = models.OneToOneField(
        OrderLine,
        verbose_name=_("order line"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="call_off",
        editable=False,
    )
    created_by = user_stamp(_("released by"))
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = CallOffQuerySet.as_manager()

    class Meta:
        verbose_name = _("call-off")
        verbose_name_plural = _("call-offs")
        ordering = ["due_on", "window_from", "pk"]
        indexes = [
            models.Index(fields=["partnership", "status", "due_on"]),
            models.Index(fields=["status", "ack_due_at"]),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["partnership", "number"], name="one_call_off_number_per_partnership"
            ),
            models.CheckConstraint(condition=Q(quantity__gt=0), name="call_off_quantity_positive"),
            models.CheckConstraint(
                condition=Q(window_from__isnull=True)
                | Q(window_to__isnull=True)
                | Q(window_from__lt=models.F("window_to")),
                name="call_off_window_in_order",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} · {self.part_number}"

    def get_absolute_url(self) -> str:
        return reverse("calloffs:detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.status != self.Status.CANCELLED

    def ack_overdue(self, now) -> bool:
        return (
            self.status == self.Status.RELEASED
            and self.ack_due_at is not None
            and self.ack_due_at < now
        )


# ---- shipping and receipt ---------------------------------------------------------------------


class ShippingNotice(TimeStampedModel):
    """The supplier's advance shipping notice (delivery note): what leaves for the buyer, by
    call-off and lot. The buyer records the goods receipt on it once (``received``): each
    received line becomes one ``partnerships.Delivery`` of its call-off's order line, so the
    measures count the receipt without a second entry. See ``calloffs.shipping``."""

    class Status(models.TextChoices):
        SENT = "sent", _("sent")
        RECEIVED = "received", _("received")

    partnership = models.ForeignKey(
        Partnership,
        verbose_name=_("partnership"),
        on_delete=models.PROTECT,
        related_name="shipping_notices",
    )
    supplier = models.ForeignKey(
        "firms.Firm",
        verbose_name=_("supplier"),
        on_delete=models.PROTECT,
        related_name="shipping_notices",
        editable=False,
    )
    number = models.CharField(_("delivery note number"), max_length=60)
    shipped_on = models.DateField(_("shipped on"))
    vehicle = models.CharField(_("vehicle"), max_length=60, blank=True)
    driver = models.CharField(_("driver"), max_length=100, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.SENT
    )
    received_on = models.DateField(_("received on"), null=True, blank=True)
    received_by = user_stamp(_("received by"))
    created_by = user_stamp(_("shipped by"))
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("shipping notice")
        verbose_name_plural = _("shipping notices")
        ordering = ["-shipped_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["supplier", "number"], name="one_shipping_notice_number_per_supplier"
            ),
        ]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("calloffs:shipping-detail", args=[self.pk])

    def get_receipt_url(self) -> str:
        return reverse("calloffs:shipping-receive", args=[self.pk])

    @property
    def is_received(self) -> bool:
        return self.status == self.Status.RECEIVED


class ShippingNoticeLine(models.Model):
    """One lot of one call-off on a notice: shipped, then (at the gate) received, of which
    rejected with the reason. ``received`` counts every piece that arrived, the rejected ones
    included, as a Delivery does."""

    notice = models.ForeignKey(
        ShippingNotice,
        verbose_name=_("shipping notice"),
        on_delete=models.CASCADE,
        related_name="lines",
    )
    call_off = models.ForeignKey(
        CallOff,
        verbose_name=_("call-off"),
        on_delete=models.PROTECT,
        related_name="shipping_lines",
    )
    lot = models.CharField(_("lot"), max_length=60, blank=True)
    quantity = models.DecimalField(
        _("quantity shipped"),
        max_digits=14,
        decimal_places=2,
        validators=[MinValueValidator(Decimal("0.01"))],
    )
    received = models.DecimalField(
        _("quantity received"),
        max_digits=14,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(0)],
    )
    rejected = models.DecimalField(
        _("quantity rejected"),
        max_digits=14,
        decimal_places=2,
        default=0,
        validators=[MinValueValidator(0)],
    )
    reject_reason = models.CharField(_("reason for rejection"), max_length=200, blank=True)
    delivery = models.OneToOneField(
        "partnerships.Delivery",
        verbose_name=_("delivery"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="shipping_line",
        editable=False,
    )

    class Meta:
        verbose_name = _("shipping notice line")
        verbose_name_plural = _("shipping notice lines")
        ordering = ["notice", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gt=0), name="shipping_line_quantity_positive"
            ),
            models.CheckConstraint(
                condition=Q(received__isnull=True)
                | (Q(received__gte=0) & Q(received__lte=models.F("quantity"))),
                name="shipping_line_received_within_shipped",
            ),
            models.CheckConstraint(
                condition=Q(rejected__gte=0)
                & (Q(received__isnull=True) | Q(rejected__lte=models.F("received"))),
                name="shipping_line_rejected_within_received",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.notice} · {self.call_off.number}"

    @property
    def accepted(self):
        if self.received is None:
            return None
        return self.received - self.rejected


class CallOffMove(TimeStampedModel):
    """A cooperative moves a member's call-off to another member that can deliver it, with the
    buyer's consent: its manager proposes the member (one the buyer already sources the part
    from, under an agreement in force, with room in its week), the buyer accepts or rejects.
    Accepted, the call-off is cancelled with the move as its reason and released again, on the
    same terms, to the new member under its own agreement (``new_call_off``)."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", _("awaiting the buyer")
        ACCEPTED = "accepted", _("accepted")
        REJECTED = "rejected", _("rejected")

    call_off = models.ForeignKey(
        CallOff, verbose_name=_("call-off"), on_delete=models.CASCADE, related_name="moves"
    )
    cooperative = models.ForeignKey(
        "firms.Firm", verbose_name=_("cooperative"), on_delete=models.PROTECT, related_name="+"
    )
    to_firm = models.ForeignKey(
        "firms.Firm",
        verbose_name=_("to member"),
        on_delete=models.PROTECT,
        related_name="call_off_moves_in",
    )
    to_partnership = models.ForeignKey(
        Partnership,
        verbose_name=_("under agreement"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    machine_hours = models.DecimalField(
        _("machine hours needed"),
        max_digits=8,
        decimal_places=1,
        validators=[MinValueValidator(Decimal("0.1"))],
        help_text=_("What the call-off takes on the new member's machines."),
    )
    reason = models.CharField(_("why"), max_length=300)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PROPOSED
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = user_stamp(_("decided by"))
    decision_note = models.CharField(_("reason for rejection"), max_length=300, blank=True)
    new_call_off = models.OneToOneField(
        CallOff,
        verbose_name=_("new call-off"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="moved_from",
        editable=False,
    )
    created_by = user_stamp(_("proposed by"))
    history = HistoricalRecords(excluded_fields=["updated_at"])

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("call-off move")
        verbose_name_plural = _("call-off moves")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["call_off"],
                condition=Q(status="proposed"),
                name="one_open_move_per_call_off",
            )
        ]

    def __str__(self) -> str:
        return f"{self.call_off.number} → {self.to_firm}"

    @property
    def partnership(self) -> Partnership:
        """The call-off's agreement: the rules ask its parties, as for the call-off."""
        return self.call_off.partnership
