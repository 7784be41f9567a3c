"""A firm's readiness level, from the ladder's rules and the firm's latest results."""

from collections import Counter, defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count
from django.utils import timezone

from rantai.core.access import restrict
from rantai.engines import readiness as engine
from rantai.firms.models import Certification, Firm
from rantai.five_r.models import Audit, CorrectiveAction, ReadinessLevel


@dataclass
class FirmReadiness:
    levels: list[ReadinessLevel]
    assessment: engine.Assessment
    facts: engine.Facts
    final_audit: Audit | None

    @property
    def level(self) -> ReadinessLevel | None:
        return self.levels[self.assessment.level] if self.assessment.level >= 0 else None

    @property
    def next_level(self) -> ReadinessLevel | None:
        index = self.assessment.level + 1
        return self.levels[index] if index < len(self.levels) else None

    @property
    def missing_for_next(self) -> list[engine.Check]:
        index = self.assessment.level + 1
        return self.assessment.missing_for(index) if index < len(self.levels) else []


def _rule(level: ReadinessLevel) -> engine.Level:
    return engine.Level(
        code=level.code,
        min_overall=level.min_overall,
        min_each_section=level.min_each_section,
        max_open_actions=level.max_open_actions,
        max_overdue_actions=level.max_overdue_actions,
        certification=level.certification or None,
    )


def latest_final_audit(firm) -> Audit | None:
    return (
        Audit.objects.filter(firm=firm, phase=Audit.Phase.FINAL, status=Audit.Status.SUBMITTED)
        .order_by("-date", "-pk")
        .first()
    )


def facts_for(firm, final_audit: Audit | None) -> engine.Facts:
    actions = CorrectiveAction.objects.filter(audit__firm=firm)
    today = timezone.localdate()
    sections = {}
    if final_audit is not None:
        sections = {
            k: Decimal(v) if v is not None else None
            for k, v in (final_audit.section_scores or {}).items()
        }
    return engine.Facts(
        overall=final_audit.overall_score if final_audit else None,
        sections=sections,
        open_actions=actions.open().count(),
        overdue_actions=actions.overdue(today).count(),
        certifications=frozenset(
            Certification.objects.filter(firm=firm).valid_on(today).values_list("scheme", flat=True)
        ),
    )


def assess_firm(firm) -> FirmReadiness:
    levels = list(ReadinessLevel.objects.all())
    final = latest_final_audit(firm)
    facts = facts_for(firm, final)
    return FirmReadiness(
        levels, engine.assess([_rule(level) for level in levels], facts), facts, final
    )


def assess_many(firm_ids) -> dict[int, int]:
    """The ladder index (−1 below the first level) of each firm, with the same rules and facts as
    ``assess_firm`` but four queries for all of them: for maps and lists of many firms."""

    firm_ids = list(firm_ids)
    rules = [_rule(level) for level in ReadinessLevel.objects.all()]
    today = timezone.localdate()
    finals: dict[int, tuple] = {}
    for firm_id, overall, sections in (
        Audit.objects.filter(
            firm_id__in=firm_ids, phase=Audit.Phase.FINAL, status=Audit.Status.SUBMITTED
        )
        .order_by("firm_id", "-date", "-pk")
        .values_list("firm_id", "overall_score", "section_scores")
    ):
        finals.setdefault(firm_id, (overall, sections))
    actions = CorrectiveAction.objects.filter(audit__firm_id__in=firm_ids)
    open_actions = Counter(
        dict(actions.open().values_list("audit__firm_id").annotate(n=Count("pk")))
    )
    overdue = Counter(
        dict(actions.overdue(today).values_list("audit__firm_id").annotate(n=Count("pk")))
    )
    schemes = defaultdict(set)
    for firm_id, scheme in (
        Certification.objects.filter(firm_id__in=firm_ids)
        .valid_on(today)
        .values_list("firm_id", "scheme")
    ):
        schemes[firm_id].add(scheme)
    levels = {}
    for firm_id in firm_ids:
        overall, sections = finals.get(firm_id, (None, {}))
        facts = engine.Facts(
            overall=overall,
            sections={
                k: Decimal(v) if v is not None else None for k, v in (sections or {}).items()
            },
            open_actions=open_actions[firm_id],
            overdue_actions=overdue[firm_id],
            certifications=frozenset(schemes[firm_id]),
        )
        levels[firm_id] = engine.assess(rules, facts).level
    return levels


def private_levels(user, firm_ids) -> dict[int, ReadinessLevel | None]:
    """The readiness level (``None``: not assessed or below the first level) of those of
    ``firm_ids`` whose private data ``user`` may see. A level sums up the firm's own record, so it
    is shown where its NPWP and sales are (a cooperative's managers see their members'); the
    audits behind it keep their own scope."""
    visible = restrict(Firm.objects.all(), user, "view_private").filter(pk__in=list(firm_ids))
    ladder = list(ReadinessLevel.objects.all())
    index = assess_many(visible.values_list("pk", flat=True))
    return {pk: ladder[i] if i >= 0 else None for pk, i in index.items()}
