from django.core.management.base import BaseCommand

from rantai.estates import reminders, services


class Command(BaseCommand):
    help = "Close leases past their term and email end-of-lease reminders (run daily)."

    def handle(self, *args, **options):
        closed = services.close_expired()
        sent = reminders.send_due()
        self.stdout.write(f"{len(closed)} lease(s) closed, {len(sent)} reminder(s) sent.")
