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
