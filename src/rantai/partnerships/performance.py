"""Delivery measures from the database: fetch order lines and deliveries as arrays (dates as day
numbers computed by the database), hand them to ``engines.performance`` and return rows per
(supplier, buyer, period). Definitions live in the engine's docstring and in the user guide."""

from dataclasses import dataclass
from datetime import date, timedelta

import numpy as np
from dateutil.relativedelta import relativedelta
from django.db.models import FloatField, Func, IntegerField
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _

from rantai.core.dates import months_between
from rantai.engines import performance as engine
from rantai.partnerships.models import Delivery, OrderLine

# What each measure is, for the pages that show them.
MEASURE_HELP = [
    (_("On-time delivery"), _("quantity received by each line's due date ÷ quantity due (%).")),
    (
        _("Fill rate"),
        _("quantity received so far ÷ quantity due, for lines due in the period (%)."),
    ),
    (
        _("Average lateness"),
        _("days after the due date, averaged over the quantity delivered (early counts 0)."),
    ),
    (_("Quality"), _("quantity rejected ÷ quantity received in the period × 1,000,000 (PPM).")),
]

EPOCH = date(1970, 1, 1)


class DayNumber(Func):
    """A date as days since 1970-01-01, computed by the database (fast to fetch)."""

    output_field = IntegerField()

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(
            compiler, connection, template="(%(expressions)s - DATE '1970-01-01')", **extra
        )

    def as_sqlite(self, compiler, connection, **extra):
        return self.as_sql(
            compiler,
            connection,
            template="CAST(julianday(%(expressions)s) - 2440587.5 AS INTEGER)",
            **extra,
        )


EPOCH = date(1970, 1, 1)  # period 0 is its month (or quarter), as for numpy's datetime64


def period_of_days(days: np.ndarray, kind: str) -> np.ndarray:
    """Months (or quarters) since January 1970 for day numbers."""
    months = days.astype("datetime64[D]").astype("datetime64[M]").astype(np.int64)
    return months // 3 if kind == "quarter" else months


def period_start(index: int, kind: str) -> date:
    months = index * 3 if kind == "quarter" else index
    return EPOCH + relativedelta(months=months)


def period_index(day: date, kind: str) -> int:
    months = months_between(EPOCH, day)
    return months // 3 if kind == "quarter" else months


def period_end(index: int, kind: str) -> date:
    following = period_start(index + 1, kind)
    return following - timedelta(days=1)


@dataclass
class Row:
    supplier_id: int
    buyer_id: int
    period: int  # see period_of_days
    period_start: date
    values: dict  # on_time, fill_rate, lateness, ppm, due, received, rejected


def _arrays(partnerships, as_of: date | None):
    lines = OrderLine.objects.filter(partnership__in=partnerships).values_list(
        "pk",
        "partnership__supplier_id",
        "partnership__buyer_id",
        Cast("quantity", FloatField()),
        DayNumber("due_on"),
    )
    line_rows = list(lines.order_by().iterator(chunk_size=20_000))
    deliveries = Delivery.objects.filter(partnership__in=partnerships)
    if as_of is not None:
        deliveries = deliveries.filter(delivered_on__lte=as_of)
    delivery_rows = list(
        deliveries.order_by()
        .values_list(
            "line_id",
            Cast("quantity", FloatField()),
            Cast("rejected", FloatField()),
            DayNumber("delivered_on"),
        )
        .iterator(chunk_size=20_000)
    )
    return line_rows, delivery_rows


def table(partnerships, kind: str = "month", as_of: date | None = None):
    """Measures for the lines and deliveries of ``partnerships`` (a queryset), per
    (supplier, buyer, period), as of ``as_of``: deliveries after it are ignored, and lines due
    after it count only for the quality of what already arrived."""
    line_rows, delivery_rows = _arrays(partnerships, as_of)
    if not line_rows:
        return []
    ids = np.fromiter((r[0] for r in line_rows), dtype=np.int64, count=len(line_rows))
    suppliers = np.fromiter((r[1] for r in line_rows), dtype=np.int64, count=len(line_rows))
    buyers = np.fromiter((r[2] for r in line_rows), dtype=np.int64, count=len(line_rows))
    quantity = np.fromiter((r[3] for r in line_rows), dtype=float, count=len(line_rows))
    due = np.fromiter((r[4] for r in line_rows), dtype=np.int64, count=len(line_rows))
    span = int(buyers.max()) + 1
    pair_keys, group = np.unique(suppliers * span + buyers, return_inverse=True)
    group = group.reshape(-1)
    pairs = np.stack([pair_keys // span, pair_keys % span], axis=1)
    order = np.argsort(ids)
    n = len(delivery_rows)
    d_line_ids = np.fromiter((r[0] for r in delivery_rows), dtype=np.int64, count=n)
    d_index = order[np.searchsorted(ids, d_line_ids, sorter=order)] if n else d_line_ids
    d_qty = np.fromiter((r[1] for r in delivery_rows), dtype=float, count=n)
    d_rej = np.fromiter((r[2] for r in delivery_rows), dtype=float, count=n)
    d_day = np.fromiter((r[3] for r in delivery_rows), dtype=np.int64, count=n)
    result = engine.measure(
        engine.Lines(group=group, period=period_of_days(due, kind), due=due, quantity=quantity),
        engine.Deliveries(
            line=d_index,
            period=period_of_days(d_day, kind),
            day=d_day,
            quantity=d_qty,
            rejected=d_rej,
        ),
        counted=None if as_of is None else due <= (as_of - EPOCH).days,
    )
    rows = []
    for index in range(len(result)):
        supplier_id, buyer_id = pairs[result.group[index]]
        period = int(result.period[index])
        rows.append(
            Row(
                int(supplier_id),
                int(buyer_id),
                period,
                period_start(period, kind),
                result.row(index),
            )
        )
    return rows


def totals(partnerships, as_of: date | None = None) -> dict:
    """The measures over everything (one figure each), for aggregate views; lines due after
    ``as_of`` are left out of on-time, fill rate and lateness."""
    line_rows, delivery_rows = _arrays(partnerships, as_of)
    if not line_rows:
        return {}
    n_lines, n = len(line_rows), len(delivery_rows)
    ids = np.fromiter((r[0] for r in line_rows), dtype=np.int64, count=n_lines)
    order = np.argsort(ids)
    d_line_ids = np.fromiter((r[0] for r in delivery_rows), dtype=np.int64, count=n)
    due = np.fromiter((r[4] for r in line_rows), dtype=np.int64, count=n_lines)
    d_day = np.fromiter((r[3] for r in delivery_rows), dtype=np.int64, count=n)
    result = engine.measure(
        engine.Lines(
            group=np.zeros(n_lines, dtype=np.int64),
            period=np.zeros(n_lines, dtype=np.int64),
            due=due,
            quantity=np.fromiter((r[3] for r in line_rows), dtype=float, count=n_lines),
        ),
        engine.Deliveries(
            line=order[np.searchsorted(ids, d_line_ids, sorter=order)] if n else d_line_ids,
            period=np.zeros(n, dtype=np.int64),
            day=d_day,
            quantity=np.fromiter((r[1] for r in delivery_rows), dtype=float, count=n),
            rejected=np.fromiter((r[2] for r in delivery_rows), dtype=float, count=n),
        ),
        counted=None if as_of is None else due <= (as_of - EPOCH).days,
    )
    return result.row(0)
