"""Meeting scheduler on generated events: ``python bench/scheduling.py [--sizes small,large]``.

Three sizes (participants / requests / slots / tables): small 50 / 150 / 20 / 10, medium
200 / 400 / 16 / 40, large 1,800 / 4,000 / 24 / 150. A fifth of the participants are buyers;
each request joins a buyer and a supplier, "must meet" (priority 3) or "would like" (1); one
participant in ten is away for an afternoon block. Prints the greedy draft and CP-SAT
(time limits: 10 s, 10 s, 60 s): scheduled priority, breaks, gap to the priority bound, seconds.
Targets: proven optimal on the first two within 10 s; the largest within 2 % of the bound in 60 s.
Instances are written to bench/results/ so they can be fed to ``manage.py schedule``.
"""

import argparse
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from rantai.engines import scheduling  # noqa: E402

# Tables: at a temu bisnis each buyer holds a table (a fifth of the participants are buyers), so
# the small and medium events have as many tables as buyers; the large one is given 150 tables.
SIZES = {
    "small": (50, 150, 20, 10, 10.0),
    "medium": (200, 400, 16, 40, 10.0),
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


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="small,medium,large")
    args = parser.parse_args()
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    print(
        f"{'size':<8}{'method':<8}{'status':<11}{'priority':>9}{'bound':>8}{'gap %':>7}"
        f"{'breaks':>8}{'seconds':>9}"
    )
    for name in args.sizes.split(","):
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
                f"{gap:>7.2f}{result.breaks:>8}{result.seconds:>9.2f}",
                flush=True,
            )


if __name__ == "__main__":
    main()
