"""Shared start-up for benchmarks: Django on the database DATABASE_URL names (by default a
SQLite file of its own under var/, never the demo's)."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def django_setup() -> str:
    sys.path.insert(0, str(ROOT / "src"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rantai.settings")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{ROOT / 'var' / 'bench.sqlite3'}")
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")
    os.environ.setdefault("TASKS_BACKEND", "immediate")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    from django.db import connection

    return connection.vendor


def postgres_database(server: str, name: str, reuse: bool, load) -> None:
    """Django on PostgreSQL database ``name`` of ``server``: kept with ``reuse`` if it exists
    (migrated, so the app's indexes are there, as in production), else dropped, created,
    migrated and filled by ``load(url)``; prints what it did and how long it took."""
    import time

    import psycopg

    url = f"{server}/{name}"
    os.environ["DATABASE_URL"] = url
    began = time.perf_counter()
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if not (reuse and exists):
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
            conn.execute(f'CREATE DATABASE "{name}"')
    django_setup()
    migrated = time.perf_counter() - began
    if reuse and exists:
        print(f"reusing {name} (migrated in {migrated:.1f} s)")
        return
    print(f"database {name} created and migrated in {migrated:.1f} s", flush=True)
    load(url)
    print(f"data generated and loaded in {time.perf_counter() - began - migrated:.1f} s")


def percentile(values, p):
    """The ``p``-th percentile of ``values`` (nearest rank), as the benchmarks print it."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]
