from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from rantai.core import backup


class Command(BaseCommand):
    help = (
        "Restore a backup archive into an empty database and file storage; the whole archive is "
        "checked first (docs/operations.md, Backups)."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, help="The archive written by manage.py backup.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Replace the contents of a database and storage that are not empty.",
        )

    def handle(self, *args, path, force, **options):
        try:
            summary = backup.restore(path, force=force)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            _("Restored %(rows)d rows of %(tables)d tables and %(files)d files from %(path)s.")
            % {
                "rows": summary.rows,
                "tables": summary.tables,
                "files": summary.files,
                "path": summary.path,
            }
        )
