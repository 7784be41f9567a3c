"""5R audit scores.

Every item has a weight and the template's scale (e.g. 0–4). A section's score, and the overall
score, is the weighted sum of the scores given divided by the weighted sum of the maximum
scores, over the items that apply, as a percentage:

    score = 100 × Σ weight·score / Σ weight·max

"Not applicable" items leave both the numerator and the denominator; so do unanswered items
(a draft shows the score of what has been scored so far, next to how much is answered). The
overall score is computed over all applicable items, not as an average of the sections, so a
section with more (or heavier) items weighs more. Percentages are rounded half up to one
decimal (62.25 → 62.3), once, at the end.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal


@dataclass(frozen=True)
class Item:
    section: str
    weight: Decimal
    max_score: int
    min_score: int = 0


@dataclass(frozen=True)
class Answer:
    score: int | None = None  # None: not answered yet
    not_applicable: bool = False

    @property
    def is_answered(self) -> bool:
        return self.not_applicable or self.score is not None


@dataclass
class Scores:
    sections: dict[str, Decimal | None] = field(default_factory=dict)
    overall: Decimal | None = None
    answered: int = 0
    total: int = 0

    @property
    def is_complete(self) -> bool:
        return self.answered == self.total


class ScoreOutOfScale(ValueError):
    pass


def percentage(numerator: Decimal, denominator: Decimal) -> Decimal | None:
    if denominator == 0:
        return None
    return (Decimal(100) * numerator / denominator).quantize(Decimal("0.1"), ROUND_HALF_UP)


def score(items: Iterable[Item], answers: Iterable[Answer | None]) -> Scores:
    """``answers`` line up with ``items``; a missing answer is ``None``."""
    result = Scores()
    sums: dict[str, list[Decimal]] = {}
    for item, answer in zip(items, answers, strict=True):
        section = sums.setdefault(item.section, [Decimal(0), Decimal(0)])
        result.total += 1
        if answer is None or not answer.is_answered:
            continue
        result.answered += 1
        if answer.not_applicable:
            continue
        if not item.min_score <= answer.score <= item.max_score:
            raise ScoreOutOfScale(f"{answer.score} is outside {item.min_score}–{item.max_score}")
        weight = Decimal(item.weight)
        section[0] += weight * (answer.score - item.min_score)
        section[1] += weight * (item.max_score - item.min_score)
    result.sections = {code: percentage(num, den) for code, (num, den) in sums.items()}
    result.overall = percentage(sum(s[0] for s in sums.values()), sum(s[1] for s in sums.values()))
    return result
