"""What ``core.mail.notify`` tells a user, kept for the in-app inbox: one row per user and notice,
written in that user's language when it was sent."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rantai.core.access import RestrictedQuerySet


class NotificationQuerySet(RestrictedQuerySet):
    def unread(self):
        return self.filter(read_at__isnull=True)


class Notification(models.Model):
    class Kind(models.TextChoices):
        PARTNERSHIP_ENDING = "partnership_ending", _("agreement reminder")
        LEASE_ENDING = "lease_ending", _("lease reminder")
        SURVEY = "survey", _("survey invitation")
        BAND_DROP = "band_drop", _("scorecard band drop")
        REPORT_READY = "report_ready", _("report ready")
        MONTHLY_REPORT = "monthly_report", _("monthly report")
        INVITATION = "invitation", _("invitation")
        MEETING_REQUEST = "meeting_request", _("meeting request")
        CORRECTIVE_ACTION = "corrective_action", _("5R corrective actions")
        ACCESS_REQUEST = "access_request", _("access request")
        CALL_OFF = "call_off", _("call-off")
        AGENDA_CHANGED = "agenda_changed", _("agenda changed")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recipient"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    # When it went out by email, immediately or in a daily digest; a digest takes only rows
    # without it, so a second run the same day sends nothing twice.
    emailed_at = models.DateTimeField(_("emailed at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["recipient", "read_at"], name="inbox_unread")]

    def __str__(self) -> str:
        return self.subject

    @property
    def is_read(self) -> bool:
        return self.read_at is not None
