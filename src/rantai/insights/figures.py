"""Key figures of a region and period, each with its trend: the average 5R improvement,
partnerships by tier and buyer with their estimated value, on-time delivery and quality (PPM)
across the cluster, estate occupancy and facilities by funding source.

Every figure is summed or averaged by the database over the same firms as the funnel's first step
(IKM in the region, sector and estate chosen), so a figure and the funnel never disagree about
who is counted. Definitions (also in the user guide):

- 5R improvement: for each participation in a program of the period, the overall score of the
  firm's latest submitted final audit in that program less its first submitted baseline in it,
  in points; averaged over participations that have both. Trend by the program's start year.
- Partnerships: agreements with a supplier in scope that were signed (signed, active or ended
  later; not drafts or terminated ones), signed in the year when one is chosen; by tier, by buyer
  and their estimated value. Trend by the year of signing.
- On-time delivery: for order lines due in the period (up to today), the quantity received on or
  before each line's due date, capped at the line's quantity, ÷ the quantity due; the same
  definition as a supplier's scorecard, over every supplier in scope together. Quality: rejected
  ÷ received × 1,000,000 (PPM) for deliveries received in the period. Trend by month.
- Estate occupancy: occupied units ÷ units of the estates in the region (or the chosen estate)
  at the end of the period; trend at each year end.
- Facilities by funding: number and cost of the estates' facilities by funding source; trend by
  fiscal year.

The period is the chosen year (to 31 December, or today for the current year), else the twelve
months to today; trends cover the five years (or twelve months) ending there.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.db.models import (
    Count,
    DecimalField,
    Exists,
    F,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, ExtractYear, Least, TruncMonth
from django.utils import timezone

from rantai.core.dates import month_starts
from rantai.estates.models import Asset, Estate, Lease, Unit
from rantai.firms.models import Firm
from rantai.five_r import outcomes as five_r_outcomes
from rantai.five_r.models import Audit, Measurement, Participation, Program
from rantai.insights.funnel import Filters, in_scope
from rantai.partnerships.models import Delivery as Received
from rantai.partnerships.models import OrderLine, Partnership

TREND_YEARS = 5
TOP_BUYERS = 10


@dataclass
class Period:
    first: date
    last: date
    years: list[int]  # the trend's years, oldest first
    months: list[date]  # the trend's months (first days), oldest first

    # The trend's years as a date range: a range lets the database use its estimates and
    # indexes, where EXTRACT(year …) IN (…) does not (a regency's figures 0.9 s → see bench).
    @property
    def years_first(self) -> date:
        return date(self.years[0], 1, 1)

    @property
    def years_last(self) -> date:
        return date(self.years[-1], 12, 31)


def period_of(f: Filters, today: date | None = None) -> Period:
    today = today or timezone.localdate()
    if f.year and f.year < today.year:
        first, last = date(f.year, 1, 1), date(f.year, 12, 31)
    elif f.year:
        first, last = date(f.year, 1, 1), today
    else:
        # The twelve months to today, this one included.
        first, last = today.replace(day=1) - relativedelta(months=11), today
    years = list(range(last.year - TREND_YEARS + 1, last.year + 1))
    return Period(first, last, years, month_starts(first, last))


@dataclass
class Improvement:
    average: float | None  # points, final − baseline
    firms: int  # participations with both audits
    by_year: list[tuple[int, float | None, int]]  # (program start year, average, participations)


@dataclass
class Partnerships:
    count: int
    value: Decimal
    by_tier: list[tuple[int | None, int, Decimal]]  # (tier, agreements, value)
    by_buyer: list[tuple[str, int, Decimal]]  # (buyer, agreements, value), largest first
    by_year: list[tuple[int, int, Decimal]]  # (year signed, agreements, value)


@dataclass
class Delivery:
    on_time: float | None  # %
    ppm: float | None
    due: Decimal
    received: Decimal
    by_month: list[tuple[date, float | None, float | None]]  # (month, on-time %, PPM)


@dataclass
class Estates:
    estates: int
    units: int
    occupied: int
    by_year: list[tuple[int, int, int]]  # (year, units, occupied at the year's end)

    @property
    def rate(self) -> float | None:
        return 100 * self.occupied / self.units if self.units else None


@dataclass
class Facilities:
    count: int
    cost: Decimal
    by_funding: list[tuple[str, int, Decimal]]  # (funding label, facilities, cost)
    by_year: list[tuple[int, Decimal]]  # (fiscal year, cost)
    funding_codes: list[str] = field(default_factory=list)  # parallel to by_funding


@dataclass
class KeyFigures:
    period: Period
    improvement: Improvement
    partnerships: Partnerships
    delivery: Delivery
    estates: Estates
    facilities: Facilities
    outcomes: list = field(default_factory=list)  # five_r.outcomes.Spread per indicator
    notes: dict = field(default_factory=dict)


def _pct(part, whole) -> float | None:
    return float(100 * part / whole) if whole else None


def improvement(f: Filters, period: Period) -> Improvement:
    # The scores are stored on each participation as its audits change (five_r.signals). One
    # pass over the scope, by the program's start year; the period's and the trend's figures
    # are summed from it.
    participations = Participation.objects.filter(in_scope(f, "firm")).filter(
        baseline_score__isnull=False, final_score__isnull=False
    )
    if f.program:
        participations = participations.filter(program_id=f.program)
    per_year = {
        row["year"]: (row["gain"], row["n"])
        for row in participations.annotate(year=ExtractYear("program__starts_on"))
        .values("year")
        .annotate(gain=Sum(F("final_score") - F("baseline_score")), n=Count("pk"))
        .order_by()
    }

    def average(years) -> tuple[float | None, int]:
        gain = sum((per_year[y][0] for y in years if y in per_year), Decimal(0))
        n = sum(per_year[y][1] for y in years if y in per_year)
        return (float(gain / n) if n else None), n

    total, firms = average([f.year] if f.year else list(per_year))
    return Improvement(
        average=total,
        firms=firms,
        by_year=[(year, *average([year])) for year in period.years],
    )


def outcomes(f: Filters) -> list:
    """The outcome indicators of 5R in scope: per indicator, the median and interquartile range
    of the change from each participant's first baseline visit to its latest final visit (the
    visits its program's page compares). Only participations with a measurement are read."""
    participations = Participation.objects.filter(in_scope(f, "firm")).filter(
        Exists(
            Measurement.objects.filter(
                audit__firm=OuterRef("firm"), audit__program=OuterRef("program")
            )
        )
    )
    if f.program:
        participations = participations.filter(program_id=f.program)
    if f.year:
        participations = participations.filter(program__starts_on__year=f.year)
    audits = Audit.objects.filter(
        firm=OuterRef("firm"), program=OuterRef("program"), status=Audit.Status.SUBMITTED
    )
    rows = list(
        participations.annotate(
            baseline=Subquery(
                audits.filter(phase=Audit.Phase.BASELINE).order_by("date", "pk").values("pk")[:1]
            ),
            final=Subquery(
                audits.filter(phase=Audit.Phase.FINAL).order_by("-date", "-pk").values("pk")[:1]
            ),
        ).values_list("program_id", "baseline", "final")
    )
    if not rows:
        return []
    values = five_r_outcomes.measured_values(
        Audit(pk=pk) for _program, *pair in rows for pk in pair if pk
    )
    indicators = {
        program.pk: five_r_outcomes.indicators_for(program)
        for program in Program.objects.filter(pk__in={r[0] for r in rows})
    }
    shown = list({i.pk: i for group in indicators.values() for i in group}.values())
    return five_r_outcomes.spreads(
        (
            five_r_outcomes.pair(
                indicators[program],
                values,
                baseline and Audit(pk=baseline),
                final and Audit(pk=final),
            )
            for program, baseline, final in rows
        ),
        shown,
    )


MONEY = DecimalField(max_digits=20, decimal_places=0)


def partnerships(f: Filters, period: Period) -> Partnerships:
    agreements = Partnership.objects.filter(
        in_scope(f, "supplier"), status__in=Partnership.SIGNED_STATUSES
    )
    if f.program:
        agreements = agreements.filter(program_id=f.program)
    if f.event:
        agreements = agreements.filter(event_id=f.event)
    # One pass over the scope, by year signed, tier and buyer; every table is summed from it.
    groups = list(
        agreements.annotate(year=ExtractYear("signed_on"))
        .values_list("year", "tier", "buyer_id")
        .annotate(
            n=Count("pk"),
            value=Coalesce(Sum("estimated_value"), Value(0), output_field=MONEY),
        )
        .order_by()
    )
    current = [row for row in groups if not f.year or row[0] == f.year]

    def summed(rows, column: int) -> dict:
        totals: dict = {}
        for row in rows:
            n, value = totals.get(row[column], (0, Decimal(0)))
            totals[row[column]] = (n + row[3], value + row[4])
        return totals

    by_tier = summed(current, 1)
    per_year = summed(groups, 0)
    return Partnerships(
        count=sum(row[3] for row in current),
        value=sum((row[4] for row in current), Decimal(0)),
        by_tier=[
            (tier, *by_tier[tier])
            for tier in sorted(by_tier, key=lambda t: (t is None, t))  # NULLS LAST, as before
        ],
        by_buyer=_top_buyers(summed(current, 2)),
        by_year=[(year, *per_year.get(year, (0, Decimal(0)))) for year in period.years],
    )


def _top_buyers(by_buyer: dict[int, tuple[int, Decimal]]) -> list[tuple[str, int, Decimal]]:
    """The buyers with the most agreements, ties by name; names read for those only."""

    if not by_buyer:
        return []
    counts = sorted((n for n, _value in by_buyer.values()), reverse=True)
    cutoff = counts[min(TOP_BUYERS, len(counts)) - 1]
    above = [pk for pk, (n, _value) in by_buyer.items() if n > cutoff]
    tied = [pk for pk, (n, _value) in by_buyer.items() if n == cutoff]
    names = dict(Firm.objects.filter(pk__in=above).values_list("pk", "name"))
    names.update(
        Firm.objects.filter(pk__in=tied)
        .order_by("name", "pk")
        .values_list("pk", "name")[: TOP_BUYERS - len(above)]
    )
    return sorted(
        ((name, *by_buyer[pk]) for pk, name in names.items()), key=lambda row: (-row[1], row[0])
    )


QUANTITY = DecimalField(max_digits=20, decimal_places=3)


def delivery(f: Filters, period: Period) -> Delivery:
    on_time = (
        Received.objects.filter(line=OuterRef("pk"), delivered_on__lte=OuterRef("due_on"))
        .order_by()
        .values("line")
        .annotate(total=Sum("quantity"))
        .values("total")
    )
    lines = (
        OrderLine.objects.filter(
            in_scope(f, "partnership__supplier"),
            due_on__gte=period.first,
            due_on__lte=period.last,
        )
        .annotate(
            in_time=Least(
                Coalesce(Subquery(on_time), Value(0), output_field=QUANTITY), F("quantity")
            )
        )
        .order_by()
    )
    line_sums = {"due": Sum("quantity"), "on_time": Sum("in_time")}
    received = Received.objects.filter(
        in_scope(f, "partnership__supplier"),
        delivered_on__gte=period.first,
        delivered_on__lte=period.last,
    ).order_by()
    received_sums = {"received": Sum("quantity"), "rejected": Sum("rejected")}
    # By month only: the period's totals are the sums of its months (the same dates).
    by_line = {
        _month(row["month"]): row
        for row in lines.annotate(month=TruncMonth("due_on")).values("month").annotate(**line_sums)
    }
    by_delivery = {
        _month(row["month"]): row
        for row in received.annotate(month=TruncMonth("delivered_on"))
        .values("month")
        .annotate(**received_sums)
    }
    due = {k: sum((row[k] or 0 for row in by_line.values()), Decimal(0)) for k in line_sums}
    got = {k: sum((row[k] or 0 for row in by_delivery.values()), Decimal(0)) for k in received_sums}
    months = []
    for month in period.months:
        row, got_row = by_line.get(month, {}), by_delivery.get(month, {})
        months.append(
            (
                month,
                _pct(row.get("on_time") or 0, row.get("due") or 0),
                _ppm(got_row.get("rejected"), got_row.get("received")),
            )
        )
    return Delivery(
        on_time=_pct(due["on_time"] or 0, due["due"] or 0),
        ppm=_ppm(got["rejected"], got["received"]),
        due=due["due"] or Decimal(0),
        received=got["received"] or Decimal(0),
        by_month=months,
    )


def _month(value) -> date:
    return date(value.year, value.month, 1)


def _ppm(rejected, received) -> float | None:
    return float(1_000_000 * (rejected or 0) / received) if received else None


def estates_in(f: Filters):
    estates = Estate.objects.all()
    if f.estate:
        estates = estates.filter(pk=f.estate)
    if f.region:
        estates = estates.filter(village__code__startswith=f"{f.region}.")
    return estates


def estates(f: Filters, period: Period) -> Estates:
    scope = estates_in(f)
    units = Unit.objects.filter(estate__in=scope).count()
    ends = [date(year, 12, 31) if year < period.last.year else period.last for year in period.years]

    def occupied_on(day: date) -> int:
        return (
            Lease.units.through.objects.filter(lease__estate__in=scope, lease__starts_on__lte=day)
            .filter(
                Q(lease__ended_on__isnull=True, lease__ends_on__gte=day)
                | Q(lease__ended_on__gte=day)
            )
            .values("unit")
            .distinct()
            .count()
        )

    by_year = [(day.year, units, occupied_on(day)) for day in ends]
    return Estates(estates=scope.count(), units=units, occupied=by_year[-1][2], by_year=by_year)


def facilities(f: Filters) -> Facilities:
    assets = Asset.objects.filter(estate__in=estates_in(f)).order_by()
    sums = {"n": Count("pk"), "cost": Coalesce(Sum("cost"), Value(0), output_field=MONEY)}
    total = assets.aggregate(**sums)
    labels = dict(Asset.Funding.choices)
    per_funding = {row["funding"]: row for row in assets.values("funding").annotate(**sums)}
    return Facilities(
        count=total["n"],
        cost=total["cost"],
        by_funding=[
            (str(labels[value]), per_funding[value]["n"], per_funding[value]["cost"])
            for value in labels
            if value in per_funding
        ],
        by_year=[
            (row["fiscal_year"], row["cost"])
            for row in assets.values("fiscal_year").annotate(**sums).order_by("fiscal_year")
        ],
        funding_codes=[value for value in labels if value in per_funding],
    )


def key_figures(f: Filters, today: date | None = None) -> KeyFigures:
    period = period_of(f, today)
    return KeyFigures(
        period=period,
        improvement=improvement(f, period),
        partnerships=partnerships(f, period),
        delivery=delivery(f, period),
        estates=estates(f, period),
        facilities=facilities(f),
        outcomes=outcomes(f),
    )
