import json
import random
import time
from collections import Counter

import pytest
from django.core.management import CommandError, call_command

from rantai.engines import scheduling as s


def instance(slots, tables, people, requests, days=None):
    data = {
        "slots": slots,
        "tables": tables,
        "participants": [{"id": p, "unavailable": list(u)} for p, u in people.items()],
        "requests": requests,
    }
    if days:
        data["days"] = days
    return s.parse(data)


def req(rid, a, b, priority=1, **extra):
    return {"id": rid, "a": a, "b": b, "priority": priority, **extra}


def assert_valid(inst: s.Instance, solution: s.Solution) -> None:
    """Every hard rule holds."""
    by_id = {r.id: r for r in inst.requests}
    seen = Counter()
    for m in solution.meetings:
        r = by_id[m.request]
        assert m.slot in inst.allowed(r) or m.slot == r.fixed_slot
        assert 0 <= m.table < inst.tables
        seen[r.a, m.slot] += 1
        seen[r.b, m.slot] += 1
        if r.fixed_slot is not None:
            assert m.slot == r.fixed_slot
        if r.fixed_table is not None:
            assert m.table == r.fixed_table
    assert max(seen.values(), default=0) <= 1
    assert len({(m.slot, m.table) for m in solution.meetings}) == len(solution.meetings)
    assert {m.request for m in solution.meetings} | set(solution.unscheduled) == set(by_id)
    assert solution.scheduled_priority == sum(by_id[m.request].priority for m in solution.meetings)
    assert solution.breaks == s.count_breaks(inst, {m.request: m.slot for m in solution.meetings})


def test_a_single_meeting_is_scheduled_and_proven_optimal():
    inst = instance(3, 1, {"A": [], "B": []}, [req("r1", "A", "B")])
    result = s.solve(inst, seconds=5)
    assert result.status == "optimal" and result.scheduled_priority == 1 and result.breaks == 0
    assert_valid(inst, result)


def test_with_one_table_the_must_meet_wins():
    inst = instance(
        1,
        1,
        {"A": [], "B": [], "C": [], "D": []},
        [req("like", "A", "B", 1), req("must", "C", "D", 3)],
    )
    for result in (s.greedy(inst), s.solve(inst, seconds=5)):
        assert [m.request for m in result.meetings] == ["must"]
        assert result.unscheduled == ["like"]
    assert s.solve(inst, seconds=5).status == "optimal"


def test_two_would_likes_outweigh_nothing_but_not_a_must():
    # A can meet B (must, 3) or both C and D (1 + 1) in the one slot A has: B wins.
    inst = instance(
        2,
        2,
        {"A": [1], "B": [], "C": [], "D": []},
        [req("ab", "A", "B", 3), req("ac", "A", "C", 1), req("ad", "A", "D", 1)],
    )
    result = s.solve(inst, seconds=5)
    assert {m.request for m in result.meetings} == {"ab"} and result.scheduled_priority == 3


def test_a_forced_gap_is_counted_once_and_proven():
    # B is free only in slot 0 and C only in slot 2: A's two meetings leave slot 1 idle.
    inst = instance(
        3, 2, {"A": [], "B": [1, 2], "C": [0, 1]}, [req("ab", "A", "B"), req("ac", "A", "C")]
    )
    result = s.solve(inst, seconds=5)
    assert result.status == "optimal"
    assert (result.breaks, result.bound_breaks) == (1, 1)
    assert_valid(inst, result)


def test_meetings_are_packed_without_gaps_when_possible():
    inst = instance(
        6,
        3,
        {p: [] for p in "ABCD"},
        [req("ab", "A", "B"), req("ac", "A", "C"), req("ad", "A", "D"), req("bc", "B", "C")],
    )
    result = s.solve(inst, seconds=5)
    assert result.status == "optimal" and result.breaks == 0 and result.scheduled_priority == 4
    assert_valid(inst, result)


def test_gaps_across_days_do_not_count():
    # A meets B on day one (slot 1) and C on day two (slot 2): no break between days.
    inst = instance(
        4,
        1,
        {"A": [], "B": [0, 2, 3], "C": [0, 1, 3]},
        [req("ab", "A", "B"), req("ac", "A", "C")],
        days=[2, 2],
    )
    result = s.solve(inst, seconds=5)
    assert result.breaks == 0 and result.status == "optimal"


def test_pinned_meetings_stay_with_their_table():
    inst = instance(
        3,
        2,
        {p: [] for p in "ABC"},
        [req("ab", "A", "B", fixed_slot=2, fixed_table=1), req("ac", "A", "C")],
    )
    result = s.solve(inst, seconds=5)
    placed = {m.request: (m.slot, m.table) for m in result.meetings}
    assert placed["ab"] == (2, 1) and placed["ac"][0] == 1  # next to it: no gap
    assert_valid(inst, result)


@pytest.mark.parametrize(
    ("requests", "kind", "message"),
    [
        (
            [req("x", "A", "B", fixed_slot=0), req("y", "A", "C", fixed_slot=0)],
            "participant",
            "requests 'x' and 'y' are both pinned to slot 0, and 'A' is in both",
        ),
        (
            [req("x", "A", "B", fixed_slot=1)],
            "away",
            "request 'x' is pinned to slot 1, when 'B' is away",
        ),
        (
            [
                req("x", "A", "B", fixed_slot=0, fixed_table=0),
                req("y", "C", "D", fixed_slot=0, fixed_table=0),
            ],
            "table",
            "requests 'x' and 'y' are both pinned to one table in slot 0",
        ),
        (
            [
                req("x", "A", "B", fixed_slot=0),
                req("y", "C", "D", fixed_slot=0),
                req("z", "E", "F", fixed_slot=0),
            ],
            "tables",
            "more meetings are pinned to slot 0 than there are tables",
        ),
    ],
)
def test_pins_that_cannot_stand_are_refused_naming_the_problem(requests, kind, message):
    people = {"A": [], "B": [1], "C": [], "D": [], "E": [], "F": []}
    data = {
        "slots": 2,
        "tables": 2,
        "participants": [{"id": p, "unavailable": u} for p, u in people.items()],
        "requests": requests,
    }
    with pytest.raises(s.InstanceError, match=f"cannot all stand: {message}"):
        s.parse(data)
    # Built by the application rather than read from a file: the solvers say why.
    inst = s.Instance(
        2,
        2,
        {p: frozenset(u) for p, u in people.items()},
        tuple(
            s.Request(r["id"], r["a"], r["b"], 1, None, r.get("fixed_slot"), r.get("fixed_table"))
            for r in requests
        ),
    )
    for result in (s.solve(inst, seconds=5), s.greedy(inst)):
        assert result.status == "infeasible" and result.meetings == []
        assert result.conflict.kind == kind and str(result.conflict).startswith(message)


def test_an_event_without_requests_is_refused():
    with pytest.raises(s.InstanceError, match="no meeting requests"):
        s.parse({"slots": 2, "tables": 1, "participants": [{"id": "A"}], "requests": []})


def test_when_tables_are_the_bottleneck_the_unavoidable_gap_is_found_and_proven():
    """One table, four slots, four meetings: A's three must follow each other, so C and D cannot
    both have theirs next to CD. Alone, every participant could meet without a gap (the
    per-participant bound is 0): only the whole model proves the optimum, 1."""
    inst = instance(
        4,
        1,
        {p: [] for p in "ABCD"},
        [req("ab", "A", "B"), req("ac", "A", "C"), req("ad", "A", "D"), req("cd", "C", "D")],
    )
    assert sum(s._least_gaps(inst, {r.id for r in inst.requests}).values()) == 0
    result = s.solve(inst, seconds=10)
    assert_valid(inst, result)
    assert (result.status, result.breaks, result.bound_breaks) == ("optimal", 1, 1)


def test_large_neighbourhood_search_keeps_every_meeting_and_reaches_the_optimum():
    """Two tables, six slots, every place taken: three buyers each meet the same four suppliers.
    The fewest gaps is 2 (proven by the whole model, below); from a schedule with 11 the search
    reaches 2, keeping every meeting and every rule."""
    buyers, suppliers = ["B1", "B2", "B3"], ["S1", "S2", "S3", "S4"]
    inst = instance(
        6,
        2,
        {p: [] for p in buyers + suppliers},
        [req(f"{b}{x}", b, x) for b in buyers for x in suppliers],
    )
    start = {
        "B2S3": 0, "B3S4": 0, "B1S1": 1, "B3S2": 1, "B2S4": 2, "B3S3": 2,
        "B1S2": 3, "B2S1": 3, "B1S3": 4, "B3S1": 4, "B1S4": 5, "B2S2": 5,
    }  # fmt: skip
    assert s.count_breaks(inst, start) == 11
    best = s._lns(inst, start, time.perf_counter() + 20, target=2)
    assert set(best) == set(start)
    assert_valid(inst, s._finish(inst, best, s.Status.FEASIBLE, time.perf_counter(), 12, 2))
    assert s.count_breaks(inst, best) == 2
    proof = s.solve(inst, seconds=10)
    assert (proof.status, proof.breaks, proof.bound_breaks) == ("optimal", 2, 2)


def test_too_large_events_claim_no_proof_that_only_holds_for_their_own_meetings(monkeypatch):
    """One table, three slots, so three of the four meetings fit; A is away at slot 1. The draft
    keeps AB and AC, which force A's gap; AB, DE, FG have the same priority and no gap. The
    bound must hold for every schedule with that priority, not only for the draft's meetings."""
    inst = instance(
        3,
        1,
        {"A": [1], **{p: [] for p in "BCDEFG"}},
        [req("ab", "A", "B"), req("ac", "A", "C"), req("de", "D", "E"), req("fg", "F", "G")],
    )
    whole = s.solve(inst, seconds=5)
    assert (whole.status, whole.scheduled_priority, whole.breaks) == ("optimal", 3, 0)
    assert {m.request for m in s.greedy(inst).meetings} >= {"ab", "ac"}
    monkeypatch.setattr(s, "MAX_CP_VARIABLES", 1)  # as if too large for the whole model
    result = s.solve(inst, seconds=3)
    assert_valid(inst, result)
    assert result.bound_breaks == 0
    assert result.status == "feasible" or result.breaks == 0


def test_events_too_large_for_the_whole_model_still_get_fewer_gaps(monkeypatch):
    rng = random.Random(7)
    people = {f"p{n}": [] for n in range(16)}
    pairs = {tuple(rng.sample(sorted(people), 2)) for _ in range(40)}
    inst = instance(10, 4, people, [req(f"r{n}", a, b) for n, (a, b) in enumerate(sorted(pairs))])
    draft = s.greedy(inst)
    monkeypatch.setattr(s, "MAX_CP_VARIABLES", 10)
    result = s.solve(inst, seconds=4)
    assert_valid(inst, result)
    assert result.scheduled_priority == draft.scheduled_priority
    assert result.breaks <= draft.breaks
    assert result.bound_breaks <= result.breaks


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"slots": 0, "tables": 1}, "'slots'"),
        (
            {
                "slots": 3,
                "tables": 1,
                "participants": [{"id": "A"}],
                "requests": [req("r", "A", "Z")],
            },
            "unknown participant 'Z'",
        ),
        (
            {"slots": 3, "tables": 1, "participants": [{"id": "A", "unavailable": [5]}]},
            "slot 5 is out of range 0–2",
        ),
        (
            {
                "slots": 3,
                "tables": 1,
                "participants": [{"id": "A"}, {"id": "B"}],
                "requests": [req("r", "A", "B", fixed_slot=3)],
            },
            "fixed slot 3 is out of range",
        ),
        (
            {
                "slots": 3,
                "tables": 1,
                "participants": [{"id": "A"}, {"id": "B"}],
                "requests": [req("r", "A", "B"), req("r", "A", "B")],
            },
            "listed twice",
        ),
        (
            {
                "slots": 3,
                "tables": 1,
                "participants": [{"id": "A"}],
                "requests": [req("r", "A", "A")],
            },
            "cannot meet itself",
        ),
        (
            {
                "slots": 3,
                "tables": 1,
                "participants": [{"id": "A"}, {"id": "B"}],
                "requests": [req("r", "A", "B", 0)],
            },
            "'priority'",
        ),
        ({"slots": 3, "tables": 1, "days": [1, 1]}, "'days'"),
    ],
)
def test_invalid_instances_name_the_problem(data, message):
    with pytest.raises(s.InstanceError, match=message):
        s.parse(data)


@pytest.mark.parametrize("seed", range(6))
def test_random_instances_respect_every_rule(seed):
    rng = random.Random(seed)
    people = {f"p{n}": sorted(rng.sample(range(8), rng.randint(0, 3))) for n in range(12)}
    pairs = {tuple(rng.sample(sorted(people), 2)) for _ in range(30)}
    inst = instance(
        8,
        3,
        people,
        [req(f"r{n}", a, b, rng.choice([1, 3])) for n, (a, b) in enumerate(sorted(pairs))],
    )
    draft, best = s.greedy(inst), s.solve(inst, seconds=3)
    assert_valid(inst, draft)
    assert_valid(inst, best)
    assert best.scheduled_priority >= draft.scheduled_priority
    assert best.scheduled_priority <= best.bound_priority


def test_the_command_line_reads_a_file_and_prints_the_schedule(tmp_path, capsys):
    path = tmp_path / "event.json"
    path.write_text(
        json.dumps(
            {
                "slots": 2,
                "tables": 1,
                "participants": [{"id": "A"}, {"id": "B"}],
                "requests": [req("r1", "A", "B", 2)],
            }
        )
    )
    call_command("schedule", str(path), "--seconds", "2")
    output = json.loads(capsys.readouterr().out)
    assert output["status"] == "optimal" and output["scheduled_priority"] == 2
    assert output["meetings"][0]["request"] == "r1" and output["unscheduled"] == []
    assert set(output["bound"]) == {"scheduled_priority", "breaks"}


def test_the_command_line_explains_a_bad_file(tmp_path):
    path = tmp_path / "event.json"
    path.write_text(
        json.dumps(
            {
                "slots": 2,
                "tables": 1,
                "participants": [{"id": "A"}],
                "requests": [req("r1", "A", "X")],
            }
        )
    )
    with pytest.raises(CommandError, match="unknown participant 'X'"):
        call_command("schedule", str(path))
    path.write_text("{not json")
    with pytest.raises(CommandError, match="not valid JSON"):
        call_command("schedule", str(path))


def test_an_absence_in_the_middle_forces_a_gap_the_bound_proves():
    # A is away in slots 2–3 and has four meetings: two blocks of two, one break, proven.
    people = {"A": [2, 3], **{p: [] for p in "BCDE"}}
    inst = instance(6, 4, people, [req(f"a{p}", "A", p) for p in "BCDE"])
    assert s._least_gaps(inst, {r.id for r in inst.requests}) == {
        "A": 1,
        "B": 0,
        "C": 0,
        "D": 0,
        "E": 0,
    }
    result = s.solve(inst, seconds=5)
    assert result.status == "optimal" and result.scheduled_priority == 4
    assert (result.breaks, result.bound_breaks) == (1, 1)
    assert_valid(inst, result)


def test_the_breaks_bound_allows_for_meetings_that_may_be_left_out():
    # Slack is the priority every best schedule leaves out. With 1, A may lose one would-like
    # meeting: three still need both blocks of two slots (one gap). With 2, two fit in one block.
    people = {"A": [2, 3], **{p: [] for p in "BCDE"}}
    inst = instance(6, 4, people, [req(f"a{p}", "A", p) for p in "BCDE"])
    ids = {r.id for r in inst.requests}
    assert s._least_gaps(inst, ids, slack=1)["A"] == 1
    assert s._least_gaps(inst, ids, slack=2)["A"] == 0
    assert s._fewest_blocks([0, 1, 4, 5]) == [0, 1, 1, 2, 2]
