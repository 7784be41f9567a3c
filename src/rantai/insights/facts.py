"""The funnel's facts of each registered IKM (``FunnelFacts``), computed from the records they
summarise and kept up to date as those change.

This module holds the definitions of the funnel's steps (``funnel.py`` counts them):

- registered: IKM in the registry, not deleted;
- mentored: took part in a 5R program; the program's start year is recorded;
- improved: a submitted final 5R audit scoring above the same firm's first submitted baseline
  (buyers' SOP checklists are not 5R);
- at a temu bisnis: an approved registration; the event's start year is recorded;
- met buyers: a meeting of one of its approved registrations took place (held, or scheduled at
  a time now past); the event's start year is recorded;
- partnership signed: an agreement as supplier that was signed (signed, active or ended); the
  year of signing is recorded;
- performing: an active agreement whose latest score from that buyer is 70 or more.

Who keeps them: the signals in ``insights/signals.py`` call ``touch`` for the firms a saved or
deleted record concerns; ``batch()`` gathers the touches of a long write (the scheduler, an
import, the scorecards) into one recomputation at its end; a meeting still to come is looked at
again once it starts (``recheck_due``, before any count); and ``rebuild()`` (run by the daily
``refresh_insights`` and after the migration that made the table) recomputes every firm from
scratch, catching anything written around the ORM.
"""

import threading
from collections.abc import Iterable
from contextlib import contextmanager

from django.db import connection, transaction
from django.db.models import Min, OuterRef, Q, Subquery
from django.db.models.functions import ExtractYear
from django.utils import timezone

from rantai.firms.models import Firm
from rantai.five_r.models import Audit, Participation
from rantai.insights.models import FunnelFacts
from rantai.matchmaking.models import Meeting, Registration
from rantai.partnerships.models import Partnership, Scorecard, ScoreRecord

FIRST_YEAR = 2000
LAST_YEAR = 2061  # bit 61; bit 62 is UNDATED (63 would be the sign)
UNDATED = 1 << 62
PERFORMING = 70
CHUNK = 500  # firms per recomputation query (below SQLite's limit of bound parameters)


def bit(year: int | None) -> int:
    """The bit of a year; a year outside the range or no year counts for "ever" only."""
    if year is None or not FIRST_YEAR <= year <= LAST_YEAR:
        return UNDATED
    return 1 << (year - FIRST_YEAR)


def mask(*years: int) -> int:
    """The bits of these years (those in range); 0 if none is."""
    result = 0
    for year in years:
        if FIRST_YEAR <= year <= LAST_YEAR:
            result |= 1 << (year - FIRST_YEAR)
    return result


# ---- the definitions, as querysets of related rows --------------------------------------


def sop_templates():
    """Buyers' SOP checklists, which are not 5R (one small list, read once)."""

    return Scorecard.objects.filter(sop_template__isnull=False).values("sop_template")


def improved_finals():
    """Submitted final 5R audits scoring above the same firm's first submitted baseline."""

    baseline = (
        Audit.objects.filter(
            firm=OuterRef("firm"), status=Audit.Status.SUBMITTED, phase=Audit.Phase.BASELINE
        )
        .exclude(template__in=sop_templates())
        .order_by("date")
    )
    return (
        Audit.objects.filter(status=Audit.Status.SUBMITTED, phase=Audit.Phase.FINAL)
        .exclude(template__in=sop_templates())
        .filter(overall_score__gt=Subquery(baseline.values("overall_score")[:1]))
    )


def approved_registrations():
    return Registration.objects.filter(status=Registration.Status.APPROVED)


def meetings_held(now=None):
    """Meetings that took place: held, or scheduled at a time now past (no no-show recorded)."""

    now = now or timezone.now()
    return Meeting.objects.filter(
        Q(status=Meeting.Status.HELD) | Q(status=Meeting.Status.SCHEDULED, slot__starts_at__lt=now)
    )


def signed_agreements():
    return Partnership.objects.filter(status__in=Partnership.SIGNED_STATUSES)


def performing_agreements():
    latest = ScoreRecord.objects.filter(
        supplier=OuterRef("supplier"), scorecard__buyer=OuterRef("buyer"), score__isnull=False
    ).order_by("-period_start")
    return (
        Partnership.objects.filter(status=Partnership.Status.ACTIVE)
        .annotate(latest=Subquery(latest.values("score")[:1]))
        .filter(latest__gte=PERFORMING)
    )


# ---- computing -------------------------------------------------------------------------


def compute(firms) -> dict[int, dict]:
    """The facts of the registered IKM among ``firms`` (a Q on a firm's fields), by firm id;
    a handful of grouped queries, whatever the number of firms."""

    def near(path: str) -> Q:  # ``firms`` as seen from a related row
        return Q(**{f"{path}__in": Firm.objects.filter(firms).values("pk")})

    facts = {
        pk: {
            "province_id": province,
            "regency_id": regency,
            "district_id": district,
            "mentored_years": 0,
            "improved": False,
            "event_years": 0,
            "met_years": 0,
            "signed_years": 0,
            "performing": False,
            "recheck_at": None,
        }
        for pk, province, regency, district in Firm.objects.alive()
        .filter(firms, kind=Firm.Kind.IKM)
        .values_list("pk", "province_id", "regency_id", "district_id")
    }
    if not facts:
        return facts
    for firm, code in Firm.kbli.through.objects.filter(near("firm")).values_list(
        "firm_id", "kbli_id"
    ):
        if firm in facts:
            facts[firm].setdefault("kbli", []).append(code)

    def years(rows, field: str) -> None:
        for firm, year in rows:
            if firm in facts:
                facts[firm][field] |= bit(year)

    years(
        Participation.objects.filter(near("firm"))
        .values_list("firm_id", ExtractYear("program__starts_on"))
        .distinct(),
        "mentored_years",
    )
    for firm in improved_finals().filter(near("firm")).values_list("firm_id", flat=True):
        if firm in facts:
            facts[firm]["improved"] = True
    years(
        approved_registrations()
        .filter(near("firm"))
        .values_list("firm_id", ExtractYear("event__starts_on"))
        .distinct(),
        "event_years",
    )
    now = timezone.now()
    held = meetings_held(now)
    coming = Meeting.objects.filter(status=Meeting.Status.SCHEDULED, slot__starts_at__gte=now)
    for side in ("requester", "recipient"):
        registrations = approved_registrations().filter(near("firm"))
        years(
            held.filter(**{f"request__{side}__in": registrations})
            .values_list(f"request__{side}__firm_id", ExtractYear("event__starts_on"))
            .distinct(),
            "met_years",
        )
        for firm, starts in (
            coming.filter(**{f"request__{side}__in": registrations})
            .values(f"request__{side}__firm_id")
            .annotate(first=Min("slot__starts_at"))
            .values_list(f"request__{side}__firm_id", "first")
        ):
            if firm in facts and (facts[firm]["recheck_at"] or starts) >= starts:
                facts[firm]["recheck_at"] = starts
    years(
        signed_agreements()
        .filter(near("supplier"))
        .values_list("supplier_id", ExtractYear("signed_on"))
        .distinct(),
        "signed_years",
    )
    for firm in (
        performing_agreements().filter(near("supplier")).values_list("supplier_id", flat=True)
    ):
        if firm in facts:
            facts[firm]["performing"] = True
    return facts


def refresh(firm_ids: Iterable[int]) -> None:
    """Recompute the facts of these firms (a firm no longer a registered IKM loses its row)."""

    ids = sorted({pk for pk in firm_ids if pk is not None})
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        with transaction.atomic():
            # One recomputation of a firm at a time (two at once would both write its rows);
            # in id order, so two writers never wait for each other's firms crosswise.
            list(Firm.objects.select_for_update().filter(pk__in=chunk).order_by("pk").values("pk"))
            _store(compute(Q(pk__in=chunk)), FunnelFacts.objects.filter(firm_id__in=chunk))


def _store(facts: dict[int, dict], old) -> None:
    """Replace ``old`` rows by the firms' own rows and one per KBLI code of each."""

    rows = []
    for pk, values in facts.items():
        codes = values.pop("kbli", [])
        rows += [FunnelFacts(firm_id=pk, kbli_id=code, **values) for code in [None, *codes]]
    # A sector's rows written side by side: counting one reads a few pages, not one per firm
    # (a national KBLI's count 194 → 40 ms, bench/README.md).
    rows.sort(key=lambda row: (row.kbli_id or "", row.firm_id))
    with transaction.atomic():
        old.delete()
        # The rebuild does not lock firms: rows a firm's own recomputation wrote after this
        # delete are newer, and stay.
        FunnelFacts.objects.bulk_create(rows, batch_size=2000, ignore_conflicts=True)


def rebuild(step: int = 50_000, progress=None) -> int:
    """Recompute every firm's facts, ``step`` firm ids at a time (each in its own transaction:
    a reader sees each firm's old or new facts, never none); returns the firms stored.

    It does not lock the firms (a user's edit would wait for a whole chunk): a firm whose
    records change while its chunk is computed (a few seconds) may keep the facts from just
    before, until its next change or the next rebuild."""

    last = Firm.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    stored = 0
    for start in range(0, last + 1, step):
        facts = compute(Q(pk__gte=start, pk__lt=start + step))
        _store(facts, FunnelFacts.objects.filter(firm_id__gte=start, firm_id__lt=start + step))
        stored += len(facts)
        if progress:
            progress(min(start + step, last + 1), last + 1)
    if connection.vendor == "postgresql":  # the planner's estimates of the new rows
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {FunnelFacts._meta.db_table}")
    return stored


def recheck_due() -> None:
    """Recompute the firms whose scheduled meetings have started since their facts were made
    (a meeting scheduled at a past time counts as having taken place)."""

    due = list(
        FunnelFacts.objects.filter(recheck_at__lte=timezone.now(), kbli=None).values_list(
            "firm_id", flat=True
        )[:10_000]
    )
    if due:
        refresh(due)


# ---- keeping them ------------------------------------------------------------------------

_pending = threading.local()


def touch(*firm_ids: int | None) -> None:
    """These firms' records changed: recompute their facts now, or at the end of ``batch()``."""
    deleting = getattr(_pending, "deleting", set())
    firm_ids = [pk for pk in firm_ids if pk is not None and pk not in deleting]
    waiting = getattr(_pending, "ids", None)
    if waiting is not None:
        waiting.update(firm_ids)
    elif firm_ids:
        refresh(firm_ids)


def deleting(firm_id: int, done: bool = False) -> None:
    """A firm is being deleted: its records' deletions (cascading before its own) must not
    write facts for it again."""
    if not hasattr(_pending, "deleting"):
        _pending.deleting = set()
    if done:
        _pending.deleting.discard(firm_id)
    else:
        _pending.deleting.add(firm_id)


@contextmanager
def batch():
    """Gather the touches of a long write and recompute their firms once, at the end."""
    if getattr(_pending, "ids", None) is not None:  # already gathering
        yield
        return
    _pending.ids = set()
    try:
        yield
        ids = _pending.ids
    finally:
        _pending.ids = None
    refresh(ids)


def firm_saved(firm) -> None:
    """A firm's own fields: only its region, kind and deletion matter here."""

    if firm.kind != Firm.Kind.IKM or firm.deleted_at is not None:
        FunnelFacts.objects.filter(firm_id=firm.pk).delete()
        return
    moved = FunnelFacts.objects.filter(firm_id=firm.pk).update(
        province_id=firm.province_id, regency_id=firm.regency_id, district_id=firm.district_id
    )
    if not moved:  # new, or newly an IKM or restored: its records may already say something
        touch(firm.pk)
