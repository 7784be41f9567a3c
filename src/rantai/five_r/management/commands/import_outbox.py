from pathlib import Path

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError

from rantai.accounts.models import User
from rantai.five_r import outbox


class Command(BaseCommand):
    help = (
        "Import a phone's 5R outbox file (the answers and photos the capture app could not "
        "send), as the page /5r/outbox/import/ does: the whole file or nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", help="the .json file the capture app exported")
        parser.add_argument(
            "--user",
            required=True,
            help="the administrator importing it (recorded as the author of what is written)",
        )

    def handle(self, *args, **options):
        try:
            raw = Path(options["path"]).read_bytes()
        except OSError as exc:
            raise CommandError(f"cannot read {options['path']}: {exc.strerror}") from exc
        user = User.objects.filter(username=options["user"], is_active=True).first()
        if user is None:
            raise CommandError(f"there is no active user {options['user']}")
        try:
            result = outbox.import_outbox(raw, user=user)
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from exc
        except ValidationError as exc:
            raise CommandError("\n".join(["nothing was imported:", *exc.messages])) from exc
        for label, count in result.as_dict().items():
            if label != "audits":
                self.stdout.write(f"{label.replace('_', ' ')}: {count}")
        self.stdout.write(f"audits: {', '.join(map(str, result.audits))}")
