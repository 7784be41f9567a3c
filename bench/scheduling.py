"""Meeting scheduler on generated events: ``python bench/scheduling.py [--sizes small,large]
[--forum 20] [--seconds 60] [--replan 10]``.

``--replan N``: the event day of a 200-participant event (the medium one, 16 slots in one day,
but 24 tables, so that some accepted requests wait for a place):
the schedule is made and published, then at slot 6, N times over, one participant drops out and
the rest of the day is re-planned (``engines.scheduling.replan``); prints the meetings added and
moved, the breaks before and after, and the seconds, model building included (target: 2 s).

``--forum N``: N brokerage events of the class of the published B2B benchmarks (Bofill et al.),
from ``forum(seed)`` below, each scheduled with ``--seconds`` (default 60): every meeting must be
placed, so the figures are the idle gaps ("breaks") of the greedy draft and of the solver, the
proven lower bound on breaks, the status and the seconds.

Three sizes (participants / requests / slots / tables): small 50 / 150 / 20 / 10, medium
200 / 400 / 16 / 40, large 1,800 / 4,000 / 24 / 150. A fifth of the participants are buyers;
each request joins a buyer and a supplier, "must meet" (priority 3) or "would like" (1); one
participant in ten is away for an afternoon block. Prints the greedy draft and CP-SAT
(time limits: 10 s, 30 s — the app's default —, 60 s): scheduled priority, breaks, gap to the
priority bound, breaks bound, seconds, peak memory.
Targets: proven optimal on the first two within their limits; the largest within 2 % of the bound
in 60 s.
Instances are written to bench/results/ so they can be fed to ``manage.py schedule``.
"""

import argparse
import json
import random
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from rantai.engines import scheduling  # noqa: E402

# Tables: at a temu bisnis each buyer holds a table (a fifth of the participants are buyers), so
# the small and medium events have as many tables as buyers; the large one is given 150 tables.
SIZES = {
    "small": (50, 150, 20, 10, 10.0),
    "medium": (200, 400, 16, 40, 30.0),
    "large": (1800, 4000, 24, 150, 60.0),
}


def generate(participants: int, requests: int, slots: int, tables: int, seed: int = 1) -> dict:
    rng = random.Random(seed)
    buyers = [f"b{n}" for n in range(participants // 5)]
    suppliers = [f"s{n}" for n in range(participants - len(buyers))]
    people = []
    for pid in buyers + suppliers:
        away = []
        if rng.random() < 0.1:
            start = rng.randrange(slots // 2, slots)
            away = list(range(start, min(slots, start + rng.randint(2, 5))))
        people.append({"id": pid, "unavailable": away})
    pairs = set()
    while len(pairs) < requests:
        pairs.add((rng.choice(buyers), rng.choice(suppliers)))
    return {
        "slots": slots,
        "tables": tables,
        "participants": people,
        "requests": [
            {"id": f"r{n}", "a": a, "b": b, "priority": 3 if rng.random() < 0.3 else 1}
            for n, (a, b) in enumerate(sorted(pairs))
        ],
    }


def forum(seed: int) -> dict:
    """A brokerage event of the published class: 42–78 participants, 125–302 meetings, 8–22
    slots (a morning and an afternoon session, as two "days": lunch is not an idle gap), 12–27
    tables, never more meetings than 97 % of the places. Popularity is heavy-tailed (a Pareto
    weight per participant), so a few take part in many meetings. In half of the events half of
    the participants come for one session only, which binds their meetings to it; 15 % are away
    for a stretch of up to a quarter of the day. Meetings the greedy draft cannot place are left
    out, as an organiser only publishes requests that fit: every meeting of the event can be
    placed."""
    rng = random.Random(seed)
    while True:
        participants, slots = rng.randint(42, 78), rng.choice(range(8, 23, 2))
        meetings, tables = rng.randint(125, 302), rng.randint(12, 27)
        if meetings <= slots * tables * 0.97 and meetings <= participants * slots * 0.3:
            break
    morning = slots // 2
    sessions = rng.random() < 0.5
    people = [f"p{n}" for n in range(participants)]
    weight = {p: rng.paretovariate(1.5) for p in people}
    away, session = {}, {}
    for p in people:
        away[p] = []
        if rng.random() < 0.15:
            length = rng.randint(1, max(1, slots // 4))
            start = rng.randrange(0, slots - length + 1)
            away[p] = list(range(start, start + length))
        session[p] = rng.choice(("am", "pm")) if sessions and rng.random() < 0.5 else None

    def room(p):  # the most meetings p can hold, less one so that not every slot is full
        return (morning if session[p] else slots - len(away[p])) - 1

    degree, pairs = dict.fromkeys(people, 0), set()
    for _ in range(100_000):
        if len(pairs) >= meetings:
            break
        a, b = rng.choices(people, weights=[weight[p] for p in people], k=2)
        if a == b or (a, b) in pairs or (b, a) in pairs:
            continue
        if session[a] and session[b] and session[a] != session[b]:
            continue
        if degree[a] >= room(a) or degree[b] >= room(b):
            continue
        pairs.add((a, b))
        degree[a] += 1
        degree[b] += 1
    requests = []
    for n, (a, b) in enumerate(sorted(pairs)):
        request = {"id": f"m{n}", "a": a, "b": b, "priority": 1}
        bound = session[a] or session[b]
        if bound:
            request["slots"] = list(range(morning) if bound == "am" else range(morning, slots))
        requests.append(request)
    data = {
        "slots": slots,
        "tables": tables,
        "days": [morning, slots - morning],
        "participants": [{"id": p, "unavailable": away[p]} for p in people],
        "requests": requests,
    }
    left = set(scheduling.greedy(scheduling.parse(data)).unscheduled)
    data["requests"] = [r for r in requests if r["id"] not in left]
    return data


def peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run_forum(count: int, seconds: float, out: Path) -> None:
    print(
        f"{'event':<7}{'people':>7}{'meet':>6}{'slots':>6}{'tables':>7}{'greedy':>8}"
        f"{'breaks':>8}{'bound':>7}  {'status':<10}{'seconds':>8}"
    )
    totals = [0, 0]
    for seed in range(1, count + 1):
        data = forum(seed)
        (out / f"forum-{seed}.json").write_text(json.dumps(data))
        instance = scheduling.parse(data)
        draft, best = scheduling.greedy(instance), scheduling.solve(instance, seconds=seconds)
        assert not best.unscheduled, f"forum-{seed}: a meeting was left out"
        totals[0] += best.breaks
        totals[1] += best.bound_breaks
        print(
            f"{seed:<7}{len(data['participants']):>7}{len(data['requests']):>6}"
            f"{data['slots']:>6}{data['tables']:>7}{draft.breaks:>8}{best.breaks:>8}"
            f"{best.bound_breaks:>7}  {best.status:<10}{best.seconds:>8.1f}",
            flush=True,
        )
    print(f"total breaks {totals[0]}, total bound {totals[1]}; peak memory {peak_mib():.0f} MiB")


def run_replan(count: int) -> None:
    participants, requests, slots, _tables, _limit = SIZES["medium"]
    data = generate(participants, requests, slots, 24)  # tables scarce: some requests wait
    instance = scheduling.parse(data)
    published = scheduling.solve(instance, seconds=SIZES["medium"][4])
    placed = {m.request: (m.slot, m.table) for m in published.meetings}
    by_id = {r.id: r for r in instance.requests}
    start = 6
    later = sorted(
        {
            p
            for rid, (slot, _t) in placed.items()
            if slot >= start
            for p in (by_id[rid].a, by_id[rid].b)
        }
    )
    rng = random.Random(2)
    print(f"published: {len(placed)} meetings, {published.breaks} breaks ({published.status})")
    print(
        f"{'absent':<8}{'dropped':>8}{'added':>7}{'moved':>7}{'breaks':>8}{'after':>7}{'seconds':>9}"
    )
    slowest = 0.0
    for participant in rng.sample(later, count):
        started = time.perf_counter()
        # Its meetings still to come are dropped; the rest of the day is re-planned.
        kept = {
            rid: place
            for rid, place in placed.items()
            if place[0] < start or participant not in (by_id[rid].a, by_id[rid].b)
        }
        day, current = scheduling.rest_of_day(instance, kept, start, data["slots"], {participant})
        result = scheduling.replan(day, current)
        seconds = time.perf_counter() - started
        slowest = max(slowest, seconds)
        before = scheduling.count_breaks(day, {rid: slot for rid, (slot, _t) in kept.items()})
        print(
            f"{participant:<8}{len(placed) - len(kept):>8}{len(result.added):>7}"
            f"{len(result.moved):>7}{before:>8}{result.breaks:>7}  {result.status:<10}"
            f"{seconds:>6.2f}",
            flush=True,
        )
    print(f"slowest re-plan {slowest:.2f} s; peak memory {peak_mib():.0f} MiB")


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="", help="e.g. small,medium,large (the default)")
    parser.add_argument("--forum", type=int, default=0, help="that many events of the class")
    parser.add_argument("--seconds", type=float, default=60.0, help="per forum event")
    parser.add_argument("--replan", type=int, default=0, help="that many drop-outs on the day")
    args = parser.parse_args()
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    if args.replan:
        run_replan(args.replan)
        return
    if args.forum:
        run_forum(args.forum, args.seconds, out)
        if not args.sizes:
            return
    print(
        f"{'size':<8}{'method':<8}{'status':<11}{'priority':>9}{'bound':>8}{'gap %':>7}"
        f"{'breaks':>8}{'b.bound':>8}{'seconds':>9}{'MiB':>6}"
    )
    for name in (args.sizes or "small,medium,large").split(","):
        participants, requests, slots, tables, limit = SIZES[name]
        data = generate(participants, requests, slots, tables)
        (out / f"schedule-{name}.json").write_text(json.dumps(data))
        instance = scheduling.parse(data)
        for method, result in (
            ("greedy", scheduling.greedy(instance)),
            ("cp-sat", scheduling.solve(instance, seconds=limit)),
        ):
            bound = result.bound_priority
            gap = 100 * (bound - result.scheduled_priority) / bound if bound else 0
            print(
                f"{name:<8}{method:<8}{result.status:<11}{result.scheduled_priority:>9}{bound:>8}"
                f"{gap:>7.2f}{result.breaks:>8}{result.bound_breaks:>8}{result.seconds:>9.2f}"
                f"{peak_mib():>6.0f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
