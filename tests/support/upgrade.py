"""What a demo database holds, read with plain SQL so any release's database can be read the same
way: every table's row count and a few named rows (a firm, an agreement, a call-off).

``scripts/make-upgrade-snapshot`` records it when it builds the snapshot
(``python3 -m tests.support.upgrade record DATABASE REF``); tests/core/test_upgrade.py reads it
again after this release's migrations and compares.
"""

import json
import sqlite3
import sys

# Tables a migration rightly adds rows to: the content types and permissions of new models.
GROWS_ON_MIGRATE = {"django_migrations", "django_content_type", "auth_permission"}
# The named rows: table, key column, key value (None: the table's first row).
NAMED = [
    ("firms_firm", "name", "PT Sinergi Mandiri Teknikatama"),
    ("partnerships_partnership", "number", "PKS/031/AOP-TMI/VI/2024"),
    ("calloffs_calloff", None, None),
]


def counts(connection: sqlite3.Connection) -> dict[str, int]:
    tables = connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name"
    ).fetchall()
    return {
        name: connection.execute(f'SELECT COUNT(*) FROM "{name}"').fetchone()[0]
        for (name,) in tables
        if name not in GROWS_ON_MIGRATE
    }


def row(connection: sqlite3.Connection, table: str, column: str | None, value) -> dict:
    connection.row_factory = sqlite3.Row
    try:
        where = f'WHERE "{column}" = ?' if column else ""
        found = connection.execute(
            f'SELECT * FROM "{table}" {where} ORDER BY id LIMIT 1',
            (value,) if column else (),
        ).fetchone()
    finally:
        connection.row_factory = None
    if found is None:
        raise LookupError(f"no {table} row with {column} = {value!r}")
    return dict(found)


def record(path: str, ref: str) -> dict:
    connection = sqlite3.connect(path)
    try:
        return {
            "ref": ref,
            "counts": counts(connection),
            "rows": {
                table: row(connection, table, column, value) for table, column, value in NAMED
            },
        }
    finally:
        connection.close()


if __name__ == "__main__":
    _, command, database, ref = sys.argv
    assert command == "record"
    json.dump(record(database, ref), sys.stdout, indent=1, sort_keys=True, default=str)
    sys.stdout.write("\n")
