"""Delivery measures and scorecard scores on small cases computed by hand."""

import numpy as np
import pytest

from rantai.engines.performance import Criterion, Deliveries, Lines, band_index, measure, score


def make(lines, deliveries):
    """lines: (group, period, due day, quantity); deliveries: (line, period, day, qty, rejected)."""
    lines_ = Lines(*(np.array(c) for c in zip(*lines, strict=True)))
    if deliveries:
        deliveries_ = Deliveries(*(np.array(c) for c in zip(*deliveries, strict=True)))
    else:
        deliveries_ = Deliveries(*(np.array([], dtype=int) for _ in range(5)))
    return measure(lines_, deliveries_)


def rows(table):
    return {
        (int(g), int(p)): table.row(i)
        for i, (g, p) in enumerate(zip(table.group, table.period, strict=True))
    }


def test_partial_early_late_and_rejected_deliveries():
    # Line 0: 100 due day 10: 60 on day 8 (early), 40 on day 13 (3 days late), 2 rejected.
    # Line 1: 50 due day 20: 30 on day 20 (on time), rest never delivered.
    table = make(
        [(1, 0, 10, 100), (1, 0, 20, 50)],
        [(0, 0, 8, 60, 0), (0, 0, 13, 40, 2), (1, 0, 20, 30, 0)],
    )
    r = rows(table)[(1, 0)]
    assert r["on_time"] == pytest.approx(100 * (60 + 30) / 150)  # 60 %
    assert r["fill_rate"] == pytest.approx(100 * (100 + 30) / 150)  # 86.7 %
    assert r["lateness"] == pytest.approx(40 * 3 / 130)  # 0.92 days per piece delivered
    assert r["ppm"] == pytest.approx(2 / 130 * 1_000_000)  # 15,385 PPM


def test_over_delivery_is_capped_per_line():
    table = make([(1, 0, 10, 100)], [(0, 0, 9, 150, 0)])
    r = rows(table)[(1, 0)]
    assert (r["on_time"], r["fill_rate"]) == (100.0, 100.0)
    assert r["received"] == 150  # PPM still counts all that arrived


def test_periods_split_due_and_received_and_quiet_periods_have_no_values():
    # Due in period 0 (day 28), delivered in period 1 (day 33): late in period 0's OTD, its
    # quality counts in period 1. Period 2 has a line due but nothing delivered yet.
    table = make(
        [(7, 0, 28, 10), (7, 2, 70, 5)],
        [(0, 1, 33, 10, 1)],
    )
    r = rows(table)
    assert r[(7, 0)]["on_time"] == 0.0 and r[(7, 0)]["fill_rate"] == 100.0
    assert r[(7, 0)]["lateness"] == 5.0 and r[(7, 0)]["ppm"] is None  # nothing received in 0
    assert r[(7, 1)]["on_time"] is None and r[(7, 1)]["ppm"] == pytest.approx(100_000)
    assert r[(7, 2)]["on_time"] == 0.0 and r[(7, 2)]["lateness"] is None  # nothing delivered


def test_groups_stay_apart():
    table = make(
        [(1, 0, 10, 10), (2, 0, 10, 10)],
        [(0, 0, 10, 10, 0), (1, 0, 11, 10, 10)],
    )
    r = rows(table)
    assert (r[(1, 0)]["on_time"], r[(1, 0)]["ppm"]) == (100.0, 0.0)
    assert (r[(2, 0)]["on_time"], r[(2, 0)]["ppm"]) == (0.0, 1_000_000.0)


def test_no_deliveries_at_all():
    r = rows(make([(1, 3, 10, 10)], []))[(1, 3)]
    assert (r["on_time"], r["fill_rate"], r["lateness"], r["ppm"]) == (0.0, 0.0, None, None)


def test_score_maps_each_criterion_and_reweights_missing_ones():
    criteria = [
        Criterion("on_time", 40, full_at=98, zero_at=80),
        Criterion("ppm", 30, full_at=100, zero_at=5100),
        Criterion("fill_rate", 20, full_at=100, zero_at=80),
        Criterion("sop", 10, full_at=100, zero_at=50),
    ]
    values = {
        "on_time": np.array([98.0, 89.0, np.nan]),
        "ppm": np.array([0.0, 2600.0, np.nan]),
        "fill_rate": np.array([100.0, 90.0, np.nan]),
        "sop": np.array([75.0, np.nan, np.nan]),
    }
    result = score(criteria, values)
    # Row 0: 40·100 + 30·100 + 20·100 + 10·50 = 9500 / 100 = 95.0
    # Row 1: on-time 50, ppm 50, fill 50, no SOP: (40·50 + 30·50 + 20·50) / 90 = 50.0
    assert result[0] == 95.0 and result[1] == 50.0 and np.isnan(result[2])


def test_score_rounds_half_up_to_one_decimal():
    criteria = [Criterion("on_time", 1, full_at=100, zero_at=0)]
    assert score(criteria, {"on_time": np.array([62.25, 62.35, 0.05])}).tolist() == [
        62.3,
        62.4,
        0.1,
    ]


def test_bands_from_descending_bounds():
    scores = np.array([95.0, 85.0, 84.9, 50.0, 10.0, np.nan])
    assert band_index(scores, [85, 70, 50, 0]).tolist() == [0, 0, 1, 2, 3, -1]
    assert band_index(np.array([10.0]), [85, 70, 50]).tolist() == [-1]
    with pytest.raises(ValueError, match="descending"):
        band_index(scores, [50, 70])


def test_lines_not_yet_due_are_left_out_but_their_early_deliveries_count_for_quality():
    lines = Lines(
        group=np.array([1, 1]),
        period=np.array([0, 0]),
        due=np.array([10, 40]),
        quantity=np.array([100.0, 100.0]),
    )
    deliveries = Deliveries(
        line=np.array([0, 1]),
        period=np.array([0, 0]),
        day=np.array([10, 20]),
        quantity=np.array([100.0, 50.0]),
        rejected=np.array([0.0, 5.0]),
    )
    r = measure(lines, deliveries, counted=np.array([True, False])).row(0)
    assert (r["on_time"], r["fill_rate"], r["due"]) == (100.0, 100.0, 100.0)
    assert r["lateness"] == 0.0
    assert r["ppm"] == pytest.approx(5 / 150 * 1e6)
