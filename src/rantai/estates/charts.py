"""An estate's charts, in Rantai's chart style (``rantai.core.charts``, which also draws the
occupancy trend)."""

import pygal
from django.utils.translation import gettext as _

from rantai.core.charts import COLOURS, COMMON, style, svg
from rantai.estates.assets import FundingSummary


def funding(summary: FundingSummary) -> str:
    """Cost by fiscal year, stacked by funding source, in million Rupiah."""
    if not summary.by_year:
        return ""
    chart = pygal.StackedBar(
        width=640,
        height=260,
        show_legend=len(summary.by_funding) > 1,
        x_label_rotation=0 if len(summary.by_year) <= 12 else 45,
        **{**COMMON, "style": style(COLOURS[1:])},
    )
    chart.x_labels = [str(year) for year in summary.years]
    chart.y_title = _("million Rp")
    for source, label, _total in summary.by_funding:
        values = []
        for year in summary.years:
            cell = summary.cells.get((source, year))
            values.append(round(float(cell.cost) / 1e6, 1) if cell else None)
        chart.add(label, values)
    return svg(chart)
