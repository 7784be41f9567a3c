"""The figures of a program and of a firm, computed once and shared by pages, exports and PDFs."""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, Q

from rantai.core.access import can
from rantai.five_r import outcomes
from rantai.five_r.models import (
    Activity,
    Attendance,
    Audit,
    CorrectiveAction,
    Photo,
    Program,
    Section,
)


@dataclass
class ParticipantResult:
    firm: object
    baseline: Audit | None
    final: Audit | None
    attended: int
    activities: int
    actions: int
    actions_closed: int
    outcomes: list = field(default_factory=list)

    @property
    def improvement(self) -> Decimal | None:
        if (
            self.baseline
            and self.final
            and self.baseline.overall_score is not None
            and self.final.overall_score is not None
        ):
            return self.final.overall_score - self.baseline.overall_score
        return None


@dataclass
class ProgramResults:
    program: Program
    sections: list[Section]
    rows: list[ParticipantResult] = field(default_factory=list)
    indicators: list = field(default_factory=list)

    @property
    def spreads(self) -> list:
        """Per outcome indicator, the median and interquartile range of the change."""
        return outcomes.spreads((r.outcomes for r in self.rows), self.indicators)

    @property
    def measured(self) -> bool:
        return any(r.outcomes for r in self.rows)

    @property
    def changes(self) -> list[tuple]:
        """Per participant measured, its change per indicator of ``spreads`` (for tables)."""
        shown = [s.indicator.pk for s in self.spreads]
        return [
            (r.firm, [o.change for o in r.outcomes if o.indicator.pk in shown])
            for r in self.rows
            if r.outcomes
        ]

    def _mean(self, values) -> Decimal | None:
        values = [v for v in values if v is not None]
        if not values:
            return None
        return (sum(values) / len(values)).quantize(Decimal("0.1"))

    @property
    def mean_baseline(self):
        return self._mean(r.baseline.overall_score for r in self.rows if r.baseline)

    @property
    def mean_final(self):
        return self._mean(r.final.overall_score for r in self.rows if r.final)

    @property
    def mean_improvement(self):
        return self._mean(r.improvement for r in self.rows)

    def mean_section(self, phase: str, code: str) -> Decimal | None:
        audits = [getattr(r, phase) for r in self.rows]
        return self._mean(
            Decimal(a.section_scores[code])
            for a in audits
            if a and a.section_scores.get(code) is not None
        )

    @property
    def actions(self) -> int:
        return sum(r.actions for r in self.rows)

    @property
    def actions_closed(self) -> int:
        return sum(r.actions_closed for r in self.rows)


def _latest(audits, phase):
    """The latest submitted audit of a phase; an earlier baseline counts over a later one."""
    chosen = [a for a in audits if a.phase == phase]
    if not chosen:
        return None
    return chosen[0] if phase == Audit.Phase.BASELINE else chosen[-1]


def program_results(program: Program, user) -> ProgramResults:
    """Every participant's results, for those who run the program; otherwise the participants
    whose audits ``user`` may see (a firm sees its own line)."""
    firms = program.participants.order_by("name")
    if not can(user, "change", program):
        firms = firms.filter(
            pk__in=Audit.objects.restrict(user, "view").filter(program=program).values("firm_id")
        )
    firms = list(firms)
    audits: dict[int, list[Audit]] = {}
    for audit in Audit.objects.filter(program=program, status=Audit.Status.SUBMITTED).order_by(
        "date", "pk"
    ):
        audits.setdefault(audit.firm_id, []).append(audit)
    group_activities = program.activities.exclude(kind=Activity.Kind.FIELD_VISIT).count()
    visits = dict(
        program.activities.filter(kind=Activity.Kind.FIELD_VISIT)
        .values_list("firm_id")
        .annotate(n=Count("pk"))
    )
    attended = dict(
        Attendance.objects.filter(activity__program=program, present=True)
        .values_list("firm_id")
        .annotate(n=Count("pk"))
    )
    actions = {
        row["audit__firm_id"]: row
        for row in CorrectiveAction.objects.filter(audit__program=program)
        .values("audit__firm_id")
        .annotate(
            total=Count("pk"), closed=Count("pk", filter=Q(status=CorrectiveAction.Status.DONE))
        )
    }
    results = ProgramResults(program, list(program.template.sections.all()))
    for firm in firms:
        firm_audits = audits.get(firm.pk, [])
        results.rows.append(
            ParticipantResult(
                firm=firm,
                baseline=_latest(firm_audits, Audit.Phase.BASELINE),
                final=_latest(firm_audits, Audit.Phase.FINAL),
                attended=attended.get(firm.pk, 0),
                activities=group_activities + visits.get(firm.pk, 0),
                actions=actions.get(firm.pk, {}).get("total", 0),
                actions_closed=actions.get(firm.pk, {}).get("closed", 0),
            )
        )
    results.indicators = outcomes.indicators_for(program)
    values = outcomes.measured_values(a for r in results.rows for a in (r.baseline, r.final))
    for row in results.rows:
        row.outcomes = outcomes.pair(results.indicators, values, row.baseline, row.final)
    return results


@dataclass
class PhotoPair:
    item: object
    before: Photo
    after: Photo


def photo_pairs(audits) -> list[PhotoPair]:
    """For each item, the first 'before' photo and the last 'after' photo across these audits."""
    before, after, items = {}, {}, {}
    for photo in (
        Photo.objects.filter(
            audit__in=audits, item__isnull=False, kind__in=[Photo.Kind.BEFORE, Photo.Kind.AFTER]
        )
        .select_related("item")
        .order_by("created_at")
    ):
        key = photo.item.code
        items.setdefault(key, photo.item)
        if photo.kind == Photo.Kind.BEFORE:
            before.setdefault(key, photo)
        else:
            after[key] = photo
    return [PhotoPair(items[k], before[k], after[k]) for k in sorted(before) if k in after]
