"""The firms of the funnel on a map, coloured by how far each got along the chain (its stage) or
by its 5R readiness level.

A firm's stage is the last funnel step it reached, in the funnel's order (a firm that met buyers
without 5R mentoring is at "met buyers"). The points are the registered IKM with a location, up
to ``LIMIT`` of them (the page says how many more there are and asks to narrow the region); the
colours are computed for those points only, with one query per step (or four for readiness).
"""

from django.urls import reverse
from django.utils.translation import gettext as _

from rantai.five_r.models import ReadinessLevel
from rantai.five_r.readiness import assess_many
from rantai.insights import funnel

LIMIT = 5000
STAGE_COLOURS = {
    "registered": "#9aa5ad",
    "mentored": "#f0ad4e",
    "improved": "#d35400",
    "at_event": "#85c1e9",
    "met": "#2e86c1",
    "signed": "#0b5d5b",
    "performing": "#1e8449",
}
LEVEL_COLOURS = ("#f0ad4e", "#2e86c1", "#0b5d5b", "#1e8449", "#6c3483")
UNKNOWN = "#9aa5ad"
COLOURINGS = ("stage", "readiness")


def _stages(f: funnel.Filters, ids: list[int]) -> tuple[dict[int, str], list[dict]]:
    by_key = funnel.querysets(f)
    stage = dict.fromkeys(ids, "registered")
    for key, _label in funnel.STEPS[1:]:  # later steps overwrite earlier ones
        for pk in by_key[key].filter(pk__in=ids).values_list("pk", flat=True):
            stage[pk] = key
    legend = [
        {"key": key, "label": str(label), "colour": STAGE_COLOURS[key]}
        for key, label in funnel.STEPS
    ]
    return stage, legend


def _readiness(ids: list[int]) -> tuple[dict[int, str], list[dict]]:
    levels = list(ReadinessLevel.objects.all())
    index = assess_many(ids)
    category = {pk: levels[i].code if i >= 0 else "none" for pk, i in index.items()}
    legend = [
        {"key": "none", "label": _("Not assessed or below the first level"), "colour": UNKNOWN}
    ]
    legend += [
        {"key": level.code, "label": level.label, "colour": LEVEL_COLOURS[n % len(LEVEL_COLOURS)]}
        for n, level in enumerate(levels)
    ]
    return category, legend


def points(f: funnel.Filters, colouring: str = "stage") -> dict:
    """GeoJSON of the funnel's registered IKM that have a location, with a category and colour
    each, the legend, how many firms have a location and how many are shown."""
    located = funnel.querysets(f)["registered"].filter(
        latitude__isnull=False, longitude__isnull=False
    )
    total = located.count()
    rows = list(located.order_by("pk").values_list("pk", "name", "latitude", "longitude")[:LIMIT])
    ids = [row[0] for row in rows]
    category, legend = _readiness(ids) if colouring == "readiness" else _stages(f, ids)
    colour = {item["key"]: item["colour"] for item in legend}
    label = {item["key"]: item["label"] for item in legend}
    counts = {item["key"]: 0 for item in legend}
    features = []
    for pk, name, lat, lon in rows:
        key = category[pk]
        counts[key] += 1
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [float(lon), float(lat)]},
                "properties": {
                    "name": name,
                    "url": reverse("firms:detail", args=[pk]),
                    "category": key,
                    "label": label[key],
                    "colour": colour[key],
                },
            }
        )
    for item in legend:
        item["count"] = counts[item["key"]]
    return {
        "type": "FeatureCollection",
        "total": total,
        "shown": len(rows),
        "legend": legend,
        "features": features,
    }
