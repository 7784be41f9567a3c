"""Supplier recommendations for a buyer's need: one vectorised pass over every supplier.

The score (0–100) is a documented sum of parts, shown beside each recommendation:

==============  ======  ===========================================================================
part            points  how
==============  ======  ===========================================================================
process             35  share of the needed processes the supplier does: in-house counts 1,
                        subcontracted ½; a supplier doing none of them is not recommended
material            10  the supplier works the needed material (full points if none is named)
tolerance           10  share of the needed processes done at the needed tolerance class or tighter
capacity            10  annual capacity ÷ (monthly volume × 12), capped at 1; unknown counts ½
certification       10  share of the named certifications held and valid; if the buyer requires
                        them, suppliers without all of them are left out
readiness           10  5R readiness level ÷ the top level; unknown counts 0
distance            10  1 − km ÷ 500 from the delivery point, at least 0; unknown counts 0
performance          5  on-time delivery share in past partnerships; none yet counts ½
==============  ======  ===========================================================================

Ties are broken by supplier id, so the ranking is exact and repeatable.
"""

import math
from dataclasses import dataclass, field, replace

import numpy as np

WEIGHTS = {
    "process": 35.0,
    "material": 10.0,
    "tolerance": 10.0,
    "capacity": 10.0,
    "certification": 10.0,
    "readiness": 10.0,
    "distance": 10.0,
    "performance": 5.0,
}
PARTS = tuple(WEIGHTS)
IN_HOUSE = 8  # capability code: tolerance class 1–4, plus 8 when done in-house; 0 = not done
EARTH_KM = 6371.0
DISTANCE_KM = 500.0


@dataclass
class Suppliers:
    """Columnar features of N suppliers (see ``empty`` for the types)."""

    ids: np.ndarray  # int64 (N,)
    capability: np.ndarray  # uint8 (P processes, N): tolerance class + IN_HOUSE, 0 = none
    materials: np.ndarray  # uint32 (N,) bit per material
    certifications: np.ndarray  # uint32 (N,) bit per valid certification scheme
    capacity: np.ndarray  # float64 (N,) annual pieces, NaN = unknown
    readiness: np.ndarray  # int8 (N,) level index, -1 = unknown
    lat: np.ndarray  # float64 (N,) degrees, NaN = unknown
    lon: np.ndarray  # float64 (N,)
    performance: np.ndarray  # float64 (N,) 0–1, NaN = no history
    levels: int = 3  # readiness levels on the ladder

    @property
    def count(self) -> int:
        return len(self.ids)

    @property
    def nbytes(self) -> int:
        return sum(
            getattr(self, f).nbytes
            for f in (
                "ids",
                "capability",
                "materials",
                "certifications",
                "capacity",
                "readiness",
                "lat",
                "lon",
                "performance",
            )
        )

    def take(self, index, processes=None) -> "Suppliers":
        """The suppliers at ``index``; with ``processes``, only those capability rows (in that
        order), which a need's ranking reads: 57 rows copied for 3 used cost most of a query."""
        capability = (
            self.capability[:, index]
            if processes is None
            else self.capability[np.ix_(np.asarray(processes), np.asarray(index))]
        )
        return Suppliers(
            self.ids[index],
            capability,
            self.materials[index],
            self.certifications[index],
            self.capacity[index],
            self.readiness[index],
            self.lat[index],
            self.lon[index],
            self.performance[index],
            self.levels,
        )


def empty(count: int, processes: int, levels: int = 3) -> Suppliers:
    return Suppliers(
        ids=np.zeros(count, np.int64),
        capability=np.zeros((processes, count), np.uint8),
        materials=np.zeros(count, np.uint32),
        certifications=np.zeros(count, np.uint32),
        capacity=np.full(count, np.nan),
        readiness=np.full(count, -1, np.int8),
        lat=np.full(count, np.nan),
        lon=np.full(count, np.nan),
        performance=np.full(count, np.nan),
        levels=levels,
    )


@dataclass(frozen=True)
class Need:
    processes: tuple[int, ...]  # row indexes into Suppliers.capability
    tolerance: int = 1  # class 1 (coarse) … 4 (precision)
    material: int | None = None  # bit index
    annual_volume: float | None = None
    certifications: int = 0  # bitmask
    certification_required: bool = False
    lat: float | None = None
    lon: float | None = None


@dataclass
class Ranking:
    index: np.ndarray  # positions in Suppliers, best first
    ids: np.ndarray
    scores: np.ndarray
    parts: dict[str, np.ndarray] = field(default_factory=dict)  # one array per part, same order
    candidates: int = 0  # suppliers that passed the hard filters
    scored: int = 0  # of them, those scored in full (the others' bound was below the k-th)


def _parts(s: Suppliers, need: Need) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """Every part for every supplier of ``s``, and the mask of those that may be recommended."""
    count = s.count
    coverage = np.zeros(count)
    tolerance = np.zeros(count)
    for row in need.processes:
        code = s.capability[row]
        does = code > 0
        coverage += np.where(code >= IN_HOUSE, 1.0, np.where(does, 0.5, 0.0))
        tolerance += np.where(does & ((code & 7) >= need.tolerance), 1.0, 0.0)
    k = len(need.processes)
    coverage /= k
    tolerance /= k
    eligible = coverage > 0
    if need.material is None:
        material = np.ones(count)
    else:
        material = np.where((s.materials >> np.uint32(need.material)) & np.uint32(1), 1.0, 0.0)
    if need.annual_volume:
        ratio = np.minimum(1.0, s.capacity / need.annual_volume)
        capacity = np.where(np.isnan(ratio), 0.5, ratio)
    else:
        capacity = np.ones(count)
    wanted = need.certifications
    if wanted:
        held = s.certifications & np.uint32(wanted)
        share = np.zeros(count)
        bits = [1 << b for b in range(32) if wanted >> b & 1]
        for bit in bits:
            share += np.where(held & np.uint32(bit), 1.0, 0.0)
        share /= len(bits)
        if need.certification_required:
            eligible &= held == np.uint32(wanted)
        certification = share
    else:
        certification = np.ones(count)
    top = max(1, s.levels - 1)
    readiness = np.where(s.readiness >= 0, s.readiness.astype(np.float64) / top, 0.0)
    if need.lat is not None and need.lon is not None:
        scale = math.cos(math.radians(need.lat))
        dx = (s.lon - need.lon) * scale
        dy = s.lat - need.lat
        km = np.sqrt(dx * dx + dy * dy) * (math.pi / 180.0 * EARTH_KM)
        distance = np.where(np.isnan(km), 0.0, np.maximum(0.0, 1.0 - km / DISTANCE_KM))
    else:
        distance = np.zeros(count)
    performance = np.where(np.isnan(s.performance), 0.5, s.performance)
    shares = {
        "process": coverage,
        "material": material,
        "tolerance": tolerance,
        "capacity": capacity,
        "certification": certification,
        "readiness": readiness,
        "distance": distance,
        "performance": performance,
    }
    return {name: shares[name] * WEIGHTS[name] for name in PARTS}, eligible


def _total(parts: dict[str, np.ndarray]) -> np.ndarray:
    total = np.zeros_like(parts["process"])
    for name in PARTS:
        total += parts[name]
    return total


def top_k(scores: np.ndarray, ids: np.ndarray, k: int) -> np.ndarray:
    """Positions of the k best, by score (high first) then id (low first)."""
    if len(scores) > k:
        threshold = scores[np.argpartition(-scores, k - 1)[:k]].min()
        chosen = np.flatnonzero(scores >= threshold)
    else:
        chosen = np.arange(len(scores))
    order = np.lexsort((ids[chosen], -scores[chosen]))
    return chosen[order][:k]


# Points a supplier can get beyond process, tolerance and readiness (performance counted full).
OTHER_POINTS = sum(
    WEIGHTS[p] for p in ("material", "capacity", "certification", "distance", "performance")
)
FIRST_ROUND = 8  # × k suppliers scored in full first, to learn the score to beat
_CODES = np.arange(256)
COVERAGE = np.where(_CODES >= IN_HOUSE, 1.0, np.where(_CODES > 0, 0.5, 0.0)).astype(np.float32)


def _bounds(rows: np.ndarray, readiness: np.ndarray, need: Need, levels: int) -> np.ndarray:
    """An upper bound of each candidate's score from what is cheap to read, in float32 with
    table lookups: its process, tolerance and readiness parts, and full points for the rest."""
    tolerance = ((_CODES > 0) & (need.tolerance <= (_CODES & 7))).astype(np.float32)
    top = max(1, levels - 1)
    ready = np.where(_CODES < 128, np.minimum(_CODES, top) / top, 0.0).astype(np.float32)  # -1: 0
    covered = np.zeros(rows.shape[1], np.float32)
    tolerated = np.zeros(rows.shape[1], np.float32)
    for code in rows:
        covered += COVERAGE[code]
        tolerated += tolerance[code]
    bound = covered * np.float32(WEIGHTS["process"] / len(rows))
    bound += tolerated * np.float32(WEIGHTS["tolerance"] / len(rows))
    bound += ready[readiness.view(np.uint8)] * np.float32(WEIGHTS["readiness"])
    return bound + np.float32(OTHER_POINTS + 0.001)  # float32's rounding never cuts a tie


def recommend(suppliers: Suppliers, need: Need, k: int = 20) -> Ranking:
    """The k suppliers that fit ``need`` best, with the parts of their scores.

    Exact, and cheap at a million suppliers: only the suppliers doing a needed process (and
    holding the required certifications) are read, only the needed capability rows are
    copied, and only those whose upper bound (``_bounds``) reaches the k-th best score of a
    first round are scored in full. The others cannot enter the top k; ties at the k-th score
    are kept and broken by id as always."""
    if not need.processes:
        raise ValueError("a need names at least one process")
    rows = suppliers.capability[list(need.processes)]
    candidates = np.flatnonzero(rows[0] > 0 if len(rows) == 1 else rows.any(axis=0))
    if need.certification_required and need.certifications:
        wanted = np.uint32(need.certifications)
        candidates = candidates[suppliers.certifications[candidates] & wanted == wanted]
    fit = len(candidates)  # the hard filters: a needed process, and the required certifications
    local = replace(need, processes=tuple(range(len(need.processes))))
    if fit > FIRST_ROUND * k:
        bound = _bounds(
            rows[:, candidates], suppliers.readiness[candidates], need, suppliers.levels
        )
        first = candidates[np.argpartition(-bound, FIRST_ROUND * k)[: FIRST_ROUND * k]]
        parts, eligible = _parts(suppliers.take(first, need.processes), local)
        scores = _total(parts)[eligible]
        if len(scores) >= k:
            beat = np.partition(scores, len(scores) - k)[len(scores) - k]  # the k-th best
            candidates = candidates[bound >= beat]
    subset = suppliers.take(candidates, need.processes)
    parts, eligible = _parts(subset, local)
    keep = np.flatnonzero(eligible)
    scores = _total(parts)[keep]
    best = keep[top_k(scores, subset.ids[keep], k)]
    return Ranking(
        index=candidates[best],
        ids=subset.ids[best],
        scores=_total(parts)[best],
        parts={name: values[best] for name, values in parts.items()},
        candidates=fit,
        scored=len(candidates),
    )


def score_needs(suppliers: Suppliers, position: int, needs: list[Need]) -> list[tuple[float, dict]]:
    """How well one supplier fits each need: (score, parts) per need, None where it may not be
    recommended (does none of the processes, or lacks a required certification)."""
    one = suppliers.take(np.array([position]))
    results = []
    for need in needs:
        parts, eligible = _parts(one, need)
        if not eligible[0]:
            results.append(None)
            continue
        results.append((float(_total(parts)[0]), {n: float(v[0]) for n, v in parts.items()}))
    return results


def brute_force(suppliers: Suppliers, need: Need, k: int = 20) -> list[tuple[int, float]]:
    """The same ranking one supplier at a time in plain Python: the reference for tests and the
    benchmark. Returns (id, score) best first."""
    top = max(1, suppliers.levels - 1)
    scale = math.cos(math.radians(need.lat)) if need.lat is not None else 0.0
    wanted_bits = [1 << b for b in range(32) if need.certifications >> b & 1]
    rows = []
    for i in range(suppliers.count):
        coverage = tolerance = 0.0
        for row in need.processes:
            code = int(suppliers.capability[row, i])
            coverage += 1.0 if code >= IN_HOUSE else (0.5 if code > 0 else 0.0)
            tolerance += 1.0 if code > 0 and (code & 7) >= need.tolerance else 0.0
        coverage /= len(need.processes)
        tolerance /= len(need.processes)
        if coverage <= 0:
            continue
        material = (
            1.0
            if need.material is None
            else float(int(suppliers.materials[i]) >> need.material & 1)
        )
        if need.annual_volume:
            cap = float(suppliers.capacity[i])
            capacity = 0.5 if math.isnan(cap) else min(1.0, cap / need.annual_volume)
        else:
            capacity = 1.0
        held = int(suppliers.certifications[i]) & need.certifications
        if wanted_bits:
            certification = sum(1.0 for bit in wanted_bits if held & bit) / len(wanted_bits)
            if need.certification_required and held != need.certifications:
                continue
        else:
            certification = 1.0
        level = int(suppliers.readiness[i])
        readiness = level / top if level >= 0 else 0.0
        if need.lat is not None and need.lon is not None:
            dx = (float(suppliers.lon[i]) - need.lon) * scale
            dy = float(suppliers.lat[i]) - need.lat
            km = math.sqrt(dx * dx + dy * dy) * (math.pi / 180.0 * EARTH_KM)
            distance = 0.0 if math.isnan(km) else max(0.0, 1.0 - km / DISTANCE_KM)
        else:
            distance = 0.0
        perf = float(suppliers.performance[i])
        performance = 0.5 if math.isnan(perf) else perf
        shares = {
            "process": coverage,
            "material": material,
            "tolerance": tolerance,
            "capacity": capacity,
            "certification": certification,
            "readiness": readiness,
            "distance": distance,
            "performance": performance,
        }
        total = 0.0
        for name in PARTS:
            total += shares[name] * WEIGHTS[name]
        rows.append((int(suppliers.ids[i]), total))
    rows.sort(key=lambda row: (-row[1], row[0]))
    return rows[:k]
