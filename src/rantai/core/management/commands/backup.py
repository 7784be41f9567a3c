from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from rantai.core import backup


class Command(BaseCommand):
    help = (
        "Back up the database and the uploaded files into one .tar archive with a manifest "
        "(docs/operations.md, Backups)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            type=Path,
            help="The archive to write, or a folder for rantai-backup-YYYYmmdd-HHMMSS.tar "
            "(default: that name in the current folder).",
        )

    def handle(self, *args, output=None, **options):
        output = output or Path.cwd()
        if output.is_dir():
            output = output / backup.default_name()
        try:
            summary = backup.backup(output)
        except backup.BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            _("Backed up %(rows)d rows of %(tables)d tables and %(files)d files to %(path)s.")
            % {
                "rows": summary.rows,
                "tables": summary.tables,
                "files": summary.files,
                "path": summary.path,
            }
        )
