"""Snapshots of the widest dashboards (Indonesia and each province, for each recent year and for
all years), so that an official opening them does not wait for a million firms to be counted.

A snapshot holds exactly what the live dashboard computes — the funnel's counts and the key
figures — made by the same functions (``funnel.steps``, ``figures.key_figures``), stored as
JSON and turned back into the same objects, so pages, charts and reports cannot tell the two
apart except by the "computed at" time the page shows. ``refresh_insights`` (daily, see
docs/operations.md) recomputes them all; a dashboard with any narrower filter (a regency, a
program, an event, a KBLI, an estate) is always live.
"""

import time
from dataclasses import asdict, replace
from datetime import date
from decimal import Decimal

from django.utils import timezone

from rantai.estates.models import Asset
from rantai.firms.models import Firm
from rantai.insights import figures, funnel
from rantai.insights.models import Snapshot

YEARS_BACK = 5  # snapshots for this year and the five before it, and for all years


def covers(f: funnel.Filters) -> bool:
    """Whether a snapshot can stand for the dashboard of ``f``: the country or a province, with
    or without a year, and no other filter."""
    return (f.region is None or "." not in f.region) and not (
        f.program or f.event or f.kbli or f.estate
    )


def scopes(today: date | None = None) -> list[funnel.Filters]:
    today = today or timezone.localdate()
    provinces = (
        Firm.objects.alive()
        .filter(kind=Firm.Kind.IKM)
        .order_by()
        .values_list("province_id", flat=True)
        .distinct()
    )
    years = [None, *range(today.year - YEARS_BACK, today.year + 1)]
    regions = [None, *sorted(provinces)]
    return [funnel.Filters(region=region, year=year) for region in regions for year in years]


def _plain(value):
    if isinstance(value, Decimal):
        return {"d": str(value)}
    if isinstance(value, date):
        return {"date": value.isoformat()}
    if isinstance(value, (list, tuple)):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


def _back(value):
    if isinstance(value, dict) and set(value) == {"d"}:
        return Decimal(value["d"])
    if isinstance(value, dict) and set(value) == {"date"}:
        return date.fromisoformat(value["date"])
    if isinstance(value, list):
        return [_back(v) for v in value]
    if isinstance(value, dict):
        return {k: _back(v) for k, v in value.items()}
    return value


def encode(steps: list[funnel.Step], key: figures.KeyFigures) -> dict:
    # The outcomes of 5R are few rows, always read live (see ``read``).
    data = asdict(replace(key, outcomes=[]))
    data.pop("outcomes")
    # Funding labels are read again in the reader's language: keep codes and totals only.
    data["facilities"]["funding_totals"] = [
        [n, cost] for _label, n, cost in data["facilities"].pop("by_funding")
    ]
    return {"steps": {s.key: s.count for s in steps}, "figures": _plain(data)}


def _tuples(rows) -> list[tuple]:
    return [tuple(row) for row in rows]


def decode(data: dict) -> tuple[list[funnel.Step], figures.KeyFigures]:
    steps = funnel.counted(data["steps"])
    k = _back(data["figures"])
    labels = dict(Asset.Funding.choices)
    f = k["facilities"]
    key = figures.KeyFigures(
        period=figures.Period(**k["period"]),
        improvement=figures.Improvement(
            k["improvement"]["average"],
            k["improvement"]["firms"],
            _tuples(k["improvement"]["by_year"]),
        ),
        partnerships=figures.Partnerships(
            count=k["partnerships"]["count"],
            value=k["partnerships"]["value"],
            by_tier=_tuples(k["partnerships"]["by_tier"]),
            by_buyer=_tuples(k["partnerships"]["by_buyer"]),
            by_year=_tuples(k["partnerships"]["by_year"]),
        ),
        delivery=figures.Delivery(
            **{**k["delivery"], "by_month": _tuples(k["delivery"]["by_month"])}
        ),
        estates=figures.Estates(**{**k["estates"], "by_year": _tuples(k["estates"]["by_year"])}),
        facilities=figures.Facilities(
            count=f["count"],
            cost=f["cost"],
            by_funding=[
                (str(labels.get(code, code)), n, cost)
                for code, (n, cost) in zip(f["funding_codes"], f["funding_totals"], strict=True)
            ],
            by_year=_tuples(f["by_year"]),
            funding_codes=f["funding_codes"],
        ),
        notes=k.get("notes", {}),
    )
    return steps, key


def compute(f: funnel.Filters, today: date | None = None) -> Snapshot:
    started = time.perf_counter()
    steps = funnel.steps(f)
    key = figures.key_figures(f, today)
    data = encode(steps, key)
    snapshot, _created = Snapshot.objects.update_or_create(
        region=f.region or "",
        year=f.year or 0,
        defaults={
            "data": data,
            "computed_at": timezone.now(),
            "seconds": time.perf_counter() - started,
        },
    )
    return snapshot


def refresh(today: date | None = None, progress=None) -> list[Snapshot]:
    """Recompute every snapshot; ``progress(done, total)`` after each."""
    todo = scopes(today)
    done = []
    for n, f in enumerate(todo, start=1):
        done.append(compute(f, today))
        if progress:
            progress(n, len(todo))
    Snapshot.objects.exclude(pk__in=[s.pk for s in done]).delete()  # provinces gone, old years
    return done


# What a program or an event changes on a dashboard; the rest is the same as without it.
BY_PROGRAM = ("mentored", "improved")
BY_EVENT = ("at_event", "met")


def read(f: funnel.Filters) -> tuple[list[funnel.Step], figures.KeyFigures, Snapshot] | None:
    """The snapshot standing for the dashboard of ``f``, if there is one. A program or an event
    chosen on the country's or a province's dashboard changes only a few numbers: those are
    counted live (they concern the program's or event's few firms) over the stored rest."""
    base = replace(f, program=None, event=None)
    if not covers(base):
        return None
    snapshot = Snapshot.objects.filter(region=f.region or "", year=f.year or 0).first()
    if snapshot is None:
        return None
    steps, key = decode(snapshot.data)
    if f != base:
        steps, key = _narrowed(f, steps, key)
    # Only participations with a measurement are read: cheap enough to be live, and stored
    # they would hold model rows (the indicators) in JSON.
    return steps, replace(key, outcomes=figures.outcomes(f)), snapshot


def _narrowed(f: funnel.Filters, steps, key):
    live = (BY_PROGRAM if f.program else ()) + (BY_EVENT if f.event else ())
    by_key = funnel.querysets(f)
    narrowed = funnel.counted(
        {s.key: by_key[s.key].count() if s.key in live else s.count for s in steps}
    )
    key = replace(
        key,
        improvement=figures.improvement(f, key.period) if f.program else key.improvement,
        partnerships=figures.partnerships(f, key.period),  # by the program's or event's
    )
    return narrowed, key
