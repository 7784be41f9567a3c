from django.core.management.base import BaseCommand

from rantai.core.mail import send_digests


class Command(BaseCommand):
    help = (
        "Email each user who chose the daily digest his unread notifications of the last day, "
        "in his language, as one message (run daily)."
    )

    def handle(self, *args, **options):
        sent = send_digests()
        self.stdout.write(f"{len(sent)} digest(s) sent.")
