from django.core.management.base import BaseCommand
from django.utils import timezone

from rantai.partnerships import scorecards
from rantai.partnerships.models import Scorecard


class Command(BaseCommand):
    help = (
        "Recompute every buyer's supplier scorecard (run daily: as days pass, lines fall due and "
        "the current period's scores change even when no data does). Alerts are emailed."
    )

    def handle(self, *args, **options):
        total = 0
        for card in Scorecard.objects.select_related("buyer"):
            total += scorecards.compute(card, as_of=timezone.localdate())
        self.stdout.write(f"{total} score(s) written.")
