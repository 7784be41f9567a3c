import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import translation

from rantai.engines import scheduling
from rantai.matchmaking.models import ScheduleRun


class Command(BaseCommand):
    help = (
        "Schedule 1:1 meetings from an instance file (see rantai.engines.scheduling) and print "
        "the schedule as JSON. Tables are numbered from 0, like slots."
    )
    requires_system_checks = []

    def add_arguments(self, parser):
        parser.add_argument("instance", help="JSON file: slots, tables, participants, requests")
        parser.add_argument("--seconds", type=float, default=10.0, help="time limit (default 10)")
        parser.add_argument("--greedy", action="store_true", help="only the fast greedy draft")

    def handle(self, *args, **options):
        try:
            data = json.loads(Path(options["instance"]).read_text(encoding="utf-8"))
        except OSError as exc:
            raise CommandError(f"cannot read {options['instance']}: {exc.strerror}") from exc
        except json.JSONDecodeError as exc:
            raise CommandError(f"{options['instance']} is not valid JSON: {exc}") from exc
        if options["seconds"] <= 0:
            raise CommandError("--seconds must be above 0")
        try:
            instance = scheduling.parse(data)
        except scheduling.InstanceError as exc:
            raise CommandError(f"invalid instance: {exc}") from exc
        result = (
            scheduling.greedy(instance)
            if options["greedy"]
            else scheduling.solve(instance, seconds=options["seconds"])
        )
        output = result.as_dict()
        with translation.override("en"):
            output["summary"] = ScheduleRun.of(result).verdict
        self.stdout.write(json.dumps(output, indent=2))
