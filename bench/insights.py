"""The program-insights dashboard at national scale on PostgreSQL:
``python bench/insights.py [--firms 1000000] [--runs 20] [--reuse]``.

Builds (or, with ``--reuse``, keeps) a PostgreSQL database of its own, by default
``rantai_bench_insights`` on ``--server`` (dropped and created again each run without
``--reuse``), migrates it (also with ``--reuse``, so the app's indexes are there) and loads with
COPY, seeded: ``--firms`` firms (92 % IKM, the rest large industry) over the real villages of
Indonesia, two thirds of them in Java (Kabupaten Tegal, a metal cluster, weighted up), with one
or two KBLI codes and coordinates; 5R programs over regencies and the years 2021–2026 with their
participants, and baseline and final audits on the default checklist (``--audits`` in all, most
finals above their baseline, a few buyers' SOP audits); temu bisnis events with a session, 24
slots, approved registrations, meeting requests and ``--meetings`` meetings (held, scheduled in
the past, no-shows, cancelled, and scheduled at events still to come); ``--partnerships``
agreements between IKM suppliers (half of them firms that met buyers) and a pool of buyers,
signed, active or ended and signed 2021–2026, with every buyer's scorecard and up to a year of
monthly scores; industrial estates with leases; and the people to measure as.

Then, with the database warm and Django's DEBUG off: the dashboard as its users see it, ``GET
/insights/?…`` through Django's test client as an administrator, a national officer, the
officer of Jawa Tengah and the officer of Kabupaten Tegal (33.28), with a mix of filters; each
case ``--runs`` times after two warm-ups, p50 and p95 per case and overall, the SQL queries per
request, and ``funnel.steps()`` alone for the same filters. Target: p95 ≤ 300 ms. Then the
national PDF report, if ``rantai.insights.reports`` offers one.
"""

import argparse
import itertools
import json
import os
import statistics
import time
from datetime import date

import numpy as np
from _setup import percentile, postgres_database

SERVER = "postgres://root@127.0.0.1:5432"
DATABASE = "rantai_bench_insights"
TODAY = date(2026, 11, 29)  # the data's "today": past meetings, finals done, scores up to here
NOW = "2026-11-29 09:00:00+07"
DAY0 = np.datetime64("1970-01-01", "D")
NULL = r"\N"
TEGAL = "33.28"
JATENG = "33"
# Share of all firms per province: Java holds two thirds of the metal IKM; the rest is spread
# over the other provinces by their number of regencies.
JAVA = {"31": 0.05, "32": 0.19, "33": 0.18, "34": 0.03, "35": 0.17, "36": 0.05}
# Rough centre (latitude, longitude) of each province, for coordinates.
CENTRES = {
    "11": (4.4, 96.8), "12": (2.2, 99.1), "13": (-0.7, 100.6), "14": (0.3, 101.7),
    "15": (-1.6, 103.3), "16": (-3.3, 104.2), "17": (-3.6, 102.3), "18": (-4.9, 105.1),
    "19": (-2.5, 106.4), "21": (1.0, 104.2), "31": (-6.2, 106.8), "32": (-6.9, 107.6),
    "33": (-7.2, 110.1), "34": (-7.9, 110.4), "35": (-7.6, 112.4), "36": (-6.4, 106.1),
    "51": (-8.4, 115.2), "52": (-8.6, 117.4), "53": (-9.5, 121.1), "61": (-0.1, 110.5),
    "62": (-1.7, 113.4), "63": (-2.9, 115.4), "64": (0.5, 116.4), "65": (3.0, 116.2),
    "71": (1.0, 124.6), "72": (-1.4, 121.4), "73": (-3.7, 120.0), "74": (-4.1, 122.2),
    "75": (0.7, 122.4), "76": (-2.5, 119.3), "81": (-3.2, 129.5), "82": (0.6, 127.8),
    "91": (-2.5, 138.0), "92": (-1.3, 133.2), "93": (-7.0, 139.5), "94": (-3.9, 136.4),
    "95": (-4.1, 138.9), "96": (-1.0, 131.5),
}  # fmt: skip
PARTNERSHIP_KINDS = ["tier1_supply", "tier2_supply", "subcontract", "general_supply"]


# ---- the database ------------------------------------------------------------------------


# ---- COPY ---------------------------------------------------------------------------------


def days(values) -> np.ndarray:
    """Day numbers (since 1970) → 'YYYY-MM-DD' strings."""
    return (DAY0 + np.asarray(values, dtype=np.int64)).astype(str)


def day(d: date) -> int:
    return (np.datetime64(d, "D") - DAY0).astype(np.int64)


def nullable(values, present) -> np.ndarray:
    """Values as text, NULL where ``present`` is false."""
    return np.where(present, np.asarray(values).astype(str), NULL)


def _fill(field) -> str:
    """The text COPY writes for a NOT NULL column left out, as Django would fill it."""
    from django.db import models

    if getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
        return NOW
    if field.has_default():
        default = field.get_default()
        if isinstance(field, models.JSONField):
            return json.dumps(default)
        if isinstance(default, bool):
            return "t" if default else "f"
        return str(default)
    if isinstance(field, models.CharField | models.TextField):
        return ""
    raise ValueError(f"{field.model.__name__}.{field.name} needs a value")


def copy_model(cursor, model, columns: dict) -> int:
    """COPY rows into ``model``'s table. ``columns`` maps a column to its values (a sequence,
    one a row, already text or NumPy) or to one text for every row. NOT NULL columns left out
    get what Django would give them (blank text, the field's default, now for timestamps);
    nullable ones stay NULL, the primary key comes from the table unless given."""
    given = dict(columns)
    for field in model._meta.concrete_fields:
        if field.column in given or field.generated or field.null or field.primary_key:
            continue
        given[field.column] = _fill(field)
    lengths = {len(v) for v in given.values() if not isinstance(v, str)}
    assert len(lengths) == 1, f"{model.__name__}: columns of different lengths {lengths}"
    (n,) = lengths
    values = [
        itertools.repeat(v, n) if isinstance(v, str) else np.asarray(v).astype(str).tolist()
        for v in given.values()
    ]
    table = model._meta.db_table
    with cursor.copy(f"COPY {table} ({', '.join(f'"{c}"' for c in given)}) FROM STDIN") as copy:
        rows = zip(*values, strict=True)
        while chunk := list(itertools.islice(rows, 100_000)):
            copy.write("".join("\t".join(row) + "\n" for row in chunk))
    return n


# ---- the world ------------------------------------------------------------------------------


class World:
    """What one part of the load needs from the parts before it (NumPy arrays, 0-based
    positions; ``*_id`` arrays hold database ids)."""


def next_id(cursor, model) -> int:
    table = model._meta.db_table
    return cursor.execute(f"SELECT coalesce(max(id), 0) + 1 FROM {table}").fetchone()[0]


def load_firms(cursor, rng, args, w: World) -> None:
    from rantai.demo.firms import NAME_WORDS
    from rantai.firms.models import Firm
    from rantai.reference.models import Kbli, Region

    villages = np.array(
        Region.objects.filter(level=4).order_by("code").values_list("code", flat=True)
    )
    v_regency = np.array([c[:5] for c in villages])
    v_district = np.array([c.rsplit(".", 1)[0] for c in villages])
    regencies, first, count = np.unique(v_regency, return_index=True, return_counts=True)
    provinces = np.array([r[:2] for r in regencies])
    # Each regency's share: its province's share, split by a skewed draw (Tegal weighted up).
    weight = rng.lognormal(0.0, 0.7, len(regencies))
    weight[regencies == TEGAL] *= 4
    outside = [p for p in np.unique(provinces) if p not in JAVA]
    regencies_outside = sum((provinces == p).sum() for p in outside)
    for p in np.unique(provinces):
        mine = provinces == p
        share = JAVA.get(p, (1 - sum(JAVA.values())) * mine.sum() / regencies_outside)
        weight[mine] *= share / weight[mine].sum()
    n = args.firms
    regency = rng.choice(len(regencies), n, p=weight / weight.sum())
    village = first[regency] + (rng.random(n) * count[regency]).astype(np.int64)
    ikm = rng.random(n) < 0.92
    deleted = rng.random(n) < 0.004
    centre = np.array([CENTRES[p] for p in provinces]) + rng.uniform(-0.6, 0.6, (len(regencies), 2))
    lat = np.clip(centre[regency, 0] + rng.normal(0, 0.08, n), -11.4, 6.4).round(5)
    lon = np.clip(centre[regency, 1] + rng.normal(0, 0.08, n), 94.6, 141.4).round(5)
    prefix = np.where(ikm, rng.choice(["CV", "UD", "PT"], n), "PT")
    words = rng.integers(0, len(NAME_WORDS), (n, 2)).tolist()
    f0 = next_id(cursor, Firm)
    names = [
        f"BENCH {p} {NAME_WORDS[a]} {NAME_WORDS[b]} {i + 1:07d}"
        for i, (p, (a, b)) in enumerate(zip(prefix.tolist(), words, strict=True))
    ]
    workforce = np.where(ikm, rng.integers(1, 120, n), rng.integers(150, 5000, n))
    investment = np.where(ikm, rng.integers(50, 14000, n), rng.integers(15_001, 900_000, n))
    copy_model(
        cursor,
        Firm,
        {
            "id": np.arange(f0, f0 + n),
            "kind": np.where(ikm, Firm.Kind.IKM.value, Firm.Kind.LARGE.value),
            "name": names,
            "province_id": provinces[regency],
            "regency_id": regencies[regency],
            "district_id": v_district[village],
            "village_id": villages[village],
            "latitude": lat,
            "longitude": lon,
            "workforce": workforce,
            "investment": investment.astype(np.int64) * 1_000_000,
            "year_founded": rng.integers(1970, 2025, n),
            "deleted_at": np.where(deleted, NOW, NULL),
        },
    )
    # The organisers: the ministry and a dinas in every province.
    agencies = [
        "BENCH Kementerian Perindustrian",
        *(f"BENCH Dinas Perindustrian {p}" for p in np.unique(provinces)),
    ]
    a0 = f0 + n
    province_list = ["31", *np.unique(provinces).tolist()]
    capital = {p: regencies[provinces == p][0] for p in province_list}
    copy_model(
        cursor,
        Firm,
        {
            "id": np.arange(a0, a0 + len(agencies)),
            "kind": Firm.Kind.AGENCY.value,
            "name": agencies,
            "province_id": province_list,
            "regency_id": [capital[p] for p in province_list],
        },
    )
    # KBLI: one or two codes a firm, a few codes far more common than the rest.
    codes = np.array(sorted(Kbli.objects.values_list("code", flat=True)))
    rng.shuffle(codes)
    popularity = 1 / np.arange(1, len(codes) + 1) ** 0.9
    popularity /= popularity.sum()
    main = rng.choice(len(codes), n, p=popularity)
    second = rng.choice(len(codes), n, p=popularity)
    two = (rng.random(n) < 0.3) & (second != main)
    firm_of = np.concatenate([np.arange(n), np.flatnonzero(two)])
    copy_model(
        cursor,
        Firm.kbli.through,
        {"firm_id": f0 + firm_of, "kbli_id": codes[np.concatenate([main, second[two]])]},
    )
    w.f0, w.n = f0, n
    w.regencies, w.provinces, w.regency = regencies, provinces, regency
    w.villages, w.village = villages, village
    w.ikm, w.alive = ikm, ~deleted
    w.kbli_by_popularity = codes
    w.dinas = {p: a0 + i for i, p in enumerate(province_list)}  # "31" first: the ministry
    w.ministry = a0
    # Alive IKM grouped by regency, to draw participants from.
    candidates = np.flatnonzero(ikm & ~deleted)
    order = candidates[np.argsort(regency[candidates], kind="stable")]
    starts = np.searchsorted(regency[order], np.arange(len(regencies) + 1))
    w.by_regency = [order[starts[r] : starts[r + 1]] for r in range(len(regencies))]
    w.regency_weight = np.array([len(g) for g in w.by_regency], dtype=float)
    w.regency_weight /= w.regency_weight.sum()
    w.large = np.flatnonzero(~ikm & ~deleted)
    w.buyers = rng.choice(w.large, min(len(w.large), 3000), replace=False)  # who buys from IKM
    w.ikm_alive = candidates
    print(f"  {n:,} firms and {len(firm_of):,} KBLI links copied", flush=True)


def place_events(rng, w: World, count: int, fixed: int = 6):
    """Regencies for ``count`` programs or events by their IKM; Tegal takes the first
    ``fixed``, one a year 2021–2026."""
    where = rng.choice(len(w.regencies), count, p=w.regency_weight)
    where[:fixed] = np.flatnonzero(w.regencies == TEGAL)[0]
    years = rng.integers(2021, 2027, count)
    years[:fixed] = np.arange(2021, 2021 + fixed)
    return where, years


def load_five_r(cursor, rng, args, w: World) -> None:
    from rantai.five_r.models import Audit, AuditTemplate, Participation, Program
    from rantai.reference.models import Region

    template = AuditTemplate.objects.order_by("pk").first().pk
    sop = AuditTemplate.objects.create(
        code="bench-sop", name="SOP pemasok (bench)", name_en="Supplier SOP (bench)"
    ).pk
    n_prog = args.programs
    where, years = place_events(rng, w, n_prog)
    start = np.array([day(date(int(y), 1, 10)) for y in years]) + rng.integers(0, 280, n_prog)
    start = np.minimum(start, day(date(2026, 10, 1)))
    p0 = next_id(cursor, Program)
    region_name = dict(Region.objects.filter(level=2).values_list("code", "name"))
    copy_model(
        cursor,
        Program,
        {
            "id": np.arange(p0, p0 + n_prog),
            "name": [
                f"BENCH Pendampingan 5R {region_name[w.regencies[r]]} {y} #{i + 1}"
                for i, (r, y) in enumerate(zip(where.tolist(), years.tolist(), strict=True))
            ],
            "organiser_id": [w.dinas[w.regencies[r][:2]] for r in where],
            "region_id": w.regencies[where],
            "starts_on": days(start),
            "ends_on": days(start + 150),
            "template_id": str(template),
        },
    )
    # Participants: about audits / 1.8 in all, drawn from the program's regency.
    size = max(1, round(args.audits / 1.8 / n_prog))
    firms, programs = [], []
    for i, r in enumerate(where):
        group = w.by_regency[r]
        k = min(len(group), int(rng.integers(size // 2, size * 3 // 2 + 1)))
        firms.append(rng.choice(group, k, replace=False))
        programs.append(np.full(k, i))
    firm, program = np.concatenate(firms), np.concatenate(programs)
    m = len(firm)
    copy_model(
        cursor,
        Participation,
        {
            "program_id": p0 + program,
            "firm_id": w.f0 + firm,
            "joined_on": days(start[program]),
        },
    )
    # Audits: a baseline for almost every participant, a final once the program is far enough
    # along; most finals score above the baseline.
    today = day(TODAY)
    base_day = start[program] + rng.integers(7, 31, m)
    final_day = start[program] + rng.integers(100, 151, m)
    has_base = rng.random(m) < 0.97
    has_final = has_base & (final_day < today) & (rng.random(m) < 0.88)
    base_score = np.clip(rng.normal(48, 12, m), 5, 95).round(1)
    final_score = np.clip(base_score + rng.normal(9, 9, m), 0, 100).round(1)
    parts = []
    for phase, present, when, score, submitted_share in (
        ("baseline", has_base, base_day, base_score, 0.96),
        ("final", has_final, final_day, final_score, 0.95),
    ):
        idx = np.flatnonzero(present)
        submitted = rng.random(len(idx)) < submitted_share
        parts.append(
            {
                "firm_id": w.f0 + firm[idx],
                "program_id": p0 + program[idx],
                "template_id": np.full(len(idx), template),
                "phase": np.full(len(idx), phase),
                "date": days(when[idx]),
                "status": np.where(submitted, "submitted", "draft"),
                "submitted_at": np.where(
                    submitted, np.char.add(days(when[idx]), " 15:00:00+07"), NULL
                ),
                "overall_score": nullable(score[idx], submitted),
            }
        )
    # Buyers' SOP audits of their suppliers: not 5R, the funnel leaves them out.
    n_sop = max(1, args.audits // 60)
    sop_firm = rng.choice(w.ikm_alive, n_sop)
    sop_day = today - rng.integers(1, 700, n_sop)
    parts.append(
        {
            "firm_id": w.f0 + sop_firm,
            "program_id": np.full(n_sop, NULL),
            "template_id": np.full(n_sop, sop),
            "phase": np.full(n_sop, "final"),
            "date": days(sop_day),
            "status": np.full(n_sop, "submitted"),
            "submitted_at": np.char.add(days(sop_day), " 15:00:00+07"),
            "overall_score": np.clip(rng.normal(70, 15, n_sop), 0, 100).round(1),
        }
    )
    columns = {k: np.concatenate([np.asarray(p[k]).astype(str) for p in parts]) for k in parts[0]}
    columns["area"] = "Lantai produksi"
    n_audits = copy_model(cursor, Audit, columns)
    w.program_ids, w.program_region, w.program_year = p0 + np.arange(n_prog), where, years
    w.sop_template = sop
    print(
        f"  {n_prog:,} programs, {m:,} participations, {n_audits:,} audits "
        f"({has_base.sum():,} baselines, {has_final.sum():,} finals, {n_sop:,} SOP) copied",
        flush=True,
    )


SLOTS = 24  # a day of 20-minute meetings, 09:00–17:00


def load_matchmaking(cursor, rng, args, w: World) -> None:
    from rantai.matchmaking.models import (
        Event,
        Meeting,
        MeetingRequest,
        Registration,
        Session,
        Slot,
    )
    from rantai.reference.models import Region

    n_ev = args.events
    where, years = place_events(rng, w, n_ev)
    start = np.array([day(date(int(y), 2, 1)) for y in years]) + rng.integers(0, 300, n_ev)
    start[-3:] = day(TODAY) + np.array([5, 12, 20])  # three still to come
    past = start < day(TODAY)
    # Per event: buyers from the buyer pool, suppliers from its regency (and its province).
    per_event = args.meetings / n_ev
    regs_event, regs_firm, regs_role = [], [], []
    for i, r in enumerate(where):
        buyers = rng.choice(w.buyers, 25, replace=False)
        province = w.regencies[r][:2]
        near = w.by_regency[r]
        wider = np.concatenate(
            [w.by_regency[q] for q in np.flatnonzero(w.provinces == province)[:12]]
        )
        k = int(per_event * 0.9)
        suppliers = np.unique(
            np.concatenate(
                [
                    rng.choice(near, min(len(near), int(k * 0.6)), replace=False),
                    rng.choice(wider, min(len(wider), k - int(k * 0.6)), replace=False),
                ]
            )
        )
        regs_event += [np.full(25 + len(suppliers), i)]
        regs_firm += [buyers, suppliers]
        regs_role += [np.zeros(25, bool), np.ones(len(suppliers), bool)]
    reg_event = np.concatenate(regs_event)
    reg_firm = np.concatenate(regs_firm)
    reg_supplier = np.concatenate(regs_role)
    n_reg = len(reg_event)
    approved = rng.random(n_reg) < 0.92
    status = np.where(approved, "approved", rng.choice(["pending", "declined"], n_reg))
    # Requests: pairs of an approved supplier and an approved buyer of the same event.
    r0 = next_id(cursor, Registration)
    req_from, req_to, req_event = [], [], []
    bounds = np.searchsorted(reg_event, np.arange(n_ev + 1))
    for i in range(n_ev):
        mine = np.arange(bounds[i], bounds[i + 1])
        mine = mine[approved[mine]]
        sup, buy = mine[reg_supplier[mine]], mine[~reg_supplier[mine]]
        k = min(len(sup) * len(buy), round(per_event * 1.12))
        pair = rng.choice(len(sup) * len(buy), k, replace=False)
        s, b = sup[pair // len(buy)], buy[pair % len(buy)]
        supplier_asks = rng.random(k) < 0.75
        req_from.append(np.where(supplier_asks, s, b))
        req_to.append(np.where(supplier_asks, b, s))
        req_event.append(np.full(k, i))
    req_from, req_to = np.concatenate(req_from), np.concatenate(req_to)
    req_event = np.concatenate(req_event)
    n_req = len(req_from)
    req_status = rng.choice(["accepted", "declined", "pending"], n_req, p=[0.895, 0.06, 0.045])
    accepted = req_status == "accepted"

    e0 = next_id(cursor, Event)
    meet = np.flatnonzero(accepted)
    meet_event = req_event[meet]
    nth = np.arange(len(meet)) - np.searchsorted(meet_event, meet_event)
    tables = np.maximum(1, np.bincount(meet_event, minlength=n_ev) // SLOTS + 1)
    region_name = dict(Region.objects.filter(level=2).values_list("code", "name"))
    copy_model(
        cursor,
        Event,
        {
            "id": np.arange(e0, e0 + n_ev),
            "name": [
                f"BENCH Temu Bisnis IKM Logam {region_name[w.regencies[r]]} {y} #{i + 1}"
                for i, (r, y) in enumerate(zip(where.tolist(), years.tolist(), strict=True))
            ],
            "organiser_id": [w.dinas[w.regencies[r][:2]] for r in where],
            "venue": "Gedung Serbaguna",
            "region_id": w.regencies[where],
            "starts_on": days(start),
            "ends_on": days(start),
            "tables": tables,
            "slot_minutes": "20",
            "status": np.where(past, "closed", "published"),
        },
    )
    s0 = next_id(cursor, Session)
    copy_model(
        cursor,
        Session,
        {
            "id": np.arange(s0, s0 + n_ev),
            "event_id": np.arange(e0, e0 + n_ev),
            "name": "Sesi 1",
            "date": days(start),
            "starts_at": "09:00",
            "ends_at": "17:00",
        },
    )
    sl0 = next_id(cursor, Slot)
    slot_event = np.repeat(np.arange(n_ev), SLOTS)
    slot_index = np.tile(np.arange(SLOTS), n_ev)
    minutes = 9 * 60 + 20 * slot_index
    clock = np.char.add(
        np.char.add(np.char.zfill((minutes // 60).astype(str), 2), ":"),
        np.char.zfill((minutes % 60).astype(str), 2),
    )
    starts = np.char.add(np.char.add(np.char.add(days(start[slot_event]), " "), clock), ":00+07")
    minutes += 20
    clock = np.char.add(
        np.char.add(np.char.zfill((minutes // 60).astype(str), 2), ":"),
        np.char.zfill((minutes % 60).astype(str), 2),
    )
    ends = np.char.add(np.char.add(np.char.add(days(start[slot_event]), " "), clock), ":00+07")
    copy_model(
        cursor,
        Slot,
        {
            "id": np.arange(sl0, sl0 + len(slot_event)),
            "event_id": e0 + slot_event,
            "session_id": s0 + slot_event,
            "index": slot_index,
            "starts_at": starts,
            "ends_at": ends,
        },
    )
    copy_model(
        cursor,
        Registration,
        {
            "id": np.arange(r0, r0 + n_reg),
            "event_id": e0 + reg_event,
            "firm_id": w.f0 + reg_firm,
            "role": np.where(reg_supplier, "supplier", "buyer"),
            "status": status,
            "representative": "Direktur",
            "token": [f"bench{r0 + i:x}" for i in range(n_reg)],
        },
    )
    q0 = next_id(cursor, MeetingRequest)
    copy_model(
        cursor,
        MeetingRequest,
        {
            "id": np.arange(q0, q0 + n_req),
            "event_id": e0 + req_event,
            "requester_id": r0 + req_from,
            "recipient_id": r0 + req_to,
            "interest": rng.choice([1, 3], n_req, p=[0.7, 0.3]),
            "status": req_status,
            "responded_at": np.where(req_status == "pending", NULL, NOW),
        },
    )
    # Meetings of accepted requests: at past events held, some still "scheduled" (never
    # updated), no-shows and cancellations; at events to come all scheduled.
    n_meet = len(meet)
    outcome = rng.choice(
        ["held", "scheduled", "no_show", "cancelled"], n_meet, p=[0.72, 0.13, 0.09, 0.06]
    )
    outcome = np.where(past[meet_event], outcome, "scheduled")
    no_show = outcome == "no_show"
    absent = np.where(rng.random(n_meet) < 0.5, req_from[meet], req_to[meet])
    copy_model(
        cursor,
        Meeting,
        {
            "event_id": e0 + meet_event,
            "request_id": q0 + meet,
            "slot_id": sl0 + meet_event * SLOTS + nth % SLOTS,
            "table": nth // SLOTS,
            "status": outcome,
            "absent_id": nullable(r0 + absent, no_show),
        },
    )
    took_place = (outcome == "held") | ((outcome == "scheduled") & past[meet_event])
    sides = np.concatenate([req_from[meet[took_place]], req_to[meet[took_place]]])
    w.met_suppliers = np.unique(reg_firm[sides[reg_supplier[sides]]])
    w.event_ids, w.event_region, w.event_year = e0 + np.arange(n_ev), where, years
    print(
        f"  {n_ev:,} events, {n_reg:,} registrations ({approved.sum():,} approved), "
        f"{n_req:,} requests, {n_meet:,} meetings ({took_place.sum():,} took place) copied",
        flush=True,
    )


def months_back(last: np.ndarray, k: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """For rows with a last month (a month number) and a count k: (row, first-of-month day)
    for each of the k months up to the last."""
    row = np.repeat(np.arange(len(k)), k)
    back = np.arange(k.sum()) - np.repeat(np.cumsum(k) - k, k)
    month = last[row] - back
    return row, month.astype("datetime64[M]").astype("datetime64[D]").astype(np.int64)


def load_partnerships(cursor, rng, args, w: World) -> None:
    from rantai.partnerships.models import Partnership, Scorecard, ScoreRecord

    n = args.partnerships
    # Half the suppliers met buyers at a temu bisnis, the rest come from anywhere.
    from_met = rng.random(int(n * 1.1)) < 0.5
    supplier = np.where(
        from_met,
        rng.choice(w.met_suppliers, len(from_met)),
        rng.choice(w.ikm_alive, len(from_met)),
    )
    buyer = rng.choice(w.buyers, len(from_met))
    _, keep = np.unique(supplier * w.n + buyer, return_index=True)  # one agreement a pair
    keep = np.sort(rng.permutation(keep)[:n])
    supplier, buyer = supplier[keep], buyer[keep]
    n = len(keep)
    today = day(TODAY)
    first = day(date(2021, 1, 4))
    signed = first + ((today - first) * rng.random(n) ** 0.8).astype(np.int64)
    starts = signed + rng.integers(0, 31, n)
    # Ended a third of those that could have; of the rest, half the year's agreements are
    # signed but not yet active.
    ended = (starts < today - 200) & (rng.random(n) < 0.34)
    waiting = (starts > today - 365) & (rng.random(n) < 0.5)
    status = np.where(ended, "ended", np.where(waiting, "signed", "active"))
    length = np.where(
        ended,
        (rng.random(n) * (today - starts - 30)).astype(np.int64) + 30,
        rng.integers(365, 1096, n),
    )
    ends = starts + length
    pa0 = next_id(cursor, Partnership)
    copy_model(
        cursor,
        Partnership,
        {
            "id": np.arange(pa0, pa0 + n),
            "number": [f"BENCH/PKS/{i + 1:06d}" for i in range(n)],
            "supplier_id": w.f0 + supplier,
            "buyer_id": w.f0 + buyer,
            "kind": rng.choice(PARTNERSHIP_KINDS, n),
            "scope": "Komponen logam",
            "starts_on": days(starts),
            "ends_on": days(ends),
            "signed_on": days(signed),
            "status": status,
            "share_performance": np.where(rng.random(n) < 0.6, "t", "f"),
        },
    )
    # Every buyer's scorecard; a tenth score their suppliers' SOP audits too.
    buyers = np.unique(buyer)
    c0 = next_id(cursor, Scorecard)
    copy_model(
        cursor,
        Scorecard,
        {
            "id": np.arange(c0, c0 + len(buyers)),
            "buyer_id": w.f0 + buyers,
            "name": "Kartu skor pemasok",
            "sop_template_id": nullable(
                np.full(len(buyers), w.sop_template), rng.random(len(buyers)) < 0.1
            ),
        },
    )
    card = c0 + np.searchsorted(buyers, buyer)
    # Monthly scores while the agreement ran, the last year of it at most; each supplier has
    # its own level.
    month_of = lambda d: (DAY0 + d).astype("datetime64[M]").astype(np.int64)  # noqa: E731
    scored = np.flatnonzero((status != "signed") & (starts < today - 31))
    last = month_of(np.minimum(ends[scored], today)) - 1
    k = np.clip(last - month_of(starts[scored]) + 1, 0, 12)
    row, period = months_back(last, k)
    level = rng.normal(74, 10, n)
    score = np.clip(level[scored[row]] + rng.normal(0, 6, len(row)), 0, 100).round(1)
    copy_model(
        cursor,
        ScoreRecord,
        {
            "scorecard_id": card[scored[row]],
            "supplier_id": w.f0 + supplier[scored[row]],
            "period_start": days(period),
            "score": nullable(score, rng.random(len(row)) < 0.98),
        },
    )
    print(
        f"  {n:,} partnerships ({(status == 'signed').sum():,} signed, "
        f"{(status == 'active').sum():,} active, {(status == 'ended').sum():,} ended), "
        f"{len(buyers):,} scorecards, {len(row):,} monthly scores copied",
        flush=True,
    )


def load_estates(cursor, rng, args, w: World) -> None:
    from rantai.estates.models import Estate, Lease

    n_est = args.estates
    where = rng.choice(len(w.regencies), n_est, p=w.regency_weight)
    where[:2] = np.flatnonzero(w.regencies == TEGAL)[0]
    village = [rng.choice(w.villages[w.village[w.by_regency[r]]]) for r in where]
    es0 = next_id(cursor, Estate)
    copy_model(
        cursor,
        Estate,
        {
            "id": np.arange(es0, es0 + n_est),
            "name": [f"BENCH LIK {i + 1:03d} {w.regencies[r]}" for i, r in enumerate(where)],
            "kind": "lik",
            "manager_id": [w.dinas[w.regencies[r][:2]] for r in where],
            "village_id": village,
        },
    )
    tenants, estates = [], []
    for i, r in enumerate(where):
        group = w.by_regency[r]
        k = min(len(group), 60)
        tenants.append(rng.choice(group, k, replace=False))
        estates.append(np.full(k, i))
    tenant, estate = np.concatenate(tenants), np.concatenate(estates)
    n = len(tenant)
    starts = day(TODAY) - rng.integers(30, 6 * 365, n)
    ends = starts + 3 * 365
    active = (ends > day(TODAY)) & (rng.random(n) < 0.92)
    copy_model(
        cursor,
        Lease,
        {
            "estate_id": es0 + estate,
            "tenant_id": w.f0 + tenant,
            "starts_on": days(starts),
            "ends_on": days(ends),
            "monthly_fee": "350000",
            "status": np.where(active, "active", "ended"),
            "ended_on": nullable(days(np.minimum(ends, day(TODAY))), ~active),
        },
    )
    w.estate_ids, w.estate_region = es0 + np.arange(n_est), where
    print(f"  {n_est} estates, {n:,} leases copied", flush=True)


def make_people(w: World) -> None:
    """An administrator, a national officer and the officers of Jawa Tengah and Tegal."""
    from rantai.accounts.models import Membership, Role, User

    User.objects.create(username="bench.admin", is_superuser=True, is_staff=True)
    for username, region in (
        ("bench.national", None),
        ("bench.jateng", JATENG),
        ("bench.tegal", TEGAL),
    ):
        user = User.objects.create(username=username)
        Membership.objects.create(
            user=user, organisation_id=w.ministry, role=Role.OFFICER, region_id=region
        )


LOADED = [
    "firms_firm",
    "firms_firm_kbli",
    "five_r_program",
    "five_r_participation",
    "five_r_audit",
    "matchmaking_event",
    "matchmaking_session",
    "matchmaking_slot",
    "matchmaking_registration",
    "matchmaking_meetingrequest",
    "matchmaking_meeting",
    "partnerships_partnership",
    "partnerships_scorecard",
    "partnerships_scorerecord",
    "estates_estate",
    "estates_lease",
]


def load(url: str, args) -> None:
    """Generate the data and COPY it in, without secondary indexes (rebuilt after) and without
    the row-by-row foreign-key triggers (the replica role skips them; the ids are right by
    construction, and the unique constraints still check what they should)."""
    import psycopg

    rng = np.random.default_rng(args.seed)
    w = World()
    began = time.perf_counter()
    with psycopg.connect(url) as conn, conn.cursor() as cur:
        cur.execute("SET session_replication_role = replica")
        indexes = cur.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' "
            "AND tablename = ANY(%s) AND indexname NOT IN (SELECT conname FROM pg_constraint)",
            [LOADED],
        ).fetchall()
        for name, _ in indexes:
            cur.execute(f'DROP INDEX "{name}"')
        load_firms(cur, rng, args, w)
        load_five_r(cur, rng, args, w)
        load_matchmaking(cur, rng, args, w)
        load_partnerships(cur, rng, args, w)
        load_estates(cur, rng, args, w)
        copied = time.perf_counter()
        print(f"  copied in {copied - began:.1f} s; {len(indexes)} indexes rebuilt …", flush=True)
        for _, definition in indexes:
            cur.execute(definition)
        cur.execute("SET session_replication_role = DEFAULT")
        for table in LOADED:
            cur.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT coalesce(max(id), 1) FROM {table}))"
            )
        conn.commit()
    indexed = time.perf_counter()
    print(f"  indexes rebuilt ({indexed - copied:.1f} s); VACUUM ANALYZE …", flush=True)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
    print(f"  vacuumed and analyzed ({time.perf_counter() - indexed:.1f} s)", flush=True)
    from rantai.five_r.models import Participation

    began = time.perf_counter()
    Participation.refresh_scores()  # what five_r.signals keeps as audits change; COPY skips it
    print(f"  participations' scores stored ({time.perf_counter() - began:.1f} s)", flush=True)
    from rantai.insights import facts

    began = time.perf_counter()
    firms = facts.rebuild()  # what insights.signals keeps as records change; COPY skips it
    print(f"  funnel facts of {firms:,} firms built ({time.perf_counter() - began:.1f} s)")
    with psycopg.connect(url, autocommit=True) as conn:  # the planner's view of both
        conn.execute("VACUUM ANALYZE five_r_participation")
        conn.execute("VACUUM ANALYZE insights_funnelfacts")
    make_people(w)


def counts() -> str:
    from django.db import connection

    figures = []
    with connection.cursor() as cursor:
        for label, sql in (
            ("IKM", "SELECT count(*) FROM firms_firm WHERE kind = 'ikm'"),
            ("large", "SELECT count(*) FROM firms_firm WHERE kind = 'large'"),
            ("KBLI links", "SELECT count(*) FROM firms_firm_kbli"),
            ("programs", "SELECT count(*) FROM five_r_program"),
            ("participations", "SELECT count(*) FROM five_r_participation"),
            ("audits", "SELECT count(*) FROM five_r_audit"),
            ("events", "SELECT count(*) FROM matchmaking_event"),
            ("registrations", "SELECT count(*) FROM matchmaking_registration"),
            ("meeting requests", "SELECT count(*) FROM matchmaking_meetingrequest"),
            ("meetings", "SELECT count(*) FROM matchmaking_meeting"),
            ("partnerships", "SELECT count(*) FROM partnerships_partnership"),
            ("score records", "SELECT count(*) FROM partnerships_scorerecord"),
            ("estates", "SELECT count(*) FROM estates_estate"),
            ("leases", "SELECT count(*) FROM estates_lease"),
        ):
            cursor.execute(sql)
            figures.append(f"{cursor.fetchone()[0]:,} {label}")
    return ", ".join(figures)


def warm() -> None:
    """Read every table and index into PostgreSQL's and the OS's cache."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_prewarm")
        cursor.execute(
            "SELECT sum(pg_prewarm(c.oid::regclass, 'read')) FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'i')"
        )


# ---- measurements ------------------------------------------------------------------------


def cases() -> list[tuple[str, str, str | None, dict]]:
    """(label, username, the region the view will use, GET parameters)."""
    from django.db.models import Count

    from rantai.estates.models import Estate
    from rantai.firms.models import Firm
    from rantai.five_r.models import Program
    from rantai.matchmaking.models import Event

    def largest(queryset, related):
        return (
            queryset.annotate(n=Count(related)).order_by("-n", "pk").values_list("pk", flat=True)[0]
        )

    year = 2025
    programs = Program.objects.filter(starts_on__year=year)
    events = Event.objects.filter(starts_on__year=year)
    kbli = (
        Firm.kbli.through.objects.values("kbli_id")
        .annotate(n=Count("id"))
        .order_by("-n")
        .values_list("kbli_id", flat=True)[0]
    )
    estates = Estate.objects.all()
    national, jateng, tegal = "bench.national", "bench.jateng", "bench.tegal"
    return [
        ("whole country", "bench.admin", None, {}),
        ("whole country, year", "bench.admin", None, {"year": year}),
        (
            "year + program",
            national,
            None,
            {"year": year, "program": largest(programs, "participations")},
        ),
        ("event", national, None, {"event": largest(events, "registrations")}),
        ("KBLI", national, None, {"kbli": kbli}),
        ("estate", national, None, {"estate": largest(estates, "leases")}),
        ("province", jateng, JATENG, {}),
        ("province, year", jateng, JATENG, {"year": year}),
        (
            "year + program",
            jateng,
            JATENG,
            {
                "year": year,
                "program": largest(
                    programs.filter(region__code__startswith="33."), "participations"
                ),
            },
        ),
        (
            "event",
            jateng,
            JATENG,
            {"event": largest(events.filter(region__code__startswith="33."), "registrations")},
        ),
        ("KBLI", jateng, JATENG, {"kbli": kbli}),
        ("regency", tegal, TEGAL, {}),
        ("regency, year", tegal, TEGAL, {"year": year}),
        (
            "year + program",
            tegal,
            TEGAL,
            {"year": year, "program": largest(programs.filter(region_id=TEGAL), "participations")},
        ),
        (
            "event",
            tegal,
            TEGAL,
            {"event": largest(events.filter(region_id=TEGAL), "registrations")},
        ),
        ("KBLI", tegal, TEGAL, {"kbli": kbli}),
        (
            "estate",
            tegal,
            TEGAL,
            {"estate": largest(estates.filter(village__code__startswith="33.28."), "leases")},
        ),
    ]


def source(filters) -> str:
    """Where the dashboard's figures come from: stored, stored with the program's or event's
    steps counted live over them (mixed), or live."""
    from dataclasses import replace

    from rantai.insights import snapshots

    if snapshots.covers(filters):
        return "stored"
    return "mixed" if snapshots.covers(replace(filters, program=None, event=None)) else "live"


def bench_dashboard(args) -> None:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse

    from rantai.accounts.models import User
    from rantai.insights import funnel

    url = reverse("insights:dashboard")
    print(f"\nthe dashboard ({url}), {args.runs} runs per case after 2 warm-ups; ms")
    print(
        f"{'case':<22}{'as':<10}{'from':<7}{'view p50':>9}{'p95':>8}{'queries':>8}"
        f"{'steps() p50':>12}{'p95':>8}   registered → performing"
    )
    everything = []
    for label, username, region, params in cases():
        client = Client()
        client.force_login(User.objects.get(username=username))
        for _ in range(2):
            assert client.get(url, params, secure=True).status_code == 200
        timings = []
        for _ in range(args.runs):
            began = time.perf_counter()
            response = client.get(url, params, secure=True)
            timings.append((time.perf_counter() - began) * 1000)
            assert response.status_code == 200
        everything += timings
        with CaptureQueriesContext(connection) as queries:
            client.get(url, params, secure=True)
        filters = funnel.Filters(
            region=region,
            **{k: v for k, v in params.items() if k != "region"},
        )
        alone = []
        for _ in range(args.runs):
            began = time.perf_counter()
            steps = funnel.steps(filters)
            alone.append((time.perf_counter() - began) * 1000)
        print(
            f"{label:<22}{username[6:]:<10}"
            f"{source(filters):<7}"
            f"{statistics.median(timings):>9.0f}"
            f"{percentile(timings, 95):>8.0f}{len(queries):>8}"
            f"{statistics.median(alone):>12.0f}{percentile(alone, 95):>8.0f}   "
            + " → ".join(f"{s.count:,}" for s in steps),
            flush=True,
        )
    print(
        f"{'all cases':<39}{statistics.median(everything):>9.0f}"
        f"{percentile(everything, 95):>8.0f}   (target: p95 ≤ 300 ms)"
    )


def bench_refresh(args) -> None:
    """The daily ``refresh_insights``: the stored dashboards of the country and each province."""
    from rantai.insights import snapshots
    from rantai.insights.models import Snapshot

    if args.no_refresh and Snapshot.objects.exists():
        print(f"\nrefresh_insights: kept the {Snapshot.objects.count()} stored dashboards")
        return
    began = time.perf_counter()
    done = snapshots.refresh()
    seconds = sorted(s.seconds for s in done)
    national = [s for s in done if not s.region]
    print(
        f"\nrefresh_insights: {len(done)} dashboards (country and provinces × all years and "
        f"each of the last six) in {time.perf_counter() - began:.0f} s; one dashboard "
        f"p50 {statistics.median(seconds):.1f} s, slowest {seconds[-1]:.1f} s; the country's "
        f"{sum(s.seconds for s in national):.0f} s for its {len(national)}",
        flush=True,
    )


def bench_report() -> None:
    """The national PDF report (``reports.build_pdf(Filters())``), if the app has it yet."""
    try:
        from rantai.insights import reports
    except ImportError:
        print("national PDF: not available yet")
        return
    from rantai.insights.funnel import Filters

    began = time.perf_counter()
    pdf = reports.build_pdf(Filters())
    print(f"national PDF: {time.perf_counter() - began:.1f} s, {len(pdf) / 1024:,.0f} KiB")


# ---- the run ---------------------------------------------------------------------------------


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--firms", type=int, default=1_000_000)
    parser.add_argument("--audits", type=int, help="default: 0.3 a firm (300,000)")
    parser.add_argument("--meetings", type=int, help="default: 0.1 a firm (100,000)")
    parser.add_argument("--partnerships", type=int, help="default: 0.05 a firm (50,000)")
    parser.add_argument("--programs", type=int, help="default: 400 for a million firms")
    parser.add_argument("--events", type=int, help="default: 300 for a million firms")
    parser.add_argument("--estates", type=int, default=30)
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument(
        "--no-refresh", action="store_true", help="keep stored dashboards (refresh_insights)"
    )
    parser.add_argument("--seed", type=int, default=20261129)
    parser.add_argument("--server", default=SERVER, help="PostgreSQL server URL, no database")
    parser.add_argument("--database", default=DATABASE)
    parser.add_argument("--reuse", action="store_true", help="keep the database and its data")
    args = parser.parse_args()
    scale = args.firms / 1_000_000
    args.audits = args.audits or round(300_000 * scale)
    args.meetings = args.meetings or round(100_000 * scale)
    args.partnerships = args.partnerships or round(50_000 * scale)
    args.programs = args.programs or max(12, round(400 * scale))
    args.events = args.events or max(12, round(300 * scale))
    os.environ.setdefault("DEBUG", "false")
    os.environ.setdefault("SECRET_KEY", "bench-insights-not-a-secret")

    began = time.perf_counter()
    postgres_database(args.server, args.database, args.reuse, lambda url: load(url, args))

    from django.conf import settings
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_setting('server_version'), current_setting('shared_buffers'), "
            "current_setting('work_mem'), current_setting('effective_cache_size'), "
            "current_setting('max_parallel_workers_per_gather')"
        )
        version, buffers, work_mem, cache, parallel = cursor.fetchone()
    print(
        f"PostgreSQL {version} (shared_buffers {buffers}, work_mem {work_mem}, "
        f"effective_cache_size {cache}, max_parallel_workers_per_gather {parallel}); "
        f"DEBUG {settings.DEBUG}; {os.cpu_count()} cores"
    )
    print(f"rows: {counts()}", flush=True)
    if not (settings.STATIC_ROOT / "staticfiles.json").exists():
        # As in production: pages name their static files from the manifest collectstatic writes.
        from django.core.management import call_command

        call_command("collectstatic", interactive=False, verbosity=0)
    warm()
    bench_refresh(args)
    bench_dashboard(args)
    bench_report()
    print(f"total {time.perf_counter() - began:.0f} s")


if __name__ == "__main__":
    main()
