"""On PostgreSQL, the indexes the header's search uses (rantai/firms/search.py):

- a firm's description, in full text: the expression is the one Django writes for
  ``SearchVector("description", config="simple")``, so the planner matches it;
- a person's position and name, by trigram (``position__icontains`` is ``UPPER(position) LIKE``).

A misspelt firm name uses the trigram index of 0003. SQLite has no such indexes: it scans.
"""

from django.db import migrations

CREATE = [
    "CREATE INDEX IF NOT EXISTS firms_firm_description_fts ON firms_firm "
    "USING gin (to_tsvector('simple'::regconfig, COALESCE(description, '')))",
    "CREATE INDEX IF NOT EXISTS firms_contact_position_trgm ON firms_contact "
    "USING gin (UPPER(position) gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS firms_contact_name_trgm ON firms_contact "
    "USING gin (UPPER(name) gin_trgm_ops)",
]
DROP = [
    "DROP INDEX IF EXISTS firms_firm_description_fts",
    "DROP INDEX IF EXISTS firms_contact_position_trgm",
    "DROP INDEX IF EXISTS firms_contact_name_trgm",
]


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)

    return apply


class Migration(migrations.Migration):
    dependencies = [("firms", "0004_industry_years")]

    operations = [migrations.RunPython(run(CREATE), run(DROP))]
