"""Supplier matching at national scale: ``python bench/matching.py [--suppliers 1000000]``.

Generates synthetic suppliers (2–6 capabilities each over 57 processes, materials,
certifications, capacity, 5R level, coordinates across Java, past performance for a third) and
30 needs of 1–3 processes. Prints the p50/p95 time of a top-20 recommendation for one need, the
memory of the supplier arrays and the peak extra memory of one query, and checks that the
result equals the plain-Python brute-force ranking for ``--check`` needs. Targets (issue 17):
p50 ≤ 10 ms, p95 ≤ 20 ms.
"""

import argparse
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))

from rantai.engines import matching

PROCESSES = 57


def suppliers(count: int, seed: int = 11) -> matching.Suppliers:
    rng = np.random.default_rng(seed)
    s = matching.empty(count, PROCESSES)
    s.ids[:] = np.arange(1, count + 1)
    for slot in range(6):
        has = rng.random(count) < (1.0 if slot < 2 else 0.45)
        rows = rng.integers(0, PROCESSES, count)
        codes = rng.integers(1, 5, count) + np.where(rng.random(count) < 0.7, matching.IN_HOUSE, 0)
        s.capability[rows[has], np.flatnonzero(has)] = codes[has].astype(np.uint8)
    s.materials[:] = rng.integers(1, 1 << 11, count).astype(np.uint32)
    s.certifications[:] = np.where(rng.random(count) < 0.25, 1, 0) | np.where(
        rng.random(count) < 0.05, 2, 0
    )
    s.capacity[:] = np.where(rng.random(count) < 0.9, rng.integers(5, 500, count) * 1000.0, np.nan)
    s.readiness[:] = rng.integers(-1, 3, count).astype(np.int8)
    s.lat[:] = rng.uniform(-8.2, -6.0, count)
    s.lon[:] = rng.uniform(105.5, 114.5, count)
    s.performance[:] = np.where(rng.random(count) < 0.33, rng.uniform(0.6, 1.0, count), np.nan)
    return s


def needs(count: int, seed: int = 12) -> list[matching.Need]:
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(count):
        k = int(rng.integers(1, 4))
        out.append(
            matching.Need(
                processes=tuple(int(p) for p in rng.choice(PROCESSES, k, replace=False)),
                tolerance=int(rng.integers(1, 5)),
                material=int(rng.integers(0, 11)),
                annual_volume=float(rng.integers(1, 50)) * 12000,
                certifications=int(rng.choice([0, 1, 3])),
                certification_required=bool(rng.random() < 0.3),
                lat=float(rng.uniform(-7.5, -6.5)),
                lon=float(rng.uniform(109.0, 111.0)),
            )
        )
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--suppliers", type=int, default=1_000_000)
    parser.add_argument("--check", type=int, default=2, help="needs compared with brute force")
    args = parser.parse_args()
    started = time.perf_counter()
    data = suppliers(args.suppliers)
    print(
        f"{args.suppliers:,} suppliers generated in {time.perf_counter() - started:.1f} s; "
        f"arrays {data.nbytes / 2**20:,.0f} MiB"
    )
    queries = needs(30)
    for need in queries[:3]:
        matching.recommend(data, need)  # warm up
    timings = []
    for need in queries:
        began = time.perf_counter()
        matching.recommend(data, need)
        timings.append((time.perf_counter() - began) * 1000)
    timings.sort()
    p95 = timings[min(len(timings) - 1, round(0.95 * (len(timings) - 1)))]
    print(
        f"top-20 for one need: p50 {statistics.median(timings):.1f} ms, p95 {p95:.1f} ms "
        f"(max {timings[-1]:.1f} ms) over {len(timings)} needs"
    )
    tracemalloc.start()
    ranking = matching.recommend(data, queries[0])
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    print(
        f"peak extra memory of one query: {peak / 2**20:,.0f} MiB "
        f"({ranking.candidates:,} candidates, {ranking.scored:,} scored in full)"
    )
    for n, need in enumerate(queries[: args.check]):
        began = time.perf_counter()
        reference = matching.brute_force(data, need)
        fast = matching.recommend(data, need)
        same = reference == list(zip(fast.ids.tolist(), fast.scores.tolist(), strict=True))
        print(
            f"need {n}: equals the brute-force ranking: {same} "
            f"(brute force {time.perf_counter() - began:.1f} s)"
        )
        if not same:
            sys.exit(1)


if __name__ == "__main__":
    main()
