"""Supplier delivery performance and scorecards, vectorised (NumPy, no Django).

Inputs are order lines and deliveries as columnar arrays; every line belongs to a *group* (in the
app: one supplier–buyer pair) and every line and delivery to a *period* (month or quarter, as an
integer the caller chooses). Definitions, per group and period:

- **On-time delivery (OTD, %)**: for the lines *due* in the period, the quantity received on or
  before each line's due date, capped at the line's quantity, ÷ the quantity due × 100.
- **Fill rate (%)**: for the same lines, the quantity received by the evaluation date (any date),
  capped at the line's quantity, ÷ the quantity due × 100.
- **Average lateness (days)**: for deliveries against the lines due in the period, the days after
  the line's due date (0 when early or on time), averaged over the quantity delivered.
- **Quality (PPM)**: for deliveries *received* in the period, the quantity rejected ÷ the quantity
  received × 1,000,000.

A period with nothing due has no OTD, fill rate or lateness (None, not zero), and one with
nothing received has no PPM: a quiet month neither helps nor hurts a supplier.

A **scorecard** turns measures into a score of 0–100: each criterion maps its measure linearly
from ``zero_at`` (score 0) to ``full_at`` (score 100), clamped, and the score is the weighted
mean of the criteria that have a value (weights re-scaled over those), rounded to one decimal.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np

MEASURES = ("on_time", "fill_rate", "lateness", "ppm", "sop")


@dataclass
class Lines:
    group: np.ndarray  # int: the supplier–buyer pair (or any grouping) of each line
    period: np.ndarray  # int: the period of the due date
    due: np.ndarray  # int: the due date as a day number
    quantity: np.ndarray  # float: quantity ordered


@dataclass
class Deliveries:
    line: np.ndarray  # int: index into Lines
    period: np.ndarray  # int: the period of the delivery date
    day: np.ndarray  # int: the delivery date as a day number
    quantity: np.ndarray  # float: quantity received
    rejected: np.ndarray  # float: of which rejected


@dataclass
class Table:
    """Measures per (group, period): parallel arrays, one row per pair that has any data."""

    group: np.ndarray
    period: np.ndarray
    due: np.ndarray  # quantity due in the period
    on_time: np.ndarray  # of which received by the due date (capped per line)
    filled: np.ndarray  # of which received by the evaluation date (capped per line)
    late_days: np.ndarray  # Σ quantity × days late, deliveries against lines due in the period
    delivered_due: np.ndarray  # Σ quantity delivered against lines due in the period
    received: np.ndarray  # quantity received in the period
    rejected: np.ndarray  # of which rejected

    def __len__(self) -> int:
        return len(self.group)

    def _ratio(self, num, den, scale) -> np.ndarray:
        out = np.full(len(self), np.nan)
        np.divide(num * scale, den, out=out, where=den > 0)
        return out

    @cached_property
    def on_time_pct(self) -> np.ndarray:
        return self._ratio(self.on_time, self.due, 100.0)

    @cached_property
    def fill_pct(self) -> np.ndarray:
        return self._ratio(self.filled, self.due, 100.0)

    @cached_property
    def lateness(self) -> np.ndarray:
        return self._ratio(self.late_days, self.delivered_due, 1.0)

    @cached_property
    def ppm(self) -> np.ndarray:
        return self._ratio(self.rejected, self.received, 1_000_000.0)

    def row(self, index: int) -> dict[str, float | None]:
        def value(array):
            v = float(array[index])
            return None if np.isnan(v) else v

        return {
            "on_time": value(self.on_time_pct),
            "fill_rate": value(self.fill_pct),
            "lateness": value(self.lateness),
            "ppm": value(self.ppm),
            "due": float(self.due[index]),
            "received": float(self.received[index]),
            "rejected": float(self.rejected[index]),
        }


def measure(lines: Lines, deliveries: Deliveries, counted: np.ndarray | None = None) -> Table:
    """All measures for every (group, period) with lines due or deliveries received in it.

    The caller passes only deliveries up to the evaluation date. Deliveries must point at lines
    in ``lines``; quantities must be ≥ 0 and rejected ≤ received (the app validates before it
    stores). ``counted`` (a boolean per line, default all) leaves lines out of the due-based
    measures, e.g. lines not yet due on the evaluation date; their deliveries still count for
    quality. Cost: a few passes of ``bincount`` over the arrays, O(lines + deliveries)."""
    n_lines = len(lines.quantity)
    qty = lines.quantity.astype(float)
    if counted is not None:
        qty = np.where(counted, qty, 0.0)
    d_line = deliveries.line.astype(np.int64)
    d_qty = deliveries.quantity.astype(float)
    due_of_delivery = lines.due[d_line]
    on_time_line = np.bincount(
        d_line, weights=np.where(deliveries.day <= due_of_delivery, d_qty, 0.0), minlength=n_lines
    )
    received_line = np.bincount(d_line, weights=d_qty, minlength=n_lines)
    late = np.maximum(deliveries.day - due_of_delivery, 0).astype(float)
    late_line = np.bincount(d_line, weights=late * d_qty, minlength=n_lines)
    if counted is not None:
        received_line = np.where(counted, received_line, 0.0)
        late_line = np.where(counted, late_line, 0.0)

    # One key per (group, period), over both lines (due period) and deliveries (receipt period).
    d_group = lines.group[d_line]
    keys_group = np.concatenate([lines.group, d_group]).astype(np.int64)
    keys_period = np.concatenate([lines.period, deliveries.period]).astype(np.int64)
    # One int64 key per pair (far faster than np.unique over rows).
    low = keys_period.min() if len(keys_period) else 0
    span = (keys_period.max() - low + 1) if len(keys_period) else 1
    keys, inverse = np.unique(keys_group * span + (keys_period - low), return_inverse=True)
    inverse = inverse.reshape(-1)
    of_line, of_delivery = inverse[:n_lines], inverse[n_lines:]
    size = len(keys)

    def total(index, weights):
        return np.bincount(index, weights=weights, minlength=size)

    return Table(
        group=keys // span,
        period=keys % span + low,
        due=total(of_line, qty),
        on_time=total(of_line, np.minimum(on_time_line, qty)),
        filled=total(of_line, np.minimum(received_line, qty)),
        late_days=total(of_line, late_line),
        delivered_due=total(of_line, received_line),
        received=total(of_delivery, d_qty),
        rejected=total(of_delivery, deliveries.rejected.astype(float)),
    )


@dataclass(frozen=True)
class Criterion:
    measure: str  # one of MEASURES
    weight: float
    full_at: float  # the measure's value that scores 100
    zero_at: float  # the value that scores 0 (above full_at for "lower is better" measures)

    def points(self, values: np.ndarray) -> np.ndarray:
        """0–100 for each value (NaN stays NaN), linear between zero_at and full_at."""
        span = self.full_at - self.zero_at
        if span == 0:
            return np.where(np.isnan(values), np.nan, np.where(values >= self.full_at, 100.0, 0.0))
        return np.clip((values - self.zero_at) / span * 100.0, 0.0, 100.0)


def score(criteria: Sequence[Criterion], values: dict[str, np.ndarray]) -> np.ndarray:
    """Weighted score per row; criteria without a value in a row drop out of that row's
    weights; a row where no criterion has a value gets NaN."""
    if not criteria:
        raise ValueError("a scorecard needs at least one criterion")
    n = len(next(iter(values.values())))
    weighted = np.zeros(n)
    weights = np.zeros(n)
    for criterion in criteria:
        column = values.get(criterion.measure)
        if column is None:
            continue
        points = criterion.points(np.asarray(column, dtype=float))
        present = ~np.isnan(points)
        weighted += np.where(present, points * criterion.weight, 0.0)
        weights += np.where(present, criterion.weight, 0.0)
    out = np.full(n, np.nan)
    np.divide(weighted, weights, out=out, where=weights > 0)
    # Round half up to one decimal, as everywhere in Rantai.
    return np.where(np.isnan(out), np.nan, np.floor(out * 10 + 0.5 + 1e-9) / 10)


def band_index(scores: np.ndarray, lower_bounds: Sequence[float]) -> np.ndarray:
    """For bands given by descending lower bounds (e.g. 85, 70, 50, 0), the index of each
    score's band (0 = best); -1 for NaN or a score below every bound."""
    bounds = np.asarray(lower_bounds, dtype=float)
    if np.any(np.diff(bounds) >= 0):
        raise ValueError("band lower bounds must be strictly descending")
    found = np.full(len(scores), -1)
    for index in range(len(bounds) - 1, -1, -1):
        found = np.where(scores >= bounds[index], index, found)
    return np.where(np.isnan(scores), -1, found)
