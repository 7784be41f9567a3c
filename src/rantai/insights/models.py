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


def _region_copy(**options):
    """A copy of one of the firm's region codes: no constraint, indexed with the sector."""
    return models.ForeignKey(
        "reference.Region",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
        db_index=False,
        **options,
    )


class FunnelFacts(models.Model):
    """What the development funnel needs to know of one registered IKM, kept up to date as its
    5R participations, audits, temu bisnis registrations and meetings, partnerships and scores
    change (``insights.facts``), so a dashboard counts every step in one pass over a region's
    rows instead of re-reading each firm's history once per step (bench/README.md).

    Each firm has its own row (``kbli`` empty) and one more for each of its KBLI codes, so a
    sector is found by an index like a region, not by joining a million firms' codes.

    The years something happened are bit masks (bit ``year - 2000``; ``facts.UNDATED`` for a
    partnership signed without a date), so one row answers "mentored in 2022", "at a temu
    bisnis in 2021 or 2022" or "ever" with one bitwise test."""

    firm = models.ForeignKey(  # indexed by the unique (firm, kbli)
        "firms.Firm",
        verbose_name=_("firm"),
        on_delete=models.CASCADE,
        related_name="funnel_facts",
        db_index=False,
    )
    kbli = models.ForeignKey(  # indexed first in each region's index
        "reference.Kbli",
        verbose_name=_("KBLI code"),
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        related_name="+",
        db_index=False,
    )
    # The firm's region, copied so a region's rows are found without reading the firms.
    province = _region_copy(verbose_name=_("province"))
    regency = _region_copy(verbose_name=_("regency/city"))
    district = _region_copy(verbose_name=_("district (kecamatan)"), null=True)
    # Its 5R programs' start years.
    mentored_years = models.BigIntegerField(_("years mentored (5R)"), default=0)
    # A final 5R audit above its first baseline.
    improved = models.BooleanField(_("improved (final above baseline)"), default=False)
    # Approved at temu bisnis of these years.
    event_years = models.BigIntegerField(_("years at a temu bisnis"), default=0)
    # Meetings took place at events of these years.
    met_years = models.BigIntegerField(_("years met buyers"), default=0)
    # Partnerships as supplier signed then.
    signed_years = models.BigIntegerField(_("years a partnership was signed"), default=0)
    # Active, latest score from that buyer ≥ 70.
    performing = models.BooleanField(_("active and performing"), default=False)
    # When a scheduled meeting starts, and with it may count as having taken place.
    recheck_at = models.DateTimeField(_("look again at"), null=True)

    class Meta:
        verbose_name = _("funnel facts of a firm")
        verbose_name_plural = _("funnel facts of firms")
        indexes = [
            # The sector first: empty for the firms' own rows, a code for the sector's rows;
            # with the firm, so a region's or sector's firms are read from the index alone
            # (PostgreSQL; SQLite ignores ``include``).
            models.Index(
                fields=["kbli", "province"], include=["firm"], name="funnelfacts_kbli_province"
            ),
            models.Index(
                fields=["kbli", "regency"], include=["firm"], name="funnelfacts_kbli_regency"
            ),
            models.Index(
                fields=["kbli", "district"], include=["firm"], name="funnelfacts_kbli_district"
            ),
            models.Index(
                fields=["recheck_at"],
                condition=models.Q(recheck_at__isnull=False),
                name="funnelfacts_recheck",
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["firm", "kbli"], name="one_funnel_facts_per_sector"),
            models.UniqueConstraint(
                fields=["firm"], condition=models.Q(kbli=None), name="one_funnel_facts_per_firm"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.firm_id} {self.kbli_id or ''}".strip()
