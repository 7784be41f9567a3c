import math

import numpy as np
import pytest

from rantai.engines import matching as m


def suppliers(rows):
    """rows: dicts with optional keys caps {process: code}, materials, certs, capacity, level,
    lat, lon, performance."""
    s = m.empty(len(rows), processes=4)
    for i, row in enumerate(rows):
        s.ids[i] = row.get("id", i + 1)
        for process, code in row.get("caps", {}).items():
            s.capability[process, i] = code
        s.materials[i] = row.get("materials", 0)
        s.certifications[i] = row.get("certs", 0)
        s.capacity[i] = row.get("capacity", math.nan)
        s.readiness[i] = row.get("level", -1)
        s.lat[i] = row.get("lat", math.nan)
        s.lon[i] = row.get("lon", math.nan)
        s.performance[i] = row.get("performance", math.nan)
    return s


IN = m.IN_HOUSE


def test_in_house_counts_more_than_subcontracted_and_nothing_is_left_out():
    s = suppliers([{"caps": {0: IN + 2}}, {"caps": {0: 2}}, {"caps": {1: IN + 4}}])
    ranking = m.recommend(s, m.Need(processes=(0,), tolerance=2))
    assert ranking.ids.tolist() == [1, 2]  # the third does not do process 0
    assert ranking.parts["process"].tolist() == [35.0, 17.5]


def test_the_parts_add_up_to_the_score_and_are_each_documented():
    s = suppliers(
        [
            {
                "caps": {0: IN + 3, 1: 2},
                "materials": 0b10,
                "certs": 0b01,
                "capacity": 60000,
                "level": 1,
                "lat": -6.87,
                "lon": 109.17,
                "performance": 0.9,
            }
        ]
    )
    need = m.Need(
        processes=(0, 1),
        tolerance=3,
        material=1,
        annual_volume=120000,
        certifications=0b11,
        lat=-6.87,
        lon=109.17,
    )
    ranking = m.recommend(s, need)
    parts = {k: v[0] for k, v in ranking.parts.items()}
    assert parts == pytest.approx(
        {
            "process": 35 * 0.75,
            "material": 10,
            "tolerance": 10 * 0.5,
            "capacity": 10 * 0.5,
            "certification": 10 * 0.5,
            "readiness": 10 * 0.5,
            "distance": 10,
            "performance": 5 * 0.9,
        }
    )
    assert ranking.scores[0] == pytest.approx(sum(parts.values()))


def test_required_certifications_filter_and_optional_ones_only_score():
    s = suppliers([{"caps": {0: IN + 1}, "certs": 0b01}, {"caps": {0: IN + 1}, "certs": 0b11}])
    required = m.recommend(
        s, m.Need(processes=(0,), certifications=0b11, certification_required=True)
    )
    assert required.ids.tolist() == [2] and required.candidates == 1
    optional = m.recommend(s, m.Need(processes=(0,), certifications=0b11))
    assert optional.ids.tolist() == [2, 1]


def test_unknowns_are_neutral_or_zero_as_documented():
    s = suppliers([{"caps": {0: IN + 1}}])
    ranking = m.recommend(s, m.Need(processes=(0,), annual_volume=1000, lat=-7.0, lon=110.0))
    parts = {k: v[0] for k, v in ranking.parts.items()}
    assert parts["capacity"] == 5 and parts["performance"] == 2.5
    assert parts["readiness"] == 0 and parts["distance"] == 0


def test_distance_fades_to_nothing_at_500_km():
    near = {"caps": {0: IN + 1}, "lat": -6.87, "lon": 109.17}
    far = {"caps": {0: IN + 1}, "lat": -6.87, "lon": 109.17 + 5.0}  # about 552 km east
    ranking = m.recommend(suppliers([near, far]), m.Need(processes=(0,), lat=-6.87, lon=109.17))
    assert ranking.parts["distance"].tolist() == [10.0, 0.0]


def test_ties_are_broken_by_id():
    s = suppliers(
        [
            {"id": 9, "caps": {0: IN + 1}},
            {"id": 3, "caps": {0: IN + 1}},
            {"id": 5, "caps": {0: IN + 1}},
        ]
    )
    assert m.recommend(s, m.Need(processes=(0,)), k=2).ids.tolist() == [3, 5]


def test_a_need_without_processes_is_refused():
    with pytest.raises(ValueError, match="process"):
        m.recommend(suppliers([{}]), m.Need(processes=()))


@pytest.mark.parametrize("seed", range(5))
def test_the_vectorised_ranking_equals_brute_force(seed):
    rng = np.random.default_rng(seed)
    count = 400
    s = m.empty(count, processes=6)
    s.ids[:] = rng.permutation(count) + 1
    s.capability[:] = np.where(
        rng.random((6, count)) < 0.3,
        rng.integers(1, 5, (6, count)) + rng.choice([0, IN], (6, count)),
        0,
    )
    s.materials[:] = rng.integers(0, 16, count)
    s.certifications[:] = rng.integers(0, 4, count)
    s.capacity[:] = np.where(rng.random(count) < 0.8, rng.integers(1, 50, count) * 1000.0, np.nan)
    s.readiness[:] = rng.integers(-1, 3, count)
    s.lat[:] = rng.uniform(-8, -6, count)
    s.lon[:] = rng.uniform(106, 112, count)
    s.performance[:] = np.where(rng.random(count) < 0.5, rng.random(count), np.nan)
    for _ in range(5):
        need = m.Need(
            processes=tuple(rng.choice(6, rng.integers(1, 4), replace=False).tolist()),
            tolerance=int(rng.integers(1, 5)),
            material=int(rng.integers(0, 4)),
            annual_volume=float(rng.integers(1, 30)) * 1000,
            certifications=int(rng.integers(0, 4)),
            certification_required=bool(rng.random() < 0.5),
            lat=float(rng.uniform(-8, -6)),
            lon=float(rng.uniform(106, 112)),
        )
        fast = m.recommend(s, need, k=15)
        assert list(zip(fast.ids.tolist(), fast.scores.tolist(), strict=True)) == m.brute_force(
            s, need, 15
        )


def test_a_supplier_sees_the_needs_that_fit_it():
    s = suppliers([{"caps": {0: IN + 4, 2: 1}}])
    results = m.score_needs(
        s,
        0,
        [
            m.Need(processes=(0,), tolerance=4),
            m.Need(processes=(1,)),
            m.Need(processes=(0, 2), tolerance=2),
        ],
    )
    assert results[1] is None
    assert results[0][0] > results[2][0]
    assert results[2][1]["process"] == pytest.approx(35 * 0.75)


@pytest.mark.parametrize("seed", range(3))
def test_pruning_by_upper_bound_keeps_the_ranking_exact_even_with_ties(seed):
    """At scale only suppliers whose bound reaches the k-th score of a first round are scored in
    full. With few distinct values (so that many suppliers tie at the k-th score) the ranking
    still equals brute force, ties broken by id."""
    rng = np.random.default_rng(100 + seed)
    count = 3000
    s = m.empty(count, processes=4)
    s.ids[:] = rng.permutation(count) + 1
    s.capability[:] = np.where(rng.random((4, count)) < 0.5, rng.choice([2, IN + 3], (4, count)), 0)
    s.materials[:] = rng.integers(0, 4, count)
    s.certifications[:] = rng.integers(0, 2, count)
    s.readiness[:] = rng.integers(-1, 3, count)
    for need in (
        m.Need(processes=(0,), material=0),
        m.Need(processes=(1, 2), tolerance=3, certifications=1),
        m.Need(processes=(0, 3), certifications=1, certification_required=True),
    ):
        fast = m.recommend(s, need, k=20)
        assert list(zip(fast.ids.tolist(), fast.scores.tolist(), strict=True)) == m.brute_force(
            s, need, 20
        )
        assert fast.scored < fast.candidates  # the bound did leave suppliers out
