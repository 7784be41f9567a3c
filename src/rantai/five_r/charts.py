"""Charts as SVG (pygal), the same in the pages and in the PDF reports (which run no JavaScript)."""

import re
from decimal import Decimal

import pygal
from django.utils.safestring import mark_safe
from pygal.style import Style

COLOURS = ("#9aa5ad", "#0b5d5b", "#d35400", "#2e86c1", "#8e44ad")


def _style(colours) -> Style:
    return Style(
        colors=colours,
        background="transparent",
        plot_background="transparent",
        foreground="#333",
        foreground_strong="#222",
        foreground_subtle="#999",
        opacity="0.35",
        opacity_hover="0.5",
        font_family="DejaVu Sans, sans-serif",
        label_font_size=13,
        major_label_font_size=13,
        legend_font_size=13,
        value_font_size=12,
    )


STYLE = _style(COLOURS)
COMMON = {
    "style": STYLE,
    "js": [],
    "disable_xml_declaration": True,
    "explicit_size": False,
    "legend_at_bottom": True,
    "print_values": False,
}


_SCRIPT = re.compile(r"<script\b.*?</script>", re.DOTALL | re.IGNORECASE)


def svg(chart) -> str:
    """The chart as inline SVG, safe to put in a page. pygal escapes the labels (firm names,
    programs) itself; it also always writes a <script> with its configuration, labels included,
    that the pages do not use and a PDF cannot run: it goes."""
    return mark_safe(_SCRIPT.sub("", chart.render(is_unicode=True)))


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
        **{**COMMON, "style": _style(COLOURS if len(series) > 1 else COLOURS[1:])},
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
        **{**COMMON, "style": _style((COLOURS[1],))},
    )
    chart.x_labels = labels
    chart.add("", [_value(v) for v in values])
    return svg(chart)
