"""1:1 meeting scheduling for a temu bisnis (business-matching event).

Input: slots (numbered from 0, optionally split into days), tables, participants with the slots
they are unavailable, and meeting requests between two participants with a priority (higher
means more wanted), the slots the meeting may use and optionally a pinned slot (and table).

Hard rules: a participant is in at most one meeting per slot and only in slots it is available;
a meeting only in slots it allows; at most ``tables`` meetings per slot; pinned meetings stay.
Objective, in order: (1) the most total priority of scheduled meetings, (2) the fewest breaks —
idle gaps between a participant's first and last meeting of a day, each gap counted once.

``greedy`` gives an instant first draft; ``solve`` runs OR-Tools CP-SAT in two lexicographic
phases (priority, then breaks with the priority kept), time-limited, warm-started from the
greedy draft, and reports its status and the proven bounds. Tables are interchangeable, so
they are numbered (from 0) after the slots are chosen; pinned tables keep their number.
"""

import itertools
import math
import os
import random
import time
from collections import defaultdict
from dataclasses import dataclass, field, replace
from enum import StrEnum


class InstanceError(ValueError):
    """The input is malformed; the message names the problem."""


@dataclass(frozen=True)
class Request:
    id: str
    a: str
    b: str
    priority: int
    slots: frozenset[int] | None = None  # None: every slot
    fixed_slot: int | None = None
    fixed_table: int | None = None


@dataclass(frozen=True)
class Instance:
    slots: int
    tables: int
    unavailable: dict[str, frozenset[int]]
    requests: tuple[Request, ...]
    days: tuple[int, ...] = ()  # lengths of the days, in slots; empty: one day

    def day_of(self) -> list[int]:
        lengths = self.days or (self.slots,)
        return [day for day, length in enumerate(lengths) for _ in range(length)]

    def allowed(self, request: Request) -> list[int]:
        candidates = request.slots if request.slots is not None else range(self.slots)
        blocked = self.unavailable[request.a] | self.unavailable[request.b]
        return sorted(s for s in candidates if s not in blocked)


@dataclass
class Meeting:
    request: str
    slot: int
    table: int


class Status(StrEnum):
    OPTIMAL = "optimal"  # both objectives proven best
    FEASIBLE = "feasible"  # a valid schedule, not proven best
    INFEASIBLE = "infeasible"  # the pinned meetings cannot all stand


@dataclass(frozen=True)
class Conflict:
    """Why the pinned meetings cannot all stand: ``kind`` is ``away`` (a pinned meeting in a slot
    one of its participants is away or the meeting may not use), ``participant`` (two pinned
    meetings of one participant in one slot), ``table`` (two at one table) or ``tables`` (more
    pinned in a slot than there are tables)."""

    kind: str
    requests: tuple[str, ...]
    slot: int
    participant: str | None = None

    def __str__(self) -> str:
        listed = " and ".join(repr(r) for r in self.requests)
        return {
            "away": f"request {listed} is pinned to slot {self.slot}, "
            f"when {self.participant!r} is away or the meeting may not be held",
            "participant": f"requests {listed} are both pinned to slot {self.slot}, "
            f"and {self.participant!r} is in both",
            "table": f"requests {listed} are both pinned to one table in slot {self.slot}",
            "tables": f"more meetings are pinned to slot {self.slot} than there are tables",
        }[self.kind]


@dataclass
class Solution:
    status: Status
    meetings: list[Meeting] = field(default_factory=list)
    unscheduled: list[str] = field(default_factory=list)
    scheduled_priority: int = 0
    breaks: int = 0
    bound_priority: int = 0
    bound_breaks: int = 0
    seconds: float = 0.0
    conflict: Conflict | None = None  # why it is infeasible
    moved: list[str] = field(default_factory=list)  # by ``replan``: meetings at a new place
    added: list[str] = field(default_factory=list)  # by ``replan``: meetings not there before

    def as_dict(self) -> dict:
        return {
            "status": self.status,
            "meetings": [m.__dict__ for m in self.meetings],
            "unscheduled": self.unscheduled,
            "scheduled_priority": self.scheduled_priority,
            "breaks": self.breaks,
            "bound": {"scheduled_priority": self.bound_priority, "breaks": self.bound_breaks},
            "seconds": round(self.seconds, 3),
        }


# ---- reading an instance ----------------------------------------------------------------------


def _cp_sat():
    """OR-Tools' CP-SAT, loaded when a solver first runs: the import takes seconds (measured
    under load: about 5 s), and only the scheduling job needs it, not every web process."""
    from ortools.sat.python import cp_model  # noqa: PLC0415 (slow import, see above)

    return cp_model


def parse(data) -> Instance:
    """Build an Instance from the JSON document, or raise InstanceError naming the problem."""
    if not isinstance(data, dict):
        raise InstanceError("the instance must be a JSON object")
    slots, tables = data.get("slots"), data.get("tables")
    if not isinstance(slots, int) or isinstance(slots, bool) or slots < 1:
        raise InstanceError("'slots' must be a whole number of at least 1")
    if not isinstance(tables, int) or isinstance(tables, bool) or tables < 1:
        raise InstanceError("'tables' must be a whole number of at least 1")

    def slot_list(value, where: str) -> frozenset[int]:
        if not isinstance(value, list):
            raise InstanceError(f"{where} must be a list of slots")
        for s in value:
            if not isinstance(s, int) or isinstance(s, bool) or not 0 <= s < slots:
                raise InstanceError(f"{where}: slot {s!r} is out of range 0–{slots - 1}")
        return frozenset(value)

    unavailable: dict[str, frozenset[int]] = {}
    for index, participant in enumerate(data.get("participants") or []):
        pid = participant.get("id") if isinstance(participant, dict) else None
        if not isinstance(pid, str) or not pid:
            raise InstanceError(f"participant #{index}: 'id' must be a non-empty string")
        if pid in unavailable:
            raise InstanceError(f"participant {pid!r} is listed twice")
        unavailable[pid] = slot_list(
            participant.get("unavailable", []), f"participant {pid!r}: 'unavailable'"
        )
    requests, seen = [], set()
    for index, raw in enumerate(data.get("requests") or []):
        if not isinstance(raw, dict) or not isinstance(raw.get("id"), str) or not raw["id"]:
            raise InstanceError(f"request #{index}: 'id' must be a non-empty string")
        rid = raw["id"]
        if rid in seen:
            raise InstanceError(f"request {rid!r} is listed twice")
        seen.add(rid)
        for side in ("a", "b"):
            if raw.get(side) not in unavailable:
                raise InstanceError(
                    f"request {rid!r}: unknown participant {raw.get(side)!r} in {side!r}"
                )
        if raw["a"] == raw["b"]:
            raise InstanceError(f"request {rid!r}: a participant cannot meet itself")
        priority = raw.get("priority")
        if not isinstance(priority, int) or isinstance(priority, bool) or priority < 1:
            raise InstanceError(f"request {rid!r}: 'priority' must be a whole number of at least 1")
        allowed = slot_list(raw["slots"], f"request {rid!r}: 'slots'") if "slots" in raw else None
        fixed = raw.get("fixed_slot")
        if fixed is not None and (
            not isinstance(fixed, int) or isinstance(fixed, bool) or not 0 <= fixed < slots
        ):
            raise InstanceError(
                f"request {rid!r}: fixed slot {fixed!r} is out of range 0–{slots - 1}"
            )
        table = raw.get("fixed_table")
        if table is not None and (not isinstance(table, int) or not 0 <= table < tables):
            raise InstanceError(
                f"request {rid!r}: fixed table {table!r} is out of range 0–{tables - 1}"
            )
        requests.append(Request(rid, raw["a"], raw["b"], priority, allowed, fixed, table))
    days = tuple(data.get("days") or ())
    if days and (sum(days) != slots or any(not isinstance(d, int) or d < 1 for d in days)):
        raise InstanceError("'days' must be lengths in slots that add up to 'slots'")
    if not requests:
        raise InstanceError("the event has no meeting requests: there is nothing to schedule")
    instance = Instance(slots, tables, unavailable, tuple(requests), days)
    conflict = pin_conflict(instance)
    if conflict:
        raise InstanceError(f"the pinned meetings cannot all stand: {conflict}")
    return instance


# ---- measuring a schedule ---------------------------------------------------------------------


def count_breaks(instance: Instance, placed: dict[str, int]) -> int:
    """Idle gaps between a participant's first and last meeting of each day."""
    return sum(_breaks_by_participant(instance, placed).values())


def _breaks_by_participant(instance: Instance, placed: dict[str, int]) -> dict[str, int]:
    by_request = {r.id: r for r in instance.requests}
    busy: dict[str, list[int]] = defaultdict(list)
    for rid, slot in placed.items():
        busy[by_request[rid].a].append(slot)
        busy[by_request[rid].b].append(slot)
    day = instance.day_of()
    return {
        participant: sum(
            1 for p, c in itertools.pairwise(sorted(slots)) if c > p + 1 and day[c] == day[p]
        )
        for participant, slots in busy.items()
    }


def _assign_tables(
    instance: Instance, placed: dict[str, int], previous: dict[str, tuple[int, int]] | None = None
) -> list[Meeting] | None:
    """Tables for the placed meetings: pinned ones keep theirs, then (with ``previous``) those
    still in the slot they had keep their table, and the rest take the free ones in turn."""
    by_request = {r.id: r for r in instance.requests}
    previous = previous or {}
    by_slot: dict[int, list[str]] = defaultdict(list)
    for rid, slot in placed.items():
        by_slot[slot].append(rid)
    meetings = []
    for slot, rids in sorted(by_slot.items()):
        table_of = {
            r: by_request[r].fixed_table for r in rids if by_request[r].fixed_table is not None
        }
        if len(set(table_of.values())) < len(table_of):
            return None  # two pinned meetings at one table
        for rid in sorted(rids):
            kept = previous.get(rid)
            if (
                rid not in table_of
                and kept
                and kept[0] == slot
                and kept[1] not in table_of.values()
            ):
                table_of[rid] = kept[1]
        free = iter(t for t in range(instance.tables) if t not in set(table_of.values()))
        for rid in sorted(rids):
            table = table_of.get(rid)
            if table is None:
                table = next(free, None)
            if table is None:
                return None
            meetings.append(Meeting(rid, slot, table))
    return meetings


def _finish(
    instance: Instance,
    placed: dict[str, int],
    status: Status,
    started: float,
    bound_priority: int,
    bound_breaks: int,
    previous: dict[str, tuple[int, int]] | None = None,
) -> Solution:
    meetings = _assign_tables(instance, placed, previous)
    if meetings is None:
        return Solution(Status.INFEASIBLE, seconds=time.perf_counter() - started)
    by_id = {r.id: r for r in instance.requests}
    priority = {r.id: r.priority for r in instance.requests}
    return Solution(
        status=status,
        meetings=sorted(meetings, key=lambda m: (m.slot, m.table)),
        unscheduled=sorted(r.id for r in instance.requests if r.id not in placed),
        scheduled_priority=sum(priority[rid] for rid in placed),
        breaks=count_breaks(instance, placed),
        bound_priority=bound_priority,
        bound_breaks=bound_breaks,
        seconds=time.perf_counter() - started,
        moved=sorted(
            m.request
            for m in meetings
            if m.request in (previous or {}) and previous[m.request] != (m.slot, m.table)
        ),
        added=sorted(
            m.request
            for m in meetings
            if previous is not None
            and m.request not in previous
            and by_id[m.request].fixed_slot is None
        ),
    )


# ---- greedy ----------------------------------------------------------------------------------


def pin_conflict(instance: Instance) -> Conflict | None:
    """The first reason the pinned meetings cannot all stand, or None."""
    holder: dict[tuple[str, int], str] = {}
    at_table: dict[tuple[int, int], str] = {}
    per_slot: dict[int, list[str]] = defaultdict(list)
    for request in instance.requests:
        slot = request.fixed_slot
        if slot is None:
            continue
        if slot not in instance.allowed(request):
            away = next(
                (p for p in (request.a, request.b) if slot in instance.unavailable[p]), None
            )
            return Conflict("away", (request.id,), slot, away)
        for participant in (request.a, request.b):
            other = holder.setdefault((participant, slot), request.id)
            if other != request.id:
                return Conflict("participant", (other, request.id), slot, participant)
        if request.fixed_table is not None:
            other = at_table.setdefault((slot, request.fixed_table), request.id)
            if other != request.id:
                return Conflict("table", (other, request.id), slot)
        per_slot[slot].append(request.id)
        if len(per_slot[slot]) > instance.tables:
            return Conflict("tables", tuple(per_slot[slot]), slot)
    return None


def _pinned(instance: Instance) -> dict[str, int]:
    """The pinned meetings, in their slots (``pin_conflict`` says whether they can stand)."""
    return {r.id: r.fixed_slot for r in instance.requests if r.fixed_slot is not None}


def greedy(instance: Instance) -> Solution:
    """Most wanted meetings first, each in the free slot that adds the fewest breaks."""
    started = time.perf_counter()
    conflict = pin_conflict(instance)
    if conflict:
        return Solution(Status.INFEASIBLE, seconds=time.perf_counter() - started, conflict=conflict)
    placed = _pinned(instance)
    day = instance.day_of()
    by_request = {r.id: r for r in instance.requests}
    busy: dict[str, set[int]] = defaultdict(set)
    per_slot = defaultdict(int)
    for rid, slot in placed.items():
        busy[by_request[rid].a].add(slot)
        busy[by_request[rid].b].add(slot)
        per_slot[slot] += 1

    def added_breaks(participant: str, slot: int) -> int:
        same_day = [s for s in busy[participant] if day[s] == day[slot]]
        if not same_day:
            return 0
        before = sorted(same_day)
        after = sorted([*same_day, slot])

        def gaps(values):
            return sum(1 for p, c in itertools.pairwise(values) if c > p + 1)

        return gaps(after) - gaps(before)

    rest = [r for r in instance.requests if r.id not in placed]
    allowed = {r.id: instance.allowed(r) for r in rest}
    rest.sort(key=lambda r: (-r.priority, len(allowed[r.id]), r.id))
    for request in rest:
        best = None
        for slot in allowed[request.id]:
            if (
                per_slot[slot] >= instance.tables
                or slot in busy[request.a]
                or slot in busy[request.b]
            ):
                continue
            cost = added_breaks(request.a, slot) + added_breaks(request.b, slot)
            if best is None or cost < best[0]:
                best = (cost, slot)
        if best is not None:
            slot = best[1]
            placed[request.id] = slot
            busy[request.a].add(slot)
            busy[request.b].add(slot)
            per_slot[slot] += 1
    total = sum(r.priority for r in instance.requests)
    return _finish(instance, placed, Status.FEASIBLE, started, total, 0)


def improve(instance: Instance, placed: dict[str, int], deadline: float) -> dict[str, int]:
    """Local search on breaks, keeping the same meetings (so the same priority): move a meeting to
    a free place, or swap it with a meeting of a full slot, while that removes breaks. Only
    meetings of participants with a gap are tried, towards slots next to their other meetings.
    Stops at a local optimum or at the deadline."""
    by_request = {r.id: r for r in instance.requests if r.id in placed}
    day = instance.day_of()
    busy: dict[str, set[int]] = defaultdict(set)
    by_slot: dict[int, set[str]] = defaultdict(set)
    for rid, slot in placed.items():
        busy[by_request[rid].a].add(slot)
        busy[by_request[rid].b].add(slot)
        by_slot[slot].add(rid)
    allowed = {
        rid: set(instance.allowed(r)) for rid, r in by_request.items() if r.fixed_slot is None
    }
    placed = dict(placed)

    def gaps(participant: str) -> int:
        ordered = sorted(busy[participant])
        return sum(1 for p, c in itertools.pairwise(ordered) if c > p + 1 and day[c] == day[p])

    def relocate(moves: list[tuple[str, int]]) -> None:
        for rid, _slot in moves:
            old = placed[rid]
            by_slot[old].discard(rid)
            busy[by_request[rid].a].discard(old)
            busy[by_request[rid].b].discard(old)
        for rid, slot in moves:
            placed[rid] = slot
            by_slot[slot].add(rid)
            busy[by_request[rid].a].add(slot)
            busy[by_request[rid].b].add(slot)

    def try_moves(moves: list[tuple[str, int]]) -> bool:
        people = {p for rid, _s in moves for p in (by_request[rid].a, by_request[rid].b)}
        before = sum(gaps(p) for p in people)
        undo = [(rid, placed[rid]) for rid, _s in moves]
        relocate(moves)
        if _consistent(people) and sum(gaps(p) for p in people) < before:
            return True
        relocate(undo)
        return False

    def _consistent(people) -> bool:  # no participant twice in a slot after a swap
        for person in people:
            slots = [placed[r] for r in person_requests[person]]
            if len(slots) != len(set(slots)):
                return False
        return True

    person_requests: dict[str, list[str]] = defaultdict(list)
    for rid, request in by_request.items():
        person_requests[request.a].append(rid)
        person_requests[request.b].append(rid)

    improved = True
    while improved and time.perf_counter() < deadline:
        improved = False
        for rid in list(allowed):
            if time.perf_counter() > deadline:
                break
            request, current = by_request[rid], placed[rid]
            a, b = request.a, request.b
            if not (gaps(a) or gaps(b)):
                continue
            targets = {t + d for t in busy[a] | busy[b] for d in (-1, 1)} & allowed[rid]
            for slot in sorted(targets - {current}):
                if slot in busy[a] or slot in busy[b]:
                    continue
                if len(by_slot[slot]) < instance.tables:
                    if try_moves([(rid, slot)]):
                        improved = True
                        break
                    continue
                for other in list(by_slot[slot]):
                    if other not in allowed or current not in allowed[other]:
                        continue
                    o = by_request[other]
                    if {o.a, o.b} & {a, b} or current in busy[o.a] or current in busy[o.b]:
                        continue
                    if try_moves([(rid, slot), (other, current)]):
                        improved = True
                        break
                if improved:
                    break
    return placed


def priority_bound(instance: Instance, seconds: float) -> int:
    """An upper bound on the scheduled priority that ignores which slot meets which: each
    participant has no more meetings than slots it is free, and all meetings fit the tables."""
    cp_model = _cp_sat()

    model = cp_model.CpModel()
    y = {r.id: model.NewBoolVar(r.id) for r in instance.requests if instance.allowed(r)}
    meetings: dict[str, list] = defaultdict(list)
    for request in instance.requests:
        if request.id in y:
            meetings[request.a].append(y[request.id])
            meetings[request.b].append(y[request.id])
    for participant, variables in meetings.items():
        free = instance.slots - len(instance.unavailable[participant])
        if len(variables) > free:
            model.Add(sum(variables) <= free)
    model.Add(sum(y.values()) <= instance.slots * instance.tables)
    model.Maximize(sum(r.priority * y[r.id] for r in instance.requests if r.id in y))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.1, seconds)
    solver.parameters.num_workers = max(1, os.cpu_count() or 1)
    solver.Solve(model)
    return int(solver.BestObjectiveBound() + 1e-6)


# ---- CP-SAT ----------------------------------------------------------------------------------


MAX_CP_VARIABLES = 60_000  # above this the time-indexed model is left to the heuristics
REPLAN_SECONDS = 1.5  # for the rest of an event day, with the model built in the rest of 2 s
LNS_STEP_SECONDS = 1.0  # the most one neighbourhood may take
LNS_MAX_FREE = 60  # the most meetings one neighbourhood frees
SEARCH_SHARE = 0.85  # of the time left for breaks, for the bound search and the neighbourhoods
AT_BOUND_FIRST = 3.0  # seconds, at least, of the first search at the per-participant bound


def solve(instance: Instance, seconds: float = 10.0, workers: int = 0) -> Solution:
    """Best schedule found within ``seconds``, with its status and proven bounds.

    1. The greedy draft, improved by local search on breaks.
    2. An upper bound on priority from a model without slots (fast and tight in practice); if the
       draft reaches it, the priority is proven optimal without further search.
    3. Otherwise CP-SAT maximises priority on the full slot model, warm-started from the draft.
    4. A lower bound on breaks, participant by participant (``_least_gaps``): every best schedule
       leaves out exactly the priority the best one leaves out, so each participant keeps at least
       so many meetings, and an unavailable stretch between them forces a gap.
    5. CP-SAT rearranges the meetings of the best schedule to the fewest breaks (``_rearrange``),
       first looking for a schedule at the bound, which proves it optimal; local search polishes
       the result. Only this set of meetings is searched: far smaller than every set with the
       best priority, it finds better schedules in the time (and when every meeting that can be
       scheduled is, it is the only such set, so its bound is the problem's).
    """
    cp_model = _cp_sat()

    started = time.perf_counter()
    deadline = started + seconds
    draft = greedy(instance)
    if draft.status == Status.INFEASIBLE:
        return draft
    placed = improve(instance, {m.request: m.slot for m in draft.meetings}, started + seconds * 0.1)
    priority_of = {r.id: r.priority for r in instance.requests}
    bound_priority = min(priority_bound(instance, seconds * 0.15), sum(priority_of.values()))
    best_priority = sum(priority_of[rid] for rid in placed)
    priority_proven = best_priority >= bound_priority

    variables = sum(
        1 if r.fixed_slot is not None else len(instance.allowed(r)) for r in instance.requests
    )
    if variables > MAX_CP_VARIABLES:
        # Too large for the whole model: the priority stays the draft's, and large-neighbourhood
        # search, whose pieces stay small, works on the breaks.
        # A bound over every schedule with this priority, not only over these meetings.
        least = 0
        if priority_proven:
            schedulable = {
                r.id for r in instance.requests if r.fixed_slot is not None or instance.allowed(r)
            }
            slack = sum(priority_of[rid] for rid in schedulable) - best_priority
            least = sum(_least_gaps(instance, schedulable, slack).values())
        placed = _lns(instance, placed, deadline, target=least)
        breaks = count_breaks(instance, placed)
        return _finish(
            instance,
            placed,
            Status.OPTIMAL if priority_proven and breaks <= least else Status.FEASIBLE,
            started,
            bound_priority,
            least,
        )
    model, x = _slot_model(instance)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = workers or max(1, os.cpu_count() or 1)

    if not priority_proven:
        for (rid, slot), var in x.items():
            model.AddHint(var, placed.get(rid) == slot)
        model.Maximize(sum(priority_of[rid] * var for (rid, _slot), var in x.items()))
        solver.parameters.max_time_in_seconds = max(0.1, (deadline - time.perf_counter()) * 0.5)
        status = solver.Solve(model)
        if status == cp_model.INFEASIBLE:
            return Solution(Status.INFEASIBLE, seconds=time.perf_counter() - started)
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            bound_priority = min(bound_priority, int(solver.BestObjectiveBound() + 1e-6))
            found = round(solver.ObjectiveValue())
            if found > best_priority:
                best_priority = found
                placed = {rid: slot for (rid, slot), var in x.items() if solver.BooleanValue(var)}
            priority_proven = status == cp_model.OPTIMAL or best_priority >= bound_priority

    bound_breaks, only_set, least = 0, False, {}
    if priority_proven:
        schedulable = {rid for rid, _slot in x}
        slack = sum(priority_of[rid] for rid in schedulable) - best_priority
        least = _least_gaps(instance, schedulable, slack)
        bound_breaks, only_set = sum(least.values()), slack <= 0
    placed, set_bound = _rearrange(instance, placed, solver, deadline)
    if only_set:
        bound_breaks = max(bound_breaks, set_bound)
    elif priority_proven and count_breaks(instance, placed) <= set_bound:
        # The best for these meetings, but another set might do better: settle it on the full model.
        placed, bound_breaks = _raise_bound(
            instance, placed, best_priority, least, solver, deadline
        )
    if count_breaks(instance, placed) > bound_breaks:
        placed = improve(instance, placed, time.perf_counter() + 1.0)
    proven = priority_proven and count_breaks(instance, placed) <= bound_breaks
    return _finish(
        instance,
        placed,
        Status.OPTIMAL if proven else Status.FEASIBLE,
        started,
        bound_priority,
        bound_breaks,
    )


def rest_of_day(
    instance: Instance,
    placed: dict[str, tuple[int, int]],
    start: int,
    end: int,
    absent: set[str],
) -> tuple[Instance, dict[str, tuple[int, int]]]:
    """The problem ``replan`` solves when slots ``start`` to ``end - 1`` are what is left of the
    day: ``placed`` holds the meetings as (slot, table) by request, ``absent`` the participants
    who dropped out (nothing is added for them, and what they still have stays). Meetings
    outside those slots stay where they are (pinned), the others become the ``current`` to keep,
    and requests not placed may be added in the slots left. Returns the instance and
    ``current``."""
    left = frozenset(range(start, end))
    requests, current = [], {}
    for request in instance.requests:
        place = placed.get(request.id)
        gone = request.a in absent or request.b in absent
        if gone and not place:
            continue
        if place and (request.fixed_slot is not None or place[0] not in left or gone):
            requests.append(replace(request, fixed_slot=place[0], fixed_table=place[1]))
            continue
        slots = left if request.slots is None else left & request.slots
        requests.append(replace(request, slots=slots, fixed_slot=None, fixed_table=None))
        if place:
            current[request.id] = place
    return replace(instance, requests=tuple(requests)), current


def replan(
    instance: Instance, current: dict[str, tuple[int, int]], seconds: float = REPLAN_SECONDS
) -> Solution:
    """The rest of an event day again, after a participant dropped out: ``current`` holds the
    published meetings still to happen, by request, as (slot, table).

    Meetings that must not move (held, running, earlier, on other days) come pinned, with their
    slot and table; requests that may still be added come with ``slots`` limited to what is left
    of the day. Every meeting of ``current`` stays in the schedule. In order: the most priority
    added, then the fewest published meetings moved (to another slot or table), then the fewest
    breaks. Moved meetings are listed in ``Solution.moved``."""
    cp_model = _cp_sat()

    started = time.perf_counter()
    conflict = pin_conflict(instance)
    if conflict:
        return Solution(Status.INFEASIBLE, seconds=time.perf_counter() - started, conflict=conflict)
    by_id = {r.id: r for r in instance.requests}
    current = {rid: place for rid, place in current.items() if rid in by_id}
    pinned = {r.id for r in instance.requests if r.fixed_slot is not None}
    optional = {rid for rid in by_id if rid not in current and rid not in pinned}
    model, x = _slot_model(instance, only=set(by_id), optional=optional)
    added = sum(by_id[rid].priority * var for (rid, _slot), var in x.items() if rid in optional)
    stays = [x[rid, slot] for rid, (slot, _t) in current.items() if (rid, slot) in x]
    moves = len(current) - sum(stays)
    breaks = _breaks(instance, model, x, lean=True)
    most_breaks = 1 + sum(instance.slots for _ in instance.unavailable)
    most_moves = 1 + len(current)
    model.Maximize(added * most_moves * most_breaks - moves * most_breaks - breaks)
    for (rid, slot), var in x.items():
        model.AddHint(var, current.get(rid, (by_id[rid].fixed_slot, 0))[0] == slot)
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = max(1, os.cpu_count() or 1)
    solver.parameters.max_time_in_seconds = max(0.1, seconds - (time.perf_counter() - started))
    status = solver.Solve(model)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        # Nothing better found in time: the day stays as published.
        placed = {rid: slot for rid, (slot, _t) in current.items()}
        placed |= {rid: by_id[rid].fixed_slot for rid in pinned}
        return _finish(instance, placed, Status.FEASIBLE, started, 0, 0, previous=current)
    placed = {rid: slot for (rid, slot), var in x.items() if solver.BooleanValue(var)}
    optimal = status == cp_model.OPTIMAL
    return _finish(
        instance,
        placed,
        Status.OPTIMAL if optimal else Status.FEASIBLE,
        started,
        sum(by_id[rid].priority for rid in (placed if optimal else by_id)),
        0,
        previous=current,
    )


def _rearrange(
    instance: Instance, placed: dict[str, int], solver, deadline: float
) -> tuple[dict[str, int], int]:
    """The fewest breaks for the meetings of ``placed``, each kept but free to move, by
    ``deadline``: the best schedule found and a proven bound for these meetings.

    In rounds, each twice as long as the one before: CP-SAT looks for a schedule where no
    participant has more breaks than ``_least_gaps`` allows (found, it is optimal), then
    large-neighbourhood search (``_lns``) descends for twice that time, and its best schedule is
    the next round's hint. If neither reaches the bound, CP-SAT minimises breaks on the whole
    model, warm-started from the best schedule, for a proven bound (and sometimes a better
    schedule). A search at the bound proven infeasible raises the bound by one; the whole
    model then gets one round (a small event is settled at once), and the rounds after are the
    descent alone, aiming at the new bound (asking again would only spend the time)."""
    cp_model = _cp_sat()

    least = _least_gaps(instance, set(placed))
    bound = sum(least.values())
    until = time.perf_counter() + (deadline - time.perf_counter()) * SEARCH_SHARE
    best, step = dict(placed), max(AT_BOUND_FIRST, (until - time.perf_counter()) * 0.1)
    above = False  # proven: no schedule has every participant at its own bound
    while time.perf_counter() < until - 0.1:
        if not above:
            # A schedule where no participant has more breaks than its own bound, when one
            # exists, is usually found in seconds, far sooner than by any descent; the better
            # the hint, the sooner.
            model, x = _slot_model(instance, only=set(placed))
            _breaks(instance, model, x, least)
            for (rid, slot), var in x.items():
                model.AddHint(var, best.get(rid) == slot)
            solver.parameters.max_time_in_seconds = max(0.1, min(step, until - time.perf_counter()))
            status = solver.Solve(model)
            if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
                found = {rid: slot for (rid, slot), var in x.items() if solver.BooleanValue(var)}
                return found, bound
            if status == cp_model.INFEASIBLE:
                # Someone has more breaks than its own bound: the total is one more at least.
                # The whole model often settles a small event at once; a large one goes on
                # with the descent, hinted by what it found.
                bound, above = bound + 1, True
                best, bound = _minimise(
                    instance, placed, best, bound, solver, min(step, until - time.perf_counter())
                )
                if count_breaks(instance, best) <= bound:
                    return best, bound
        best = _lns(instance, best, min(until, time.perf_counter() + 2 * step), target=bound)
        if count_breaks(instance, best) <= bound:
            return best, bound
        step *= 2
    if count_breaks(instance, best) <= bound or deadline - time.perf_counter() < 0.1:
        return best, bound
    return _minimise(instance, placed, best, bound, solver, deadline - time.perf_counter())


def _minimise(
    instance: Instance, placed: dict[str, int], best: dict[str, int], bound: int, solver, seconds
) -> tuple[dict[str, int], int]:
    """CP-SAT minimising breaks on the whole model of ``placed``'s meetings for ``seconds``,
    warm-started from ``best``: the better schedule of the two, and the bound it proves."""
    cp_model = _cp_sat()
    model, x = _slot_model(instance, only=set(placed))
    model.Minimize(_breaks(instance, model, x))
    for (rid, slot), var in x.items():
        model.AddHint(var, best.get(rid) == slot)
    solver.parameters.max_time_in_seconds = max(0.1, seconds)
    status = solver.Solve(model)
    if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        found = {rid: slot for (rid, slot), var in x.items() if solver.BooleanValue(var)}
        if count_breaks(instance, found) < count_breaks(instance, best):
            best = found
        bound = max(bound, math.ceil(solver.BestObjectiveBound() - 1e-6))
    return best, bound


def _lns(
    instance: Instance,
    placed: dict[str, int],
    deadline: float,
    target: int = 0,
    seed: int = 0,
) -> dict[str, int]:
    """Large-neighbourhood search on breaks, keeping every meeting of ``placed``: again and again
    free the meetings of a few participants (one with breaks and those it meets) or of a few
    consecutive slots, keep all others where they are, and let CP-SAT place the freed ones with
    the fewest breaks; a result no worse is taken. The neighbourhood grows while CP-SAT settles it
    quickly and shrinks when it runs out of time. Stops at ``target`` breaks or the deadline."""
    cp_model = _cp_sat()

    rng = random.Random(seed)
    by_request = {r.id: r for r in instance.requests if r.id in placed}
    movable = [rid for rid, r in by_request.items() if r.fixed_slot is None]
    if not movable:
        return dict(placed)
    own: dict[str, list[str]] = defaultdict(list)
    for rid, request in by_request.items():
        own[request.a].append(rid)
        own[request.b].append(rid)
    day = instance.day_of()
    best, best_breaks = dict(placed), count_breaks(instance, placed)
    size, window = 4, 3
    solver = cp_model.CpSolver()
    solver.parameters.num_workers = 1
    solver.parameters.random_seed = seed
    while best_breaks > target and time.perf_counter() < deadline - 0.05:
        by_person = _breaks_by_participant(instance, best)
        if rng.random() < 0.7:
            broken = [p for p, n in by_person.items() if n] or list(own)
            group, frontier = {rng.choice(broken)}, []
            while len(group) < size:
                frontier = [
                    other
                    for p in group
                    for rid in own[p]
                    for other in (by_request[rid].a, by_request[rid].b)
                    if other not in group
                ]
                if not frontier:
                    break
                group.add(rng.choice(frontier))
            free = {rid for p in group for rid in own[p]}
            kind = "people"
        else:
            start = rng.randrange(instance.slots)
            free = {
                rid
                for rid in movable
                if start <= best[rid] < start + window and day[best[rid]] == day[start]
            }
            kind = "slots"
        free = {rid for rid in free if by_request[rid].fixed_slot is None}
        if not free:
            continue
        if len(free) > LNS_MAX_FREE:
            free = set(rng.sample(sorted(free), LNS_MAX_FREE))
        touched = {p for rid in free for p in (by_request[rid].a, by_request[rid].b)}
        inside = {rid for p in touched for rid in own[p]}
        kept = {rid: best[rid] for rid in inside - free}
        taken: dict[int, int] = defaultdict(int)
        for rid, slot in best.items():
            if rid not in inside:
                taken[slot] += 1
        model, x = _slot_model(instance, only=inside, kept=kept, tables_taken=taken)
        model.Minimize(_breaks(instance, model, x, people=touched, lean=True))
        for (rid, slot), var in x.items():
            model.AddHint(var, best[rid] == slot)
        solver.parameters.max_time_in_seconds = max(
            0.05, min(LNS_STEP_SECONDS, deadline - time.perf_counter())
        )
        status = solver.Solve(model)
        if status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            found = dict(best)
            found.update({rid: slot for (rid, slot), var in x.items() if solver.BooleanValue(var)})
            breaks = count_breaks(instance, found)
            if breaks <= best_breaks:
                best, best_breaks = found, breaks
        if kind == "people":
            size = min(len(own), size + 1) if status == cp_model.OPTIMAL else max(2, size - 1)
        else:
            window = (
                min(instance.slots, window + 1)
                if status == cp_model.OPTIMAL
                else max(2, window - 1)
            )
    return best


def _raise_bound(
    instance: Instance,
    placed: dict[str, int],
    best_priority: int,
    least: dict[str, int],
    solver,
    deadline: float,
) -> tuple[dict[str, int], int]:
    """Close the gap between the breaks of ``placed`` and the bound ``least`` over every schedule
    with ``best_priority``, by ``deadline``; returns the best schedule and the proven bound.

    First CP-SAT looks for such a schedule with each participant at its own bound (found, it is
    optimal; proven impossible, the bound rises by one), then it minimises breaks, warm-started."""
    cp_model = _cp_sat()

    priority_of = {r.id: r.priority for r in instance.requests}
    best, bound = dict(placed), sum(least.values())
    for capped in (True, False):
        if count_breaks(instance, best) <= bound or deadline - time.perf_counter() < 0.1:
            break
        model, x = _slot_model(instance)
        model.Add(sum(priority_of[rid] * var for (rid, _slot), var in x.items()) >= best_priority)
        breaks = _breaks(instance, model, x, least if capped else None)
        if not capped:
            model.Minimize(breaks)
        for (rid, slot), var in x.items():
            model.AddHint(var, best.get(rid) == slot)
        solver.parameters.max_time_in_seconds = deadline - time.perf_counter()
        status = solver.Solve(model)
        if status == cp_model.INFEASIBLE and capped:
            bound += 1
        elif status in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            found = {rid: slot for (rid, slot), var in x.items() if solver.BooleanValue(var)}
            if count_breaks(instance, found) < count_breaks(instance, best):
                best = found
            if not capped:
                bound = max(bound, math.ceil(solver.BestObjectiveBound() - 1e-6))
    return best, bound


def _least_gaps(instance: Instance, requests: set[str], slack: int = 0) -> dict[str, int]:
    """Per participant, a lower bound on its breaks in any schedule of ``requests`` that leaves
    out meetings of at most ``slack`` priority in all (pinned ones always stay).

    Each participant on its own: it keeps at least its requests less the most of them whose
    priorities fit in ``slack``, in the slots they may use, spread over the days as well as it
    can be; an unavailable stretch between meetings forces a gap."""
    day = instance.day_of()
    mine: dict[str, list[Request]] = defaultdict(list)
    for request in instance.requests:
        if request.id in requests:
            mine[request.a].append(request)
            mine[request.b].append(request)
    least_gaps = {}
    for participant, own in mine.items():
        dropped, freed = 0, slack
        for request in sorted(own, key=lambda r: r.priority):
            if request.fixed_slot is None and request.priority <= freed:
                dropped, freed = dropped + 1, freed - request.priority
        usable = set()
        for request in own:
            usable.update(
                [request.fixed_slot]
                if request.fixed_slot is not None
                else instance.allowed(request)
            )
        by_day: dict[int, list[int]] = defaultdict(list)
        for slot in sorted(usable):
            by_day[day[slot]].append(slot)
        fewest = {0: 0}  # meetings held on the days so far -> fewest gaps
        for slots in by_day.values():
            blocks = _fewest_blocks(slots)
            step: dict[int, int] = {}
            for held, gaps in fewest.items():
                for count, needed in enumerate(blocks):
                    value = gaps + max(0, needed - 1)
                    step[held + count] = min(step.get(held + count, value), value)
            fewest = step
        least = len(own) - dropped
        least_gaps[participant] = min(
            (gaps for held, gaps in fewest.items() if held >= least), default=0
        )
    return least_gaps


def _slot_model(
    instance: Instance,
    only: set[str] | None = None,
    kept: dict[str, int] | None = None,
    tables_taken: dict[int, int] | None = None,
    optional: set[str] = frozenset(),
):
    """The time-indexed model: x[request, slot] with the hard rules.

    With ``only``, just those requests are in the model and each must be scheduled but those in
    ``optional``; those in ``kept`` stay in the slot given, and ``tables_taken`` tables per slot
    are held by meetings outside the model."""
    cp_model = _cp_sat()

    model = cp_model.CpModel()
    x = {}
    kept = kept or {}
    by_participant_slot: dict[tuple[str, int], list] = defaultdict(list)
    by_slot: dict[int, list] = defaultdict(list)
    for request in instance.requests:
        if only is not None and request.id not in only:
            continue
        if request.id in kept:
            slots = [kept[request.id]]
        elif request.fixed_slot is not None:
            slots = [request.fixed_slot]
        else:
            slots = instance.allowed(request)
        variables = []
        for slot in slots:
            var = model.NewBoolVar(f"x[{request.id},{slot}]")
            x[request.id, slot] = var
            variables.append(var)
            by_participant_slot[request.a, slot].append(var)
            by_participant_slot[request.b, slot].append(var)
            by_slot[slot].append(var)
        if request.fixed_slot is not None or (only is not None and request.id not in optional):
            model.AddExactlyOne(variables)
        elif len(variables) > 1:
            model.AddAtMostOne(variables)
    for slot, variables in by_slot.items():
        tables = instance.tables - (tables_taken or {}).get(slot, 0)
        if len(variables) > tables:
            model.Add(sum(variables) <= tables)
    for variables in by_participant_slot.values():
        if len(variables) > 1:
            model.AddAtMostOne(variables)
    model.by_participant_slot = by_participant_slot
    return model, x


def _fewest_blocks(slots: list[int]) -> list[int]:
    """For each count k of meetings (0 to all): the fewest blocks of consecutive slots that hold
    k meetings when only ``slots`` (sorted, within one day) can be used."""
    runs, length = [], 0
    for index, slot in enumerate(slots):
        length = length + 1 if index and slot == slots[index - 1] + 1 else 1
        if index + 1 == len(slots) or slots[index + 1] != slot + 1:
            runs.append(length)
    runs.sort(reverse=True)
    fewest, held = [0], 0
    for blocks, run in enumerate(runs, start=1):
        fewest += [blocks] * run
        held += run
    return fewest


def _breaks(
    instance: Instance,
    model,
    x,
    caps: dict[str, int] | None = None,
    people: set[str] | None = None,
    lean: bool = False,
):
    """Breaks as a linear expression: per participant and day, blocks of meetings minus one.
    With ``caps``, each participant has at most that many breaks in all (none if not listed);
    with ``people``, only their breaks are counted; ``lean`` leaves out the two redundant rules
    below (small neighbourhoods are solved faster without them).

    A block starts where a participant is busy after an idle slot (or at the day's start); the
    gaps of a day are at least its block starts minus one. Two redundant rules give the solver a
    bound it can prove: without a gap the meetings fill the span from the first to the last
    (``last - first + 1 <= meetings``), and a day with k meetings needs at least as many blocks as
    the slots it can use hold k in (an unavailable stretch in the middle forces a gap)."""
    day = instance.day_of()
    busy_of: dict[str, dict[int, object]] = defaultdict(dict)
    for (participant, slot), variables in model.by_participant_slot.items():
        if people is None or participant in people:
            busy_of[participant][slot] = sum(variables)
    terms = []
    for participant, busy in busy_of.items():
        own = []
        days: dict[int, list[int]] = defaultdict(list)
        for slot in busy:
            days[day[slot]].append(slot)
        for slots in days.values():
            if len(slots) < 2:
                continue  # one possible slot that day: never a gap
            slots.sort()
            starts = []
            for slot in slots:
                start = model.NewBoolVar("")
                previous = busy.get(slot - 1) if slot > 0 and day[slot - 1] == day[slot] else None
                if previous is None:
                    model.Add(start >= busy[slot])
                else:
                    model.Add(start >= busy[slot] - previous)
                starts.append(start)
            gaps = model.NewIntVar(0, len(slots), "")
            model.Add(gaps >= sum(starts) - 1)
            own.append(gaps)
            if lean:
                continue
            meetings = sum(busy[slot] for slot in slots)
            first = model.NewIntVar(slots[0], slots[-1], "")
            last = model.NewIntVar(slots[0], slots[-1], "")
            for slot in slots:
                for var in model.by_participant_slot[participant, slot]:
                    model.Add(first <= slot).OnlyEnforceIf(var)
                    model.Add(last >= slot).OnlyEnforceIf(var)
            compact = model.NewBoolVar("")
            model.Add(last - first + 1 <= meetings).OnlyEnforceIf(compact)
            model.Add(gaps >= 1).OnlyEnforceIf(compact.Not())
            fewest = _fewest_blocks(slots)
            for count in range(2, len(fewest)):
                if fewest[count] > fewest[count - 1]:
                    reached = model.NewBoolVar("")
                    model.Add(meetings >= count).OnlyEnforceIf(reached)
                    model.Add(meetings <= count - 1).OnlyEnforceIf(reached.Not())
                    model.Add(gaps >= fewest[count] - 1).OnlyEnforceIf(reached)
        if caps is not None and own:
            model.Add(sum(own) <= caps.get(participant, 0))
        terms += own
    return sum(terms) if terms else 0
