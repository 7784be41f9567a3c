from django.core.management.base import BaseCommand

from rantai.five_r import reminders


class Command(BaseCommand):
    help = "Remind firms of 5R corrective actions due within three days or overdue (run daily)."

    def handle(self, *args, **options):
        sent = reminders.send_due()
        self.stdout.write(f"{sent} reminder(s) sent.")
