"""Supplier scorecards at scale on PostgreSQL:
``python bench/scorecards.py [--suppliers 10000] [--months 24] [--reuse]``.

Builds (or, with ``--reuse``, keeps) a PostgreSQL database of its own, by default
``rantai_bench_scorecards`` on ``--server`` (dropped and created again each run without
``--reuse``), migrates it (also with ``--reuse``, so the app's indexes are there) and loads with
COPY: 50 buyers (large industry), ``--suppliers`` IKM suppliers, one active partnership per
supplier with a random buyer (a tenth of them with a second buyer), a purchase order per
partnership and month over ``--months`` months with 1–2 lines, and about 5 million deliveries
across the lines for the default size (scaled with suppliers × months): partial deliveries spread
over the three weeks before each line's due date, some lines late or short-shipped, rejects with
a reason on a few percent of deliveries, suppliers good, average or poor. Nothing is delivered
after the evaluation date (30 Nov 2026).

Then, with the database warm, the app's code as it is, ``--runs`` times (each run and the median):
(a) ``partnerships.performance.table(Partnership.objects.all(), "month", as_of)`` over every
    partnership, the rows it returns and where the time goes: fetching the rows
    (``performance._arrays``), the engine (``engines.performance.measure``) and the rest (tuples
    → arrays, ``Row`` objects);
(b) every buyer's scorecard: ``scorecards.compute(scorecard_for(buyer), as_of, notify=False)``
    for each buyer, the records written and where the time goes (fetch, arrays + engine + rows,
    writing the records, alerts, other); the first run starts from no scorecards and inserts,
    the later ones recompute and update, as a nightly job would;
(c) the peak memory of (a) in a fresh child process: the peak of Python allocations
    (tracemalloc, NumPy's included) and the peak resident set (getrusage maxrss).

Django runs with DEBUG off, as in production (DEBUG on would keep every query's SQL). Target:
(b) under 60 s for 10,000 suppliers × 24 months. Prints PostgreSQL's version and settings, and
whether the covering index ``delivery_partnership_day`` (migration partnerships 0003) exists.
"""

import argparse
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from datetime import date

import numpy as np
from _setup import django_setup, postgres_database

AS_OF = date(2026, 11, 30)
SERVER = "postgres://postgres:postgres@127.0.0.1:5432"
DATABASE = "rantai_bench_scorecards"
INDEX = "delivery_partnership_day"
DAY0 = np.datetime64("1970-01-01", "D")
PARTS = ["Bracket", "Flange", "Bushing", "Housing", "Shaft", "Pin", "Plate", "Bolt", "Clamp"]
REASONS = [
    "",
    "dimensi di luar toleransi",
    "karat permukaan",
    "cacat las",
    "burr sisa potongan",
    "salah material",
]
# Supplier profiles: share, lines delayed, mean delay (days), deliveries with rejects, short lines.
PROFILES = {
    "good": (0.60, 0.04, 2.0, 0.01, 0.02),
    "average": (0.25, 0.15, 4.0, 0.03, 0.08),
    "poor": (0.15, 0.35, 8.0, 0.08, 0.20),
}


# Text columns of a firm that may be blank but not NULL.
FIRM_TEXT = [
    "npwp",
    "description",
    "street_address",
    "postal_code",
    "phone",
    "email",
    "website",
    "capacity_unit",
]


def blanks(n: int) -> str:
    return "\t" * n


# ---- the database ------------------------------------------------------------------------


# ---- data ----------------------------------------------------------------------------------


def iso_days(first: int, last: int) -> dict[int, str]:
    """Day number → 'YYYY-MM-DD' for every day in [first, last]."""
    days = np.arange(first, last + 1)
    return dict(zip(days.tolist(), (DAY0 + days).astype(str).tolist(), strict=True))


def copy_text(cursor, table: str, columns: list[str], lines, chunk: int = 200_000) -> None:
    """COPY pre-formatted text lines (tab-separated, newline-ended) into ``table``."""
    with cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
        for start in range(0, len(lines), chunk):
            copy.write("".join(lines[start : start + chunk]))


def plan(args, rng) -> dict:
    """Everything as NumPy arrays: partnerships, orders, lines and deliveries (0-based)."""
    n_sup, n_buy, months = args.suppliers, args.buyers, args.months
    # Partnerships: every supplier one buyer, a tenth a second (different) buyer.
    second = np.flatnonzero(rng.random(n_sup) < 0.10)
    p_supplier = np.concatenate([np.arange(n_sup), second])
    first_buyer = rng.integers(0, n_buy, n_sup)
    other = (first_buyer[second] + rng.integers(1, n_buy, len(second))) % n_buy
    p_buyer = np.concatenate([first_buyer, other])
    n_part = len(p_supplier)
    names = list(PROFILES)
    shares = np.array([PROFILES[k][0] for k in names])
    profile = rng.choice(len(names), n_part, p=shares / shares.sum())
    table = np.array([PROFILES[k][1:] for k in names])
    noise = rng.uniform(0.5, 1.5, (n_part, 4))
    late_p, late_mean, reject_p, short_p = (table[profile] * noise).T

    # Orders: one per partnership and month, in time order (ids grow with the date).
    last_month = (AS_OF.year - 1970) * 12 + AS_OF.month - 1
    month_start = (
        (np.arange(last_month - months + 1, last_month + 1).astype("datetime64[M]"))
        .astype("datetime64[D]")
        .astype(np.int64)
    )
    o_month = np.repeat(np.arange(months), n_part)
    o_part = np.tile(np.arange(n_part), months)
    o_day = month_start[o_month] + rng.integers(0, 10, len(o_month))
    order = np.lexsort((o_part, o_day))
    o_month, o_part, o_day = o_month[order], o_part[order], o_day[order]

    # Lines: 1–2 per order, due three to five weeks after the order.
    per_order = 1 + (rng.random(len(o_day)) < 0.5)
    l_order = np.repeat(np.arange(len(o_day)), per_order)
    n_lines = len(l_order)
    l_part = o_part[l_order]
    l_due = o_day[l_order] + rng.integers(21, 36, n_lines)
    l_qty = rng.integers(10, 400, n_lines) * 10
    l_price = rng.integers(5, 2500, n_lines) * 100
    l_name = rng.integers(0, len(PARTS), n_lines)

    # Deliveries: k planned call-offs per line, evenly over the 20 days up to the due date.
    delay = np.where(rng.random(n_lines) < late_p[l_part], rng.geometric(1 / late_mean[l_part]), 0)
    short = rng.random(n_lines) < short_p[l_part]
    keep_share = np.where(short, rng.uniform(0.5, 0.95, n_lines), 1.0)
    per_line_rng = rng.bit_generator.state  # the same draws for both passes below

    def deliveries(mean: float):
        r = np.random.default_rng()
        r.bit_generator.state = per_line_rng
        planned = 1 + r.poisson(max(mean - 1, 0), n_lines)
        made = np.maximum(1, np.ceil(planned * keep_share).astype(np.int64))
        d_line = np.repeat(np.arange(n_lines), made)
        nth = np.arange(len(d_line)) - np.repeat(np.cumsum(made) - made, made)
        k = planned[d_line]
        span = 20
        day = l_due[d_line] - span + np.rint((nth + 1) * span / k).astype(np.int64)
        day += delay[d_line] - r.integers(0, 3, len(d_line))
        day += np.where(r.random(len(d_line)) < 0.02, r.integers(1, 4, len(d_line)), 0)
        day = np.maximum(day, o_day[l_order[d_line]] + 1)
        qty = np.maximum(1, np.rint(l_qty[d_line] / k * r.uniform(0.9, 1.1, len(d_line)))).astype(
            np.int64
        )
        bad = r.random(len(d_line)) < reject_p[l_part[d_line]]
        rejected = np.where(
            bad,
            np.minimum(qty, np.maximum(1, np.rint(qty * r.uniform(0.01, 0.12, len(d_line))))),
            0,
        ).astype(np.int64)
        reason = np.where(bad, r.integers(1, len(REASONS), len(d_line)), 0)
        kept = day <= (np.datetime64(AS_OF) - DAY0).astype(np.int64)
        d_line, day, qty, rejected, reason = (a[kept] for a in (d_line, day, qty, rejected, reason))
        order = np.lexsort((d_line, day))
        return d_line[order], day[order], qty[order], rejected[order], reason[order]

    # Nothing arrives after the evaluation date: a second pass makes up for what that cuts.
    first = deliveries(args.deliveries / n_lines)
    mean = args.deliveries / n_lines * args.deliveries / len(first[0])
    d_line, d_day, d_qty, d_rej, d_reason = deliveries(mean)
    return {
        "p_supplier": p_supplier,
        "p_buyer": p_buyer,
        "p_start": month_start[0] - rng.integers(0, 60, n_part),
        "o_part": o_part,
        "o_month": o_month,
        "o_day": o_day,
        "l_order": l_order,
        "l_part": l_part,
        "l_due": l_due,
        "l_qty": l_qty,
        "l_price": l_price,
        "l_name": l_name,
        "d_line": d_line,
        "d_day": d_day,
        "d_qty": d_qty,
        "d_rej": d_rej,
        "d_reason": d_reason,
    }


def load(url: str, args) -> dict:
    """Generate the data and COPY it in (the times printed count from the start of the load)."""
    import psycopg

    rng = np.random.default_rng(args.seed)
    began = time.perf_counter()
    p = plan(args, rng)
    planned = time.perf_counter() - began
    print(f"  data planned in NumPy in {planned:.1f} s", flush=True)
    days = iso_days(
        int(min(p["p_start"].min(), p["o_day"].min())),
        int(max(p["l_due"].max(), p["d_day"].max())),
    )
    now = "2026-11-30 20:00:00+07"
    with psycopg.connect(url) as conn, conn.cursor() as cur:
        ids = {}
        for table in ("firms_firm", "partnerships_partnership", "partnerships_order"):
            ids[table] = cur.execute(f"SELECT coalesce(max(id), 0) FROM {table}").fetchone()[0]
        regencies = cur.execute(
            "SELECT code, parent_id FROM reference_region WHERE level = 2 AND code ~ '^3[1-6]\\.' "
            "ORDER BY code"
        ).fetchall()
        # Firms: buyers first, then suppliers.
        f0 = ids["firms_firm"] + 1
        n_firms = args.buyers + args.suppliers
        region = rng.integers(0, len(regencies), n_firms)
        rows = []
        for i in range(n_firms):
            buyer = i < args.buyers
            regency, province = regencies[region[i]]
            name = (
                f"BENCH PT Pembeli {i + 1:03d}"
                if buyer
                else f"BENCH CV Pemasok {i - args.buyers + 1:05d}"
            )
            rows.append(
                f"{f0 + i}\t{'large' if buyer else 'ikm'}\t{name}\t{province}\t{regency}"
                f"\t{now}\t{now}{blanks(len(FIRM_TEXT))}\n"
            )
        copy_text(
            cur,
            "firms_firm",
            [
                "id",
                "kind",
                "name",
                "province_id",
                "regency_id",
                "created_at",
                "updated_at",
                *FIRM_TEXT,
            ],
            rows,
        )
        buyer_id = f0 + p["p_buyer"]
        supplier_id = f0 + args.buyers + p["p_supplier"]

        pa0 = ids["partnerships_partnership"] + 1
        rows = [
            f"{pa0 + i}\tPKS/{pa0 + i:06d}\t{s}\t{b}\ttier2_supply\tKomponen logam\t{days[d]}"
            f"\t{days[d]}\tactive\tt\t{now}\t{now}\t\t\n"
            for i, (s, b, d) in enumerate(
                zip(supplier_id.tolist(), buyer_id.tolist(), p["p_start"].tolist(), strict=True)
            )
        ]
        copy_text(
            cur,
            "partnerships_partnership",
            [
                "id",
                "number",
                "supplier_id",
                "buyer_id",
                "kind",
                "scope",
                "starts_on",
                "signed_on",
                "status",
                "share_performance",
                "created_at",
                "updated_at",
                "signed_place",
                "status_reason",
            ],
            rows,
        )
        o0 = ids["partnerships_order"] + 1
        rows = [
            f"{o0 + i}\t{pa0 + part}\tPO-{m + 1:02d}\t{days[d]}\t{days[d]} 09:00:00+07"
            f"\t{days[d]} 09:00:00+07\t\n"
            for i, (part, m, d) in enumerate(
                zip(p["o_part"].tolist(), p["o_month"].tolist(), p["o_day"].tolist(), strict=True)
            )
        ]
        copy_text(
            cur,
            "partnerships_order",
            ["id", "partnership_id", "number", "ordered_on", "created_at", "updated_at", "note"],
            rows,
        )
        # Order lines and deliveries take their ids from the table (identity columns), in the
        # order they are copied; the deliveries need the lines' ids, so read them back.
        rows = [
            f"{o0 + o}\t{pa0 + part}\t{PARTS[n]}\t{q}\tpcs\t{price}\t{days[d]}\n"
            for o, part, n, q, price, d in zip(
                p["l_order"].tolist(),
                p["l_part"].tolist(),
                p["l_name"].tolist(),
                p["l_qty"].tolist(),
                p["l_price"].tolist(),
                p["l_due"].tolist(),
                strict=True,
            )
        ]
        l0 = cur.execute("SELECT coalesce(max(id), 0) FROM partnerships_orderline").fetchone()[0]
        copy_text(
            cur,
            "partnerships_orderline",
            ["order_id", "partnership_id", "part", "quantity", "unit", "unit_price", "due_on"],
            rows,
        )
        line_ids = np.array(
            [
                r[0]
                for r in cur.execute(
                    "SELECT id FROM partnerships_orderline WHERE id > %s ORDER BY id", [l0]
                )
            ],
            dtype=np.int64,
        )
        assert len(line_ids) == len(p["l_order"])
        print(
            f"  firms, partnerships, orders and lines copied ({time.perf_counter() - began:.1f} s)",
            flush=True,
        )
        # The 5 million deliveries load several times faster without the secondary indexes
        # (rebuilt after) and without the row-by-row foreign-key triggers (the replica role
        # skips them; the ids are right by construction).
        cur.execute("SET session_replication_role = replica")
        indexes = cur.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' "
            "AND tablename = 'partnerships_delivery' "
            "AND indexname NOT IN (SELECT conname FROM pg_constraint)"
        ).fetchall()
        for name, _ in indexes:
            cur.execute(f'DROP INDEX "{name}"')
        d_part = pa0 + p["l_part"][p["d_line"]]
        rows = [
            f"{line}\t{part}\t{days[d]}\t{q}\t{r}\t{REASONS[why]}\t{days[d]} 14:00:00+07\n"
            for line, part, d, q, r, why in zip(
                line_ids[p["d_line"]].tolist(),
                d_part.tolist(),
                p["d_day"].tolist(),
                p["d_qty"].tolist(),
                p["d_rej"].tolist(),
                p["d_reason"].tolist(),
                strict=True,
            )
        ]
        copy_text(
            cur,
            "partnerships_delivery",
            [
                "line_id",
                "partnership_id",
                "delivered_on",
                "quantity",
                "rejected",
                "reject_reason",
                "created_at",
            ],
            rows,
        )
        del rows
        for _, definition in indexes:
            cur.execute(definition)
        cur.execute("SET session_replication_role = DEFAULT")
        for table in ("firms_firm", "partnerships_partnership", "partnerships_order"):
            cur.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT max(id) FROM {table}))"
            )
        conn.commit()
    copied = time.perf_counter() - began
    print(f"  deliveries copied ({copied:.1f} s); VACUUM ANALYZE …", flush=True)
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute("VACUUM ANALYZE")
    return {"seconds": time.perf_counter() - began}


def counts() -> dict:
    from django.db import connection

    out = {}
    with connection.cursor() as cursor:
        for label, sql in (
            ("buyers", "SELECT count(*) FROM firms_firm WHERE kind = 'large'"),
            ("suppliers", "SELECT count(*) FROM firms_firm WHERE kind = 'ikm'"),
            ("partnerships", "SELECT count(*) FROM partnerships_partnership"),
            ("orders", "SELECT count(*) FROM partnerships_order"),
            ("order lines", "SELECT count(*) FROM partnerships_orderline"),
            ("deliveries", "SELECT count(*) FROM partnerships_delivery"),
            ("with rejects", "SELECT count(*) FROM partnerships_delivery WHERE rejected > 0"),
        ):
            cursor.execute(sql)
            out[label] = cursor.fetchone()[0]
        cursor.execute(
            "SELECT pg_size_pretty(pg_total_relation_size('partnerships_delivery')), "
            "min(delivered_on), max(delivered_on) FROM partnerships_delivery"
        )
        out["delivery table"], out["first"], out["last"] = cursor.fetchone()
    return out


def buyers():
    from rantai.firms.models import Firm

    return list(Firm.objects.filter(kind=Firm.Kind.LARGE).order_by("pk"))


def index_report() -> str:
    """Whether the covering index exists, and how PostgreSQL reads the first buyer's deliveries
    in the query compute() makes (captured from ``performance._arrays``, explained as run)."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from rantai.partnerships import performance
    from rantai.partnerships.models import Partnership

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT 1 FROM pg_indexes WHERE tablename = 'partnerships_delivery' AND indexname = %s",
            [INDEX],
        )
        exists = cursor.fetchone() is not None
        partnerships = Partnership.objects.filter(buyer=buyers()[0]).exclude(
            status=Partnership.Status.DRAFT
        )
        with CaptureQueriesContext(connection) as queries:
            performance._arrays(partnerships, AS_OF)
        cursor.execute("EXPLAIN " + queries.captured_queries[-1]["sql"])
        scans = [
            line.strip(" ->").split("  (")[0]
            for (line,) in cursor.fetchall()
            if " on partnerships_delivery" in line
        ]
    return f"index {INDEX} exists: {exists}; one buyer's deliveries are read by: {', '.join(scans)}"


def warm() -> None:
    """Read the tables and indexes the measurements use into PostgreSQL's and the OS's cache."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_prewarm")
        cursor.execute(
            "SELECT sum(pg_prewarm(c.oid::regclass, 'read')) FROM pg_class c "
            "JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = 'public' AND c.relkind IN ('r', 'i') "
            "AND (c.relname LIKE ANY (%s) OR c.relname = %s)",
            [
                ["partnerships_delivery%", "partnerships_orderline%", "partnerships_partnership%"],
                INDEX,
            ],
        )
        cursor.execute("SELECT count(*), sum(quantity) FROM partnerships_delivery")
        cursor.execute("SELECT count(*), sum(quantity) FROM partnerships_orderline")


# ---- measurements ------------------------------------------------------------------------


def timed(label: str, runs: int, func, show=str) -> list:
    """Runs func ``runs`` times; prints each run and the median. Returns the results."""
    seconds, results = [], []
    for n in range(runs):
        began = time.perf_counter()
        results.append(func())
        seconds.append(time.perf_counter() - began)
        print(f"  {label} run {n + 1}: {seconds[-1]:7.2f} s   {show(results[-1])}", flush=True)
    print(f"  {label} median: {statistics.median(seconds):.2f} s", flush=True)
    return results


class Stopwatch:
    """Adds up the time spent in some functions (wrapped in place while active) and in the
    whole block (``"all"``)."""

    def __init__(self, targets):
        self.targets = targets  # (owner, attribute, label)
        self.totals = {label: 0.0 for _, _, label in targets}

    def __enter__(self):
        self.saved = []
        for owner, attribute, label in self.targets:
            own = attribute in vars(owner)  # else inherited (a manager's method)
            self.saved.append((owner, attribute, getattr(owner, attribute), own))
            setattr(owner, attribute, self._wrap(getattr(owner, attribute), label))
        self.began = time.perf_counter()
        return self

    def _wrap(self, original, label):
        def wrapper(*args, **kwargs):
            began = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                self.totals[label] += time.perf_counter() - began

        return wrapper

    def __exit__(self, *exc):
        self.totals["all"] = time.perf_counter() - self.began
        for owner, attribute, original, own in reversed(self.saved):
            if own:
                setattr(owner, attribute, original)
            else:
                delattr(owner, attribute)
        return False


def measure_table():
    from rantai.partnerships import performance
    from rantai.partnerships.models import Partnership

    return performance.table(Partnership.objects.all(), "month", AS_OF)


def bench_table(args) -> None:
    from rantai.engines import performance as engine
    from rantai.partnerships import performance

    print("(a) performance.table(all partnerships, 'month', as_of)")
    totals = []

    def run():
        with Stopwatch(
            [(performance, "_arrays", "fetch"), (engine, "measure", "engine")]
        ) as stopwatch:
            rows = measure_table()
        totals.append(stopwatch.totals)
        return rows

    timed("(a)", args.runs, run, show=lambda rows: f"{len(rows):,} rows")
    fetch, engine_, whole = (
        statistics.median(t[k] for t in totals) for k in ("fetch", "engine", "all")
    )
    print(
        f"  (a) where the time goes (medians): fetching the rows {fetch:.1f} s, engine.measure "
        f"{engine_:.1f} s, the rest (tuples → arrays, Row objects) {whole - fetch - engine_:.1f} s"
    )


def reset_scorecards() -> None:
    """No scorecards, records or alerts: the first scoring run starts from nothing."""
    from django.db import connection

    from rantai.partnerships.models import Band, BandAlert, Criterion, Scorecard, ScoreRecord

    tables = []
    for model in (BandAlert, ScoreRecord, Criterion, Band, Scorecard):
        tables.append(model._meta.db_table)
        history = getattr(model, "history", None)
        if history is not None:
            tables.append(history.model._meta.db_table)
    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(tables)}")


def score_all() -> tuple[int, int]:
    from rantai.partnerships import scorecards
    from rantai.partnerships.models import BandAlert

    written = 0
    for buyer in buyers():
        card = scorecards.scorecard_for(buyer)
        written += scorecards.compute(card, as_of=AS_OF, notify=False)
    return written, BandAlert.objects.count()


def bench_scoring(args) -> None:
    from rantai.partnerships import performance, scorecards
    from rantai.partnerships.models import ScoreRecord

    print("(b) compute(scorecard_for(buyer), as_of, notify=False) for every buyer")
    reset_scorecards()
    totals = []

    def run():
        with Stopwatch(
            [
                (performance, "table", "table"),
                (performance, "_arrays", "fetch"),
                (ScoreRecord.objects, "bulk_create", "write"),
                (scorecards, "check_alerts", "alerts"),
            ]
        ) as stopwatch:
            result = score_all()
        totals.append(stopwatch.totals)
        return result

    timed(
        "(b)",
        args.runs,
        run,
        show=lambda r: f"{r[0]:,} records written, {r[1]:,} band alerts in the table",
    )
    print("  (b) where the time goes, each run (s):")
    print("      fetch rows   arrays+engine+rows   write records   alerts   other   total")
    for t in totals:
        other = t["all"] - t["table"] - t["write"] - t["alerts"]
        print(
            f"      {t['fetch']:10.1f}   {t['table'] - t['fetch']:18.1f}   {t['write']:13.1f}"
            f"   {t['alerts']:6.1f}   {other:5.1f}   {t['all']:5.1f}"
        )
    print("  (the first run creates the scorecards and inserts; the others update)")


# ---- memory, in a child process ------------------------------------------------------------


def child_memory(mode: str) -> None:
    """In a fresh process: run (a) once and print its peak memory as JSON."""
    django_setup()
    if mode == "tracemalloc":
        import tracemalloc

        tracemalloc.start()
        rows = len(measure_table())
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        print(json.dumps({"rows": rows, "peak": peak}))
    else:
        with open("/proc/self/statm") as f:
            before = int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        rows = len(measure_table())
        maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024
        print(json.dumps({"rows": rows, "before": before, "maxrss": maxrss}))


def run_child(mode: str, args) -> dict:
    command = [sys.executable, __file__, "--server", args.server, "--database", args.database]
    out = subprocess.run(
        [*command, "--memory-child", mode], capture_output=True, text=True, env=os.environ
    )
    if out.returncode:
        sys.exit(f"the {mode} child failed:\n{out.stderr}")
    return json.loads(out.stdout.strip().splitlines()[-1])


def bench_memory(args) -> None:
    print("(c) peak memory of (a), each in a fresh process")
    traced = run_child("tracemalloc", args)
    rss = run_child("rss", args)
    print(
        f"  tracemalloc peak of Python allocations: {traced['peak'] / 2**20:,.0f} MiB "
        f"({traced['rows']:,} rows)"
    )
    print(
        f"  getrusage maxrss: {rss['maxrss'] / 2**20:,.0f} MiB "
        f"(RSS after Django set-up {rss['before'] / 2**20:,.0f} MiB, "
        f"so {(rss['maxrss'] - rss['before']) / 2**20:,.0f} MiB for (a))"
    )


# ---- the run ---------------------------------------------------------------------------------


def main():
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--suppliers", type=int, default=10_000)
    parser.add_argument("--months", type=int, default=24)
    parser.add_argument("--buyers", type=int, default=50)
    parser.add_argument(
        "--deliveries",
        type=int,
        default=None,
        help="deliveries in all (default 5,000,000 × suppliers/10,000 × months/24)",
    )
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--seed", type=int, default=20261130)
    parser.add_argument("--server", default=SERVER, help="PostgreSQL server URL, no database")
    parser.add_argument("--database", default=DATABASE)
    parser.add_argument("--reuse", action="store_true", help="keep the database and its data")
    parser.add_argument("--memory-child", choices=["tracemalloc", "rss"], help=argparse.SUPPRESS)
    args = parser.parse_args()
    os.environ["DATABASE_URL"] = f"{args.server}/{args.database}"  # the memory child too
    os.environ.setdefault("DEBUG", "false")
    os.environ.setdefault("SECRET_KEY", "bench-scorecards-not-a-secret")
    if args.memory_child:
        child_memory(args.memory_child)
        return
    if args.deliveries is None:
        args.deliveries = round(5_000_000 * args.suppliers / 10_000 * args.months / 24)

    began = time.perf_counter()
    postgres_database(args.server, args.database, args.reuse, lambda url: load(url, args))

    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT current_setting('server_version'), current_setting('shared_buffers'), "
            "current_setting('work_mem')"
        )
        version, buffers, work_mem = cursor.fetchone()
    print(
        f"PostgreSQL {version} (shared_buffers {buffers}, work_mem {work_mem}); "
        f"evaluation date {AS_OF}; {os.cpu_count()} cores"
    )
    c = counts()
    print(
        f"rows: {c['buyers']:,} buyers, {c['suppliers']:,} suppliers, "
        f"{c['partnerships']:,} partnerships, {c['orders']:,} orders, "
        f"{c['order lines']:,} order lines, {c['deliveries']:,} deliveries "
        f"({c['with rejects']:,} with rejects, {c['first']} – {c['last']}; "
        f"table and indexes {c['delivery table']})",
        flush=True,
    )
    print(index_report(), flush=True)
    warm()
    bench_table(args)
    bench_scoring(args)
    bench_memory(args)
    print(f"total {time.perf_counter() - began:.0f} s")


if __name__ == "__main__":
    main()
