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
