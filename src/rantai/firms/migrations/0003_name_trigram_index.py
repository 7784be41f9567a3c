"""On PostgreSQL, a trigram index makes "name contains …" searches use an index.

Django turns ``name__icontains`` into ``UPPER(name) LIKE UPPER('%…%')``; a GIN index over
``UPPER(name)`` with ``gin_trgm_ops`` serves it. SQLite has no such index and needs none at the
sizes it is used for.
"""

from django.db import migrations

CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS firms_firm_name_trgm ON firms_firm USING gin (UPPER(name) gin_trgm_ops)",
]
DROP = ["DROP INDEX IF EXISTS firms_firm_name_trgm"]


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)

    return apply


class Migration(migrations.Migration):
    dependencies = [("firms", "0002_indexes_for_lists")]

    operations = [migrations.RunPython(run(CREATE), run(DROP))]
