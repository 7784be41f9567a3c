from decimal import Decimal

from rantai.engines.readiness import Facts, Level, assess

D = Decimal
LADDER = [
    Level("pemula"),
    Level("madya", min_overall=D(60), min_each_section=D(40), max_open_actions=5),
    Level(
        "mandiri",
        min_overall=D(80),
        min_each_section=D(60),
        max_overdue_actions=0,
        certification="iso9001",
    ),
]


def facts(overall=None, sections=None, open_actions=0, overdue=0, certs=()):
    return Facts(
        overall=None if overall is None else D(overall),
        sections={k: D(v) for k, v in (sections or {}).items()},
        open_actions=open_actions,
        overdue_actions=overdue,
        certifications=frozenset(certs),
    )


def test_without_a_final_audit_a_firm_is_at_the_first_level():
    result = assess(LADDER, facts())
    assert result.level == 0
    assert [c.rule for c in result.missing_for(1)] == ["overall", "each_section"]


def test_thresholds_are_inclusive():
    result = assess(LADDER, facts(60, {"rk": 40, "rp": 70}, open_actions=5))
    assert result.level == 1


def test_the_weakest_section_holds_a_firm_back_and_is_named():
    result = assess(LADDER, facts(85, {"rk": "90", "rp": "39.9"}))
    assert result.level == 0
    missing = result.missing_for(1)
    assert [(c.rule, c.actual, c.detail) for c in missing] == [("each_section", D("39.9"), "rp")]


def test_the_top_level_needs_every_rule():
    ready = facts(82, {"rk": 80, "rp": 61}, open_actions=2, overdue=0, certs={"iso9001"})
    assert assess(LADDER, ready).level == 2
    overdue = facts(82, {"rk": 80, "rp": 61}, open_actions=2, overdue=1, certs={"iso9001"})
    result = assess(LADDER, overdue)
    assert result.level == 1
    assert [(c.rule, c.required, c.actual) for c in result.missing_for(2)] == [
        ("overdue_actions", 0, 1)
    ]
    uncertified = facts(82, {"rk": 80, "rp": 61})
    assert [c.rule for c in assess(LADDER, uncertified).missing_for(2)] == ["certification"]


def test_levels_are_climbed_in_order():
    # Meets the top level's own rules but not the middle one's (too many open actions).
    ladder = [Level("a"), Level("b", max_open_actions=1), Level("c", min_overall=D(50))]
    result = assess(ladder, facts(90, {"rk": 90}, open_actions=3))
    assert result.level == 0
    assert all(c.passed for c in result.checks[2])


def test_a_first_level_with_rules_can_be_missed():
    result = assess([Level("a", min_overall=D(10))], facts())
    assert result.level == -1
