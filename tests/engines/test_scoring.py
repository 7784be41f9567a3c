from decimal import Decimal

import pytest

from rantai.engines.scoring import Answer, Item, ScoreOutOfScale, score

D = Decimal


def items(*specs):
    return [Item(section, D(weight), 4) for section, weight in specs]


def test_a_section_is_the_weighted_share_of_the_maximum():
    result = score(items(("rk", 1), ("rk", 2)), [Answer(4), Answer(1)])
    # (1·4 + 2·1) / (1·4 + 2·4) = 6 / 12
    assert result.sections == {"rk": D("50.0")}
    assert result.overall == D("50.0")


def test_not_applicable_leaves_numerator_and_denominator():
    result = score(items(("rk", 1), ("rk", 1)), [Answer(3), Answer(not_applicable=True)])
    assert result.sections["rk"] == D("75.0")
    assert (result.answered, result.total, result.is_complete) == (2, 2, True)


def test_a_section_with_only_na_items_has_no_score_and_does_not_count():
    result = score(items(("rk", 1), ("rp", 1)), [Answer(2), Answer(not_applicable=True)])
    assert result.sections == {"rk": D("50.0"), "rp": None}
    assert result.overall == D("50.0")


def test_overall_weighs_items_not_sections():
    # rk: one item 4/4; rp: three items 0/4 → sections 100 and 0, overall 4/16 = 25, not 50.
    result = score(
        items(("rk", 1), ("rp", 1), ("rp", 1), ("rp", 1)),
        [Answer(4), Answer(0), Answer(0), Answer(0)],
    )
    assert result.sections == {"rk": D("100.0"), "rp": D("0.0")}
    assert result.overall == D("25.0")


def test_rounding_is_half_up_to_one_decimal():
    # 1/16 = 6.25 % → 6.3 (banker's rounding would give 6.2)
    result = score(items(*[("rk", 1)] * 4), [Answer(1), Answer(0), Answer(0), Answer(0)])
    assert result.overall == D("6.3")
    # 2/3 → 66.666… → 66.7
    result = score([Item("rk", D(1), 3)], [Answer(2)])
    assert result.overall == D("66.7")


def test_drafts_score_what_is_answered_so_far():
    result = score(items(("rk", 1), ("rk", 1), ("rp", 1)), [Answer(4), None, Answer()])
    assert result.sections == {"rk": D("100.0"), "rp": None}
    assert (result.answered, result.total, result.is_complete) == (1, 3, False)


def test_nothing_answered_gives_no_score():
    result = score(items(("rk", 1)), [None])
    assert result.overall is None and result.sections == {"rk": None}


def test_a_scale_that_starts_above_zero():
    result = score([Item("rk", D(1), 5, min_score=1)], [Answer(3)])
    assert result.overall == D("50.0")  # 2 of the 4 steps from 1 to 5


def test_fractional_weights():
    result = score(items(("rk", "0.5"), ("rk", "1.5")), [Answer(4), Answer(2)])
    assert result.overall == D("62.5")  # (0.5·4 + 1.5·2) / (2·4)


@pytest.mark.parametrize("bad", [-1, 5])
def test_a_score_outside_the_scale_is_refused(bad):
    with pytest.raises(ScoreOutOfScale):
        score(items(("rk", 1)), [Answer(bad)])


def test_answers_must_line_up_with_items():
    with pytest.raises(ValueError, match="zip"):
        score(items(("rk", 1), ("rk", 1)), [Answer(1)])
