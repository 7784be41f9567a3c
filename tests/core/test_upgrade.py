"""Upgrade (issue 18): a database made by the previous release's demo migrates to this release
with its data intact, and the app works on it.

The snapshot (tests/data/demo-previous.sqlite3.xz) and what it held (demo-previous.json) are made
by ``scripts/make-upgrade-snapshot`` from the previous release's own code; this release's
``migrate`` runs on a copy, in a subprocess with the app's own settings, as an upgrade would."""

import json
import lzma
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support import upgrade

ROOT = Path(__file__).resolve().parents[2]
DATA = ROOT / "tests" / "data"
pytestmark = pytest.mark.slow

# Run by `manage.py shell` on the upgraded database: a demo officer and the call-off's buyer
# (PT Jateng Presisi Otomotif) open the pages of the named records; prints each page's status.
PAGES = """
import json
from django.test import Client
from django.test.utils import setup_test_environment
from django.urls import reverse
from rantai.accounts.models import User
setup_test_environment()
rows = json.loads({rows!r})
firm, agreement, call_off = (rows[t]["id"] for t in
    ("firms_firm", "partnerships_partnership", "calloffs_calloff"))
statuses = {{}}
for username, urls in {{
    "petugas.ikma": ["/", reverse("firms:list"), reverse("firms:detail", args=[firm]),
                     reverse("partnerships:detail", args=[agreement])],
    "pembeli.jpo": ["/", reverse("calloffs:board"), reverse("calloffs:detail", args=[call_off])],
}}.items():
    client = Client()
    client.force_login(User.objects.get(username=username))
    for url in urls:
        statuses[f"{{username}} {{url}}"] = client.get(url).status_code
print(json.dumps(statuses))
"""


def test_the_previous_releases_demo_migrates_with_its_data_intact(tmp_path):
    recorded = json.loads((DATA / "demo-previous.json").read_text())
    database = tmp_path / "demo.sqlite3"
    database.write_bytes(lzma.decompress((DATA / "demo-previous.sqlite3.xz").read_bytes()))
    unset = {"DATABASE_URL", "DEBUG", "DJANGO_SETTINGS_MODULE", "TASKS_BACKEND"}
    env = {k: v for k, v in os.environ.items() if k not in unset}
    env |= {"DATABASE_URL": f"sqlite:///{database}", "RANTAI_DATA_DIR": str(tmp_path)}

    migrate = _manage(env, "migrate", "--no-input")
    assert migrate.returncode == 0, migrate.stdout + migrate.stderr
    pending = _manage(env, "migrate", "--check")
    assert pending.returncode == 0, pending.stdout

    with sqlite3.connect(database) as connection:
        counts = upgrade.counts(connection)
        rows = {
            table: upgrade.row(connection, table, "id", row["id"])
            for table, row in recorded["rows"].items()
        }
    assert {table: counts.get(table) for table in recorded["counts"]} == recorded["counts"]
    for table, before in recorded["rows"].items():
        assert {column: rows[table].get(column) for column in before} == before, table

    pages = _manage(env, "shell", "-c", PAGES.format(rows=json.dumps(recorded["rows"])))
    assert pages.returncode == 0, pages.stderr
    statuses = json.loads(pages.stdout.strip().splitlines()[-1])
    assert set(statuses.values()) == {200}, statuses


def _manage(env, *args) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
