"""Daily: recompute the dashboards of Indonesia and each province (see insights/snapshots.py)."""

import time

from django.core.management.base import BaseCommand

from rantai.insights import snapshots


class Command(BaseCommand):
    help = "Recompute the stored dashboards of the whole country and of each province."

    def handle(self, *args, **options):
        started = time.perf_counter()
        done = snapshots.refresh()
        slowest = max(done, key=lambda s: s.seconds, default=None)
        self.stdout.write(
            f"{len(done)} dashboards in {time.perf_counter() - started:.1f} s"
            + (f"; slowest {slowest} {slowest.seconds:.1f} s" if slowest else "")
        )
