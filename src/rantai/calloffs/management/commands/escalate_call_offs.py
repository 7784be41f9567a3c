from django.core.management.base import BaseCommand

from rantai.calloffs import services


class Command(BaseCommand):
    help = (
        "Escalate call-offs not acknowledged in time: the supplier's owner, then the "
        "cooperative's manager, then the buyer (run every 15 minutes)."
    )

    def handle(self, *args, **options):
        moved = services.escalate_overdue()
        self.stdout.write(f"{len(moved)} call-off(s) escalated.")
