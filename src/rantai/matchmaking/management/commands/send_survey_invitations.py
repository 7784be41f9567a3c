from django.core.management.base import BaseCommand

from rantai.matchmaking import surveys


class Command(BaseCommand):
    help = "Email the six-month follow-up survey to the participants of past events (run daily)."

    def handle(self, *args, **options):
        sent = surveys.send_due()
        self.stdout.write(f"{len(sent)} invitation(s) sent.")
