"""``flush`` for the test database: empties every table but the shipped reference data.

Browser tests run against a live server, so each one ends with a flush of the database instead
of a rollback. The reference tables (91,599 regions, KBLI codes, processes) are loaded by a
migration and never change; reloading them after every browser test would cost seconds each.
"""

from unittest import mock

from django.apps import apps
from django.core.management.commands import flush


def _sql_flush_keeping_reference_data(style, connection, **options):
    reference = apps.get_app_config("reference").get_models(include_auto_created=True)
    kept = {model._meta.db_table for model in reference}
    tables = [
        table
        for table in connection.introspection.django_table_names(
            only_existing=True, include_views=False
        )
        if table not in kept
    ]
    return connection.ops.sql_flush(style, tables, **options)


class Command(flush.Command):
    def handle(self, **options):
        with mock.patch.object(flush, "sql_flush", _sql_flush_keeping_reference_data):
            super().handle(**options)
