"""The development funnel: registered IKM → mentored (5R) → improved → at a temu bisnis → met
buyers → partnership signed → active and performing, counted over each firm's funnel facts
(``insights.facts``, which holds the definitions): the seven steps of a region are one pass
over its rows, and every number opens as the list of firms behind it. Nothing is loaded into
Python to count.

The steps do not all follow one another in time (Tegal's temu bisnis of 2021 came before its 5R
mentoring of 2022), so each is counted among the registered IKM and within the step it truly
depends on: improved within mentored, met buyers within at a temu bisnis, performing within
signed; its conversion is the share of that parent step.

With a year: mentored in a program that started in the year; at a temu bisnis (and met buyers
there) in the year or the one before (the event that led to a year's partnerships); signed in
the year. A program or an event instead of the year narrows its steps to it.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Count, F, Q
from django.db.models.lookups import GreaterThan
from django.utils.translation import gettext_lazy as _

from rantai.estates.models import Lease
from rantai.firms.models import REGION_FIELDS, Firm
from rantai.five_r.models import Participation, Program
from rantai.insights import facts
from rantai.insights.models import FunnelFacts
from rantai.matchmaking.models import Event

PERFORMING = facts.PERFORMING


@dataclass(frozen=True)
class Filters:
    region: str | None = None  # a province, regency or district code
    year: int | None = None
    program: int | None = None
    event: int | None = None
    kbli: str | None = None
    estate: int | None = None


@dataclass
class Step:
    key: str
    label: str
    firms: object  # a queryset of Firm
    parent: str | None = None
    count: int = 0
    conversion: float | None = None  # % of the parent step
    meaning: str = ""  # what the step counts under the filters (``meanings``)


STEPS = [
    ("registered", _("Registered IKM")),
    ("mentored", _("Mentored (5R)")),
    ("improved", _("Improved (final above baseline)")),
    ("at_event", _("At a temu bisnis")),
    ("met", _("Met buyers")),
    ("signed", _("Partnership signed")),
    ("performing", _("Active and performing")),
]
PARENT = {
    "mentored": "registered",
    "improved": "mentored",
    "at_event": "registered",
    "met": "at_event",
    "signed": "registered",
    "performing": "signed",
}


def meanings(f: Filters) -> dict[str, str]:
    """What each step counts under the filters, in words: a year means a different thing for
    each step (a program's start, an event's date, a signing), and the page says which."""
    year = {"year": f.year, "before": (f.year or 1) - 1}
    if f.program:
        mentored = _("took part in the program chosen")
    elif f.year:
        mentored = _("took part in a 5R program that started in %(year)s") % year
    else:
        mentored = _("took part in a 5R program, in any year")
    if f.event:
        at_event = _("approved at the temu bisnis chosen")
        met = _("met a buyer at the temu bisnis chosen")
    elif f.year:
        at_event = _("approved at a temu bisnis held in %(before)s or %(year)s") % year
        met = _("met a buyer at a temu bisnis held in %(before)s or %(year)s") % year
    else:
        at_event = _("approved at a temu bisnis, in any year")
        met = _("met a buyer at a temu bisnis, in any year")
    if f.year:
        signed = _("signed an agreement as a supplier in %(year)s") % year
        registered = _("in the registry today (the year does not narrow this step)")
    else:
        signed = _("signed an agreement as a supplier, in any year")
        registered = _("in the registry today")
    return {
        "registered": registered,
        "mentored": mentored,
        "improved": _("of those mentored: a final 5R audit above their baseline"),
        "at_event": at_event,
        "met": met,
        "signed": signed,
        "performing": _("of those signed: an agreement active today, scored 70 or more"),
    }


def _rows(f: Filters):
    """The funnel facts of the registered IKM in the chosen region, sector and estate."""

    # A firm's own row, or with a sector its row for that KBLI code: no firm twice.
    rows = FunnelFacts.objects.filter(kbli_id=f.kbli)
    if f.region:
        level = f.region.count(".") + 1
        field = REGION_FIELDS[level - 1] if level <= 3 else "firm__village"
        rows = rows.filter(**{f"{field}_id": f.region})
    if f.estate:
        rows = rows.filter(firm_id__in=Lease.objects.filter(estate_id=f.estate).values("tenant_id"))
    return rows


def _any(field: str, bits: int | None = None) -> Q:
    """The fact's years include one of ``bits`` (any year at all when None)."""
    if bits is None:
        return ~Q(**{field: 0})
    return Q(GreaterThan(F(field).bitand(bits), 0))


def conditions(f: Filters) -> dict[str, Q]:
    """Each step's condition on a firm's facts (the first step: none)."""

    if f.program:
        mentored = Q(
            firm_id__in=Participation.objects.filter(program__in=_programs(f)).values("firm_id")
        )
    else:
        mentored = _any("mentored_years", facts.mask(f.year) if f.year else None)
    window = facts.mask(f.year - 1, f.year) if f.year else None
    if f.event:
        registrations = facts.approved_registrations().filter(event__in=_events(f))
        held = facts.meetings_held().filter(event__in=_events(f))
        at_event = Q(firm_id__in=registrations.values("firm_id"))
        met_there = Q(pk__in=held.values("request__requester")) | Q(
            pk__in=held.values("request__recipient")
        )
        met = Q(firm_id__in=registrations.filter(met_there).values("firm_id"))
    else:
        at_event, met = _any("event_years", window), _any("met_years", window)
    signed = _any("signed_years", facts.mask(f.year) if f.year else None)
    return {
        "registered": Q(),
        "mentored": mentored,
        "improved": mentored & Q(improved=True),
        "at_event": at_event,
        "met": met,
        "signed": signed,
        "performing": signed & Q(performing=True),
    }


def in_scope(f: Filters, firm: str) -> Q:
    """The first step's firms, as a condition on the firm a related row points to (``firm`` is
    the path to it), for sums and grouped counts over related rows: an ``IN`` over the region's
    funnel facts, which hold only registered IKM (no join to the million firms)."""
    return Q(**{f"{firm}__in": _rows(f).values("firm_id")})


def _programs(f: Filters):
    programs = Program.objects.all()
    if f.program:
        programs = programs.filter(pk=f.program)
    if f.year:
        programs = programs.filter(starts_on__year=f.year)
    return programs


def _events(f: Filters):
    events = Event.objects.all()
    if f.event:
        events = events.filter(pk=f.event)
    elif f.year:
        # The temu bisnis that led to a year's partnerships may be the year before it.
        # A date range, not EXTRACT(year …) IN: the planner then estimates the events right.
        events = events.filter(
            starts_on__gte=date(f.year - 1, 1, 1), starts_on__lte=date(f.year, 12, 31)
        )
    return events


def querysets(f: Filters) -> dict:
    """Each step's firms by key; nothing is counted."""
    rows = _rows(f)
    return {
        key: Firm.objects.filter(pk__in=rows.filter(condition).values("firm_id"))
        for key, condition in conditions(f).items()
    }


def counted(counts: dict[str, int], firms: dict | None = None) -> list[Step]:
    """The steps from their counts, each with its conversion from the step it follows."""
    result = []
    for key, label in STEPS:
        parent = PARENT.get(key)
        step = Step(key, str(label), (firms or {}).get(key), parent, counts[key])
        if parent and counts[parent]:
            step.conversion = 100 * step.count / counts[parent]
        result.append(step)
    return result


def steps(f: Filters) -> list[Step]:
    """The seven counts in one query over the region's facts."""
    facts.recheck_due()
    counts = _rows(f).aggregate(
        **{key: Count("pk", filter=condition) for key, condition in conditions(f).items()}
    )
    return counted(counts, querysets(f))


def step_firms(f: Filters, key: str):
    facts.recheck_due()
    return querysets(f)[key]
