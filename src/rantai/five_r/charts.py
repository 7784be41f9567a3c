"""5R scores (0–100) as radar and bar charts, in Rantai's chart style (``rantai.core.charts``,
which also draws the score trend)."""

import pygal

from rantai.core.charts import COLOURS, COMMON, score, style, svg


def radar(labels: list[str], series: list[tuple[str, list]], title: str = "") -> str:
    """Drawn about as wide as a phone shows it (the SVG scales to its box, and its 13-unit
    labels with it: at 520 units wide they were 7 px high on a 360 px phone)."""
    chart = pygal.Radar(
        fill=True,
        range=(0, 100),
        width=320,
        height=300,
        title=title,
        show_legend=len(series) > 1,
        dots_size=3,
        **{**COMMON, "style": style(COLOURS if len(series) > 1 else COLOURS[1:])},
    )
    chart.x_labels = labels
    chart.y_labels = [0, 25, 50, 75, 100]
    for name, values in series:
        chart.add(name, [score(v) for v in values])
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
        chart.add(name, [score(v) for v in values])
    return svg(chart)
