"""Outgoing webhooks: an organisation's endpoints (where its systems want to be told), one
delivery per event and endpoint, and every attempt to deliver it."""

import secrets
import uuid

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from rantai.core.access import RestrictedQuerySet
from rantai.core.models import TimeStampedModel
from rantai.webhooks.validators import validate_events, validate_webhook_url


class Event(models.TextChoices):
    CALLOFF_RELEASED = "calloff.released", _("call-off released")
    CALLOFF_ACKNOWLEDGED = "calloff.acknowledged", _("call-off acknowledged")
    CALLOFF_CHANGE_PROPOSED = "calloff.change_proposed", _("call-off change proposed")
    CALLOFF_CHANGED = "calloff.changed", _("call-off changed")
    CALLOFF_CANCELLED = "calloff.cancelled", _("call-off cancelled")
    CALLOFF_SHIPPED = "calloff.shipped", _("call-off shipped")
    CALLOFF_RECEIVED = "calloff.received", _("call-off received")


def new_secret() -> str:
    return secrets.token_hex(32)


class Endpoint(TimeStampedModel):
    """An address of an organisation's system that is sent the events it subscribed to, signed
    with its secret."""

    organisation = models.ForeignKey(
        "firms.Firm",
        verbose_name=_("organisation"),
        on_delete=models.CASCADE,
        related_name="webhook_endpoints",
    )
    url = models.URLField(_("address"), max_length=500, validators=[validate_webhook_url])
    secret = models.CharField(_("signing secret"), max_length=64, default=new_secret)
    events = models.JSONField(
        _("events"),
        default=list,
        validators=[validate_events],
        error_messages={"blank": _("Choose at least one event.")},
    )
    active = models.BooleanField(_("active"), default=True)
    description = models.CharField(_("description"), max_length=200, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("created by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    # The secret stays out of the history: a rotated secret is gone.
    history = HistoricalRecords(excluded_fields=["updated_at", "secret"])
    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("webhook endpoint")
        verbose_name_plural = _("webhook endpoints")
        ordering = ["organisation", "url", "pk"]

    def __str__(self) -> str:
        return self.url

    def get_absolute_url(self) -> str:
        return reverse("webhooks:endpoint", kwargs={"pk": self.pk})

    def event_labels(self) -> list[str]:
        return [Event(e).label for e in self.events if e in Event.values]


class Delivery(models.Model):
    """One event for one endpoint, tried until it succeeds or the retries run out."""

    class Status(models.TextChoices):
        PENDING = "pending", _("pending")
        SUCCEEDED = "succeeded", _("succeeded")
        FAILED = "failed", _("failed (gave up)")

    endpoint = models.ForeignKey(
        Endpoint, verbose_name=_("endpoint"), on_delete=models.CASCADE, related_name="deliveries"
    )
    event = models.CharField(_("event"), max_length=40, choices=Event.choices)
    payload = models.JSONField(_("payload"), encoder=DjangoJSONEncoder)
    # The event's id, sent as the body's "id" and the X-Rantai-Delivery header; a replay keeps
    # it, so a receiver that de-duplicates on it processes each event once.
    event_id = models.UUIDField(_("event id"), default=uuid.uuid4, editable=False)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    attempts_count = models.PositiveSmallIntegerField(_("attempts"), default=0)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)
    replay_of = models.ForeignKey(
        "self",
        verbose_name=_("replay of"),
        on_delete=models.CASCADE,  # a replay goes with its original
        null=True,
        blank=True,
        related_name="replays",
    )
    replayed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("replayed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("webhook delivery")
        verbose_name_plural = _("webhook deliveries")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["endpoint", "event_id"],
                condition=Q(replay_of__isnull=True),
                name="webhooks_one_original_per_event",
            )
        ]
        indexes = [
            models.Index(
                fields=["next_attempt_at"],
                condition=Q(status="pending"),
                name="webhooks_due",
            )
        ]

    def __str__(self) -> str:
        return f"{self.event} → {self.endpoint}"

    def get_absolute_url(self) -> str:
        return reverse("webhooks:delivery", kwargs={"pk": self.pk})


class Attempt(models.Model):
    """One POST of a delivery and what came back (or why nothing did)."""

    delivery = models.ForeignKey(
        Delivery, verbose_name=_("delivery"), on_delete=models.CASCADE, related_name="attempts"
    )
    started_at = models.DateTimeField(_("started at"))
    duration_ms = models.PositiveIntegerField(_("duration (ms)"))
    status_code = models.PositiveSmallIntegerField(_("status code"), null=True, blank=True)
    # Technical text from the network or the receiver, kept as it came (not translated).
    error = models.TextField(_("error"), blank=True)
    response_excerpt = models.TextField(_("response excerpt"), blank=True)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("webhook attempt")
        verbose_name_plural = _("webhook attempts")
        ordering = ["started_at", "pk"]

    def __str__(self) -> str:
        return f"{self.delivery} @ {self.started_at:%Y-%m-%d %H:%M:%S}"

    @property
    def succeeded(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300
