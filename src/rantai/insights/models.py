from django.db import models
from django.utils.translation import gettext_lazy as _


class MonthlyReport(models.Model):
    """A monthly report emailed to the officers of a region, so each month's goes out once."""

    region = models.ForeignKey(
        "reference.Region",
        verbose_name=_("region"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    month = models.DateField(_("month"), help_text=_("The first day of the month reported."))
    recipients = models.JSONField(_("recipients"), default=list)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        verbose_name = _("monthly report sent")
        verbose_name_plural = _("monthly reports sent")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "month"], name="one_monthly_report_per_region"
            )
        ]

    def __str__(self) -> str:
        return f"{self.region_id} {self.month:%Y-%m}"


class Snapshot(models.Model):
    """The dashboard of the whole country or a province for a year (or all years), computed by
    the same code as a live dashboard and kept up to date by ``refresh_insights``; read instead
    of counting a million firms on every request. Narrower dashboards are always live."""

    region = models.CharField(_("region code"), max_length=13, blank=True)  # "" = Indonesia
    year = models.PositiveSmallIntegerField(_("year"), default=0)  # 0 = all years
    data = models.JSONField(_("figures"))
    computed_at = models.DateTimeField(_("computed at"))
    seconds = models.FloatField(_("time to compute (s)"))

    class Meta:
        verbose_name = _("dashboard snapshot")
        verbose_name_plural = _("dashboard snapshots")
        constraints = [
            models.UniqueConstraint(
                fields=["region", "year"], name="one_snapshot_per_region_and_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.region or 'ID'} {self.year or '*'}"
