"""The key figures' trends as SVG (pygal), the same on the dashboard and in the PDF report."""

import pygal
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from rantai.core import formatting
from rantai.core.charts import COLOURS, COMMON, style, svg


def _render(chart) -> str:
    return svg(chart)


def _empty(values: list) -> bool:
    return all(v is None for v in values)


def _number(value) -> str:
    return "" if value is None else formatting.number(value)


def columns(labels: list, series: list[tuple[str, list]], title: str = "") -> str:
    """Counts or amounts per period, from zero up to the largest; nothing when all are empty."""
    if all(_empty(values) or not any(values) for _name, values in series):
        return ""
    chart = pygal.Bar(
        value_formatter=_number,
        width=520,
        height=260,
        title=title,
        show_legend=len(series) > 1,
        **{**COMMON, "style": style(COLOURS[1:])},
    )
    chart.x_labels = [str(label) for label in labels]
    for name, values in series:
        chart.add(name, [None if v is None else float(v) for v in values])
    return _render(chart)


def line(labels: list, values: list, title: str = "", percent: bool = False) -> str:
    """A trend from zero (``percent`` fixes the scale at 0–100); nothing when all are empty."""
    if _empty(values):
        return ""
    top = max(v for v in values if v is not None)
    chart = pygal.Line(
        value_formatter=_number,
        x_label_rotation=40 if len(labels) > 6 else 0,
        width=520,
        height=260,
        title=title,
        show_legend=False,
        dots_size=3,
        truncate_label=-1,
        range=(0, 100) if percent else (0, max(10, float(top) * 1.2)),
        **{**COMMON, "style": style((COLOURS[1],))},
    )
    chart.x_labels = [str(label) for label in labels]
    chart.add("", [None if v is None else float(v) for v in values])
    return _render(chart)


def trend_charts(figures) -> dict[str, str]:
    """One small chart per key figure."""
    p = figures.partnerships
    d = figures.delivery
    e = figures.estates
    years = [year for year, *_rest in figures.improvement.by_year]
    months = [date_format(month, "M y") for month, *_rest in d.by_month]
    return {
        "improvement": line(years, [avg for _y, avg, _n in figures.improvement.by_year]),
        "partnerships": columns(
            [year for year, *_rest in p.by_year],
            [(_("Agreements signed"), [n for _y, n, _v in p.by_year])],
        ),
        "on_time": line(months, [on_time for _m, on_time, _p in d.by_month], percent=True),
        "occupancy": line(
            [year for year, *_rest in e.by_year],
            [100 * occupied / units if units else None for _y, units, occupied in e.by_year],
            percent=True,
        ),
        "facilities": columns(
            [year for year, _cost in figures.facilities.by_year],
            [(_("Million Rp"), [cost / 1_000_000 for _y, cost in figures.facilities.by_year])],
        ),
    }
