from django.core.management.base import BaseCommand

from rantai.webhooks import services


class Command(BaseCommand):
    help = (
        "Attempt every webhook delivery whose next attempt is due: the retries where the task "
        "backend cannot defer a task, and whatever a worker lost (run every minute)."
    )

    def handle(self, *args, **options):
        attempted = services.send_due()
        self.stdout.write(f"{attempted} webhook delivery attempt(s).")
