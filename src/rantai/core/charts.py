"""The look of Rantai's charts, as SVG (pygal), the same in the pages and in the PDF reports
(which run no JavaScript). An app's chart is a pygal chart made with ``**COMMON`` (and, for other
colours, ``"style": style(...)``), turned into inline SVG by ``svg``; ``trend``, the 0–100 line, is
shared by 5R scores, scorecards and estate occupancy."""

import re
from decimal import Decimal

import pygal
from django.utils.safestring import mark_safe
from pygal.style import Style

COLOURS = ("#9aa5ad", "#0b5d5b", "#d35400", "#2e86c1", "#8e44ad")


def style(colours) -> Style:
    """Rantai's chart style with these series colours, in order."""
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


STYLE = style(COLOURS)
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


def score(value) -> float | None:
    """A 0–100 value as pygal wants it: scores arrive as Decimal, as str (from JSON) or as None
    (nothing to score)."""
    return None if value is None or value == "" else float(Decimal(str(value)))


def trend(labels: list[str], values: list, title: str = "", label_every: int = 1) -> str:
    """A 0–100 line (5R scores, scorecards, estate occupancy); with many points,
    ``label_every`` keeps every n-th x label."""
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
    chart.add("", [score(v) for v in values])
    return svg(chart)
