from datetime import timedelta

from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _


class ScheduledJob(models.Model):
    """The state of one of the jobs in ``rantai.ops.schedule.JOBS``: when it runs next, how its
    last run went. The schedule itself is code; administrators may switch a job off or ask for a
    run now (the admin's action sets ``next_run_at`` to now)."""

    class Outcome(models.TextChoices):
        SUCCEEDED = "succeeded", _("succeeded")
        FAILED = "failed", _("failed")

    name = models.CharField(_("name"), max_length=80, unique=True)
    enabled = models.BooleanField(_("enabled"), default=True)
    next_run_at = models.DateTimeField(_("next run"))
    last_enqueued_at = models.DateTimeField(_("last queued"), null=True, blank=True)
    last_started_at = models.DateTimeField(_("last started"), null=True, blank=True)
    last_finished_at = models.DateTimeField(_("last finished"), null=True, blank=True)
    last_outcome = models.CharField(
        _("last outcome"), max_length=10, choices=Outcome.choices, blank=True
    )
    last_message = models.TextField(_("last message"), blank=True)
    runs = models.PositiveIntegerField(_("runs"), default=0)

    class Meta:
        verbose_name = _("scheduled job")
        verbose_name_plural = _("scheduled jobs")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @staticmethod
    def busy_q(now, stale_after: timedelta) -> Q:
        """Queued or running and not yet finished, unless so long ago that the run was lost
        (a worker killed, a queue emptied): such a job may be claimed again."""
        finished = Q(last_finished_at__gte=F("last_enqueued_at"))
        unfinished = Q(last_finished_at__isnull=True) | ~finished
        return Q(last_enqueued_at__gt=now - stale_after) & unfinished

    @property
    def is_busy(self) -> bool:
        return bool(self.last_enqueued_at) and (
            self.last_finished_at is None or self.last_finished_at < self.last_enqueued_at
        )

    @property
    def last_duration(self) -> timedelta | None:
        started, finished = self.last_started_at, self.last_finished_at
        if started and finished and finished >= started:
            return finished - started
        return None
