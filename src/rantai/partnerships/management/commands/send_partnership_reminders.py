from django.core.management.base import BaseCommand

from rantai.partnerships import reminders


class Command(BaseCommand):
    help = "Email renewal and expiry reminders for partnership agreements (run daily)."

    def handle(self, *args, **options):
        sent = reminders.send_due()
        self.stdout.write(f"{len(sent)} reminder(s) sent.")
