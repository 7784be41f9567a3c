"""Charts on a 0–100 scale (5R scores; the trend also serves scorecards and estate occupancy),
in Rantai's chart style (``rantai.core.charts``)."""

from decimal import Decimal

import pygal

from rantai.core.charts import COLOURS, COMMON, style, svg


def _value(v):
    """Scores arrive as Decimal, as str (from JSON) or as None (nothing to score)."""
    return None if v is None or v == "" else float(Decimal(str(v)))


def radar(labels: list[str], series: list[tuple[str, list]], title: str = "") -> str:
    chart = pygal.Radar(
        fill=True,
        range=(0, 100),
        width=520,
        height=460,
        title=title,
        show_legend=len(series) > 1,
        dots_size=3,
        **{**COMMON, "style": style(COLOURS if len(series) > 1 else COLOURS[1:])},
    )
    chart.x_labels = labels
    chart.y_labels = [0, 25, 50, 75, 100]
    for name, values in series:
        chart.add(name, [_value(v) for v in values])
    return svg(chart)


def bars(labels: list[str], series: list[tuple[str, list]], title: str = "") -> str:
    chart = pygal.HorizontalBar(
        range=(0, 100),
        width=640,
        height=max(220, 34 * len(labels) + 120),
        title=title,
        print_values=False,
        **{k: v for k, v in COMMON.items() if k != "print_values"},
    )
    chart.x_labels = labels
    for name, values in series:
        chart.add(name, [_value(v) for v in values])
    return svg(chart)


def trend(labels: list[str], values: list, title: str = "", label_every: int = 1) -> str:
    """A 0–100 line; with many points, ``label_every`` keeps every n-th x label."""
    chart = pygal.Line(
        range=(0, 100),
        width=640,
        height=300,
        title=title,
        show_legend=False,
        dots_size=4,
        x_labels_major_every=label_every,
        show_minor_x_labels=label_every == 1,
        truncate_label=-1,
        **{**COMMON, "style": style((COLOURS[1],))},
    )
    chart.x_labels = labels
    chart.add("", [_value(v) for v in values])
    return svg(chart)
