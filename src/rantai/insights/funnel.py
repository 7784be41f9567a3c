"""The development funnel: registered IKM → mentored (5R) → improved → at a temu bisnis → met
buyers → partnership signed → active and performing. Each step is a queryset of firms, so every
count is one indexed ``COUNT`` and every number opens as the list of firms behind it; nothing is
loaded into Python to count.

The steps do not all follow one another in time (Tegal's temu bisnis of 2021 came before its 5R
mentoring of 2022), so each is counted among the registered IKM and within the step it truly
depends on: improved within mentored, met buyers within at a temu bisnis, performing within
signed; its conversion is the share of that parent step.

Definitions (also in the user guide):
- registered: IKM in the registry (not deleted) in the chosen region, sector and estate;
- mentored: took part in a 5R program (the chosen one, or any that started in the year);
- improved: a submitted final 5R audit scoring above the same firm's submitted baseline;
- at a temu bisnis: an approved registration (at the chosen event, or any in the year);
- met buyers: at least one meeting that took place (held, or scheduled at a past time with no
  no-show);
- partnership signed: an agreement as supplier, signed (in the year, if one is chosen);
- active and performing: an active agreement whose latest score from that buyer is 70 or more.
"""

from dataclasses import dataclass
from datetime import date

from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rantai.firms.models import REGION_FIELDS, Firm

PERFORMING = 70


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


def _registered(f: Filters):
    firms = Firm.objects.alive().filter(kind=Firm.Kind.IKM)
    if f.region:
        level = f.region.count(".") + 1
        firms = firms.filter(**{f"{REGION_FIELDS[level - 1]}_id": f.region})
    if f.kbli:
        # A semi-join, not a join: no firm twice, so no DISTINCT over the firm's columns.
        firms = firms.filter(
            Exists(Firm.kbli.through.objects.filter(firm=OuterRef("pk"), kbli_id=f.kbli))
        )
    if f.estate:
        from rantai.estates.models import Lease

        firms = firms.filter(
            Exists(Lease.objects.filter(tenant=OuterRef("pk"), estate_id=f.estate))
        )
    return firms


def _near(f: Filters, firm: str, estate: bool = True) -> Q:
    """The region (and estate) condition on the firm a related row points to (``firm`` is the
    path to it).
    Redundant with the outer firm's own region, but it lets the database build the small set of
    the region's rows instead of the whole country's and then probe it (bench/README.md)."""
    near = Q()
    if f.region:
        level = f.region.count(".") + 1
        near &= Q(**{f"{firm}__{REGION_FIELDS[level - 1]}_id": f.region})
    if f.estate and estate:  # joins may repeat a row: only inside EXISTS and IN
        near &= Q(**{f"{firm}__leases__estate_id": f.estate})
    return near


def in_scope(f: Filters, firm: str) -> Q:
    """The first step's conditions on the firm a related row points to (``firm`` is the path to
    it), for grouped counts over related rows; the same firms as ``_registered``."""
    scope = Q(**{f"{firm}__kind": Firm.Kind.IKM, f"{firm}__deleted_at__isnull": True})
    scope &= _near(f, firm, estate=False)
    if f.kbli:
        scope &= Q(Exists(Firm.kbli.through.objects.filter(firm=OuterRef(firm), kbli_id=f.kbli)))
    if f.estate:
        from rantai.estates.models import Lease

        scope &= Q(Exists(Lease.objects.filter(tenant=OuterRef(firm), estate_id=f.estate)))
    return scope


def _programs(f: Filters):
    from rantai.five_r.models import Program

    programs = Program.objects.all()
    if f.program:
        programs = programs.filter(pk=f.program)
    if f.year:
        programs = programs.filter(starts_on__year=f.year)
    return programs


def _events(f: Filters):
    from rantai.matchmaking.models import Event

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
    """Each step's firms by key (semi-joins only: no firm twice); nothing is counted."""
    from rantai.five_r.models import Audit, Participation
    from rantai.matchmaking.models import Meeting, Registration
    from rantai.partnerships.models import Partnership, Scorecard, ScoreRecord

    registered = _registered(f)
    mentored = registered.filter(
        Exists(
            Participation.objects.filter(
                _near(f, "firm"), firm=OuterRef("pk"), program__in=_programs(f)
            )
        )
    )
    # Buyers' SOP checklists are not 5R: one small list of templates, read once (a correlated
    # NOT EXISTS would look it up again for every audit).
    sop = Scorecard.objects.filter(sop_template__isnull=False).values("sop_template")
    submitted = Audit.objects.filter(
        _near(f, "firm"), firm=OuterRef("pk"), status=Audit.Status.SUBMITTED
    ).exclude(template__in=sop)
    baseline = (
        Audit.objects.filter(
            firm=OuterRef("firm"), status=Audit.Status.SUBMITTED, phase=Audit.Phase.BASELINE
        )
        .exclude(template__in=sop)
        .order_by("date")
    )
    improved = mentored.filter(
        Exists(
            submitted.filter(
                phase=Audit.Phase.FINAL,
                overall_score__gt=Subquery(baseline.values("overall_score")[:1]),
            )
        )
    )
    attended = Registration.objects.filter(
        _near(f, "firm"),
        firm=OuterRef("pk"),
        status=Registration.Status.APPROVED,
        event__in=_events(f),
    )
    at_event = registered.filter(Exists(attended))
    now = timezone.now()
    took_place = Meeting.objects.filter(
        Q(status=Meeting.Status.HELD) | Q(status=Meeting.Status.SCHEDULED, slot__starts_at__lt=now),
        event__in=_events(f),
    )
    # Through the firm's own registrations: each has few requests, so for a region, a sector
    # or an event the database follows a handful of rows per firm (a regency's 'met buyers'
    # 1.0 s → 0.06 s; the country's the same as two firm sets built once).
    met_at = Registration.objects.filter(
        firm=OuterRef("pk"), status=Registration.Status.APPROVED, event__in=_events(f)
    ).filter(
        Q(Exists(took_place.filter(request__requester=OuterRef("pk"))))
        | Q(Exists(took_place.filter(request__recipient=OuterRef("pk"))))
    )
    met = at_event.filter(Exists(met_at))
    agreements = Partnership.objects.filter(
        _near(f, "supplier"),
        supplier=OuterRef("pk"),
        status__in=[
            Partnership.Status.SIGNED,
            Partnership.Status.ACTIVE,
            Partnership.Status.ENDED,
        ],
    )
    if f.year:
        agreements = agreements.filter(signed_on__year=f.year)
    signed = registered.filter(Exists(agreements))
    latest_score = ScoreRecord.objects.filter(
        supplier=OuterRef("supplier"), scorecard__buyer=OuterRef("buyer"), score__isnull=False
    ).order_by("-period_start")
    performing_agreements = (
        Partnership.objects.filter(
            _near(f, "supplier"), supplier=OuterRef("pk"), status=Partnership.Status.ACTIVE
        )
        .annotate(latest=Subquery(latest_score.values("score")[:1]))
        .filter(latest__gte=PERFORMING)
    )
    performing = signed.filter(Exists(performing_agreements))
    return dict(
        zip(
            [key for key, _label in STEPS],
            [registered, mentored, improved, at_event, met, signed, performing],
            strict=True,
        )
    )


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
    by_key = querysets(f)  # every condition is a semi-join: no firm comes twice
    return counted({key: firms.count() for key, firms in by_key.items()}, by_key)


def step_firms(f: Filters, key: str):
    return querysets(f)[key]
