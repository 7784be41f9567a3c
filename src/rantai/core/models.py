from django.conf import settings
from django.core.cache import cache
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from rantai.core.access import RestrictedQuerySet


def user_stamp(verbose_name, *, editable: bool = False) -> models.ForeignKey:
    """Who did something to a record (uploaded, recorded, checked, booked it): a user kept as
    long as the account exists, never a way back from the user (``related_name="+"``)."""
    return models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=verbose_name,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=editable,
        related_name="+",
    )


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        abstract = True


class SoftDeleteQuerySet(models.QuerySet):
    def alive(self):
        return self.filter(deleted_at__isnull=True)

    def deleted(self):
        return self.filter(deleted_at__isnull=False)


class SoftDeleteModel(models.Model):
    """Rows users delete by mistake are only marked; an administrator can restore them."""

    deleted_at = models.DateTimeField(_("deleted at"), null=True, blank=True, editable=False)

    class Meta:
        abstract = True

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    def soft_delete(self) -> None:
        self.deleted_at = timezone.now()
        self.save(update_fields=["deleted_at", "updated_at"])

    def restore(self) -> None:
        self.deleted_at = None
        self.save(update_fields=["deleted_at", "updated_at"])


class Job(TimeStampedModel):
    """A piece of long work (import, export, report) run by a task worker, with its progress.

    The page that started it polls the job and shows a progress bar; the result (counts,
    errors, a file to download) stays on the job so the user can come back to it.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("waiting")
        RUNNING = "running", _("running")
        SUCCEEDED = "succeeded", _("finished")
        FAILED = "failed", _("failed")

    class Kind(models.TextChoices):
        FIRM_IMPORT = "firm_import", _("firm import")
        ORDERS_IMPORT = "orders_import", _("orders import")
        CALLOFF_IMPORT = "calloff_import", _("call-off schedule import")
        FIRM_EXPORT = "firm_export", _("firm export")
        SIINAS_EXPORT = "siinas_export", _("SIINas export")
        PARTNERSHIP_EXPORT = "partnership_export", _("partnership export")
        ESTATE_REPORT = "estate_report", _("estate report")
        FIVE_R_REPORT = "five_r_report", _("5R report")
        FIVE_R_OUTBOX_IMPORT = "five_r_outbox_import", _("5R outbox import")
        INSIGHTS_REPORT = "insights_report", _("insights report")
        SCHEDULE = "schedule", _("meeting schedule")
        AGENDA_PDF = "agenda_pdf", _("agenda (PDF)")
        TABLE_CARDS = "table_cards", _("table cards")

    kind = models.CharField(_("kind"), max_length=40, choices=Kind.choices)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="jobs",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    progress = models.PositiveIntegerField(_("progress"), default=0)
    total = models.PositiveIntegerField(_("total"), default=0)
    message = models.CharField(_("message"), max_length=300, blank=True)
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)
    input_file = models.FileField(_("input file"), upload_to="jobs/in/%Y/%m/", blank=True)
    output_file = models.FileField(_("output file"), upload_to="jobs/out/%Y/%m/", blank=True)
    task_id = models.CharField(_("task id"), max_length=64, blank=True)
    # The worker's last sign of life while the job runs (core.jobs.run_job beats it); a running
    # job whose heartbeat has stopped lost its worker (core.reaper).
    heartbeat_at = models.DateTimeField(_("heartbeat at"), null=True, blank=True, editable=False)

    objects = RestrictedQuerySet.as_manager()

    class Meta:
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("job-detail", args=[self.pk])

    @property
    def percent(self) -> int:
        if self.status == self.Status.SUCCEEDED:
            return 100
        if not self.total:
            return 0
        return min(100, round(100 * self.progress / self.total))

    @property
    def is_finished(self) -> bool:
        return self.status in {self.Status.SUCCEEDED, self.Status.FAILED}

    @property
    def has_succeeded(self) -> bool:
        return self.status == self.Status.SUCCEEDED

    @property
    def has_failed(self) -> bool:
        return self.status == self.Status.FAILED

    @property
    def _progress_key(self) -> str:
        return f"job-progress:{self.pk}:{self.created_at.timestamp()}"

    def report(self, progress: int, total: int | None = None) -> None:
        """Publish progress through the shared cache.

        Work such as an import runs inside one database transaction, so progress written to the
        job row would stay invisible until the end; the cache is outside the transaction.
        """
        self.progress = progress
        if total is not None:
            self.total = total
        cache.set(self._progress_key, (self.progress, self.total), timeout=24 * 3600)

    def refresh_progress(self) -> None:
        """Take the live progress the worker published, if the job is still running."""
        if not self.is_finished:
            self.progress, self.total = cache.get(self._progress_key, (self.progress, self.total))

    @property
    def message_text(self) -> str:
        """The message in the viewer's language. A fixed message is stored as its English source
        (``gettext_noop``) and translated here, not in the language the job ran in; one with
        figures in it was written in the job's language."""
        return gettext(self.message) if self.message else ""

    def start(self, total: int = 0, message: str = "") -> None:
        self.status, self.total, self.progress, self.message = (
            self.Status.RUNNING,
            total,
            0,
            message,
        )
        self.heartbeat_at = timezone.now()
        self.save(
            update_fields=["status", "total", "progress", "message", "heartbeat_at", "updated_at"]
        )
        self.report(0, total)

    def succeed(self, result: dict, message: str = "") -> None:
        self.status, self.result, self.message = self.Status.SUCCEEDED, result, message
        self.progress = self.total
        self.save()
        cache.delete(self._progress_key)

    def fail(self, message: str, result: dict | None = None) -> None:
        self.status, self.message = self.Status.FAILED, message[:300]
        self.result = result if result is not None else self.result
        self.save()
        cache.delete(self._progress_key)
