"""Readiness ladder: which level a firm has reached, why, and what it lacks for the next.

A ladder is an ordered list of levels; each level states its requirements. A firm is at the
highest level whose requirements it meets *and* all levels below it meet too. The first level
normally requires nothing. Requirements that a level leaves unset (None) are not checked.
"""

from dataclasses import dataclass, field
from decimal import Decimal


@dataclass(frozen=True)
class Level:
    code: str
    min_overall: Decimal | None = None  # latest final audit, overall %
    min_each_section: Decimal | None = None  # every section of that audit
    max_open_actions: int | None = None
    max_overdue_actions: int | None = None
    certification: str | None = None  # a scheme code that must be valid today


@dataclass(frozen=True)
class Facts:
    overall: Decimal | None  # None: no final audit yet
    sections: dict[str, Decimal | None]
    open_actions: int
    overdue_actions: int
    certifications: frozenset[str]


@dataclass(frozen=True)
class Check:
    rule: str  # overall, each_section, open_actions, overdue_actions, certification
    required: object
    actual: object
    passed: bool
    detail: str = ""  # e.g. the section that falls short


@dataclass
class Assessment:
    level: int  # index into the ladder, -1 when even the first level is not met
    checks: list[list[Check]] = field(default_factory=list)  # per level

    def missing_for(self, index: int) -> list[Check]:
        return [c for c in self.checks[index] if not c.passed]


def check_level(level: Level, facts: Facts) -> list[Check]:
    checks = []
    if level.min_overall is not None:
        checks.append(
            Check(
                "overall",
                level.min_overall,
                facts.overall,
                facts.overall is not None and facts.overall >= level.min_overall,
            )
        )
    if level.min_each_section is not None:
        if facts.overall is None:
            checks.append(Check("each_section", level.min_each_section, None, False))
        else:
            lowest = min(
                ((code, s) for code, s in facts.sections.items() if s is not None),
                key=lambda pair: pair[1],
                default=(None, None),
            )
            passed = lowest[1] is None or lowest[1] >= level.min_each_section
            checks.append(
                Check(
                    "each_section",
                    level.min_each_section,
                    lowest[1],
                    passed,
                    detail=lowest[0] or "",
                )
            )
    if level.max_open_actions is not None:
        checks.append(
            Check(
                "open_actions",
                level.max_open_actions,
                facts.open_actions,
                facts.open_actions <= level.max_open_actions,
            )
        )
    if level.max_overdue_actions is not None:
        checks.append(
            Check(
                "overdue_actions",
                level.max_overdue_actions,
                facts.overdue_actions,
                facts.overdue_actions <= level.max_overdue_actions,
            )
        )
    if level.certification:
        checks.append(
            Check(
                "certification",
                level.certification,
                level.certification in facts.certifications,
                level.certification in facts.certifications,
            )
        )
    return checks


def assess(ladder: list[Level], facts: Facts) -> Assessment:
    assessment = Assessment(level=-1)
    climbing = True
    for index, level in enumerate(ladder):
        checks = check_level(level, facts)
        assessment.checks.append(checks)
        if climbing and all(c.passed for c in checks):
            assessment.level = index
        else:
            climbing = False
    return assessment
