"""Daily: recompute every firm's funnel facts (insights/facts.py), then the stored dashboards of
Indonesia and each province (insights/snapshots.py)."""

import time

from django.core.management.base import BaseCommand

from rantai.insights import facts, snapshots


class Command(BaseCommand):
    help = (
        "Recompute every firm's funnel facts, then the stored dashboards of the whole country "
        "and of each province."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--facts-only", action="store_true", help="only the firms' funnel facts"
        )

    def handle(self, *args, facts_only=False, **options):
        started = time.perf_counter()
        rows = facts.rebuild()
        self.stdout.write(f"funnel facts of {rows} firms in {time.perf_counter() - started:.1f} s")
        if facts_only:
            return
        started = time.perf_counter()
        done = snapshots.refresh()
        slowest = max(done, key=lambda s: s.seconds, default=None)
        self.stdout.write(
            f"{len(done)} dashboards in {time.perf_counter() - started:.1f} s"
            + (f"; slowest {slowest} {slowest.seconds:.1f} s" if slowest else "")
        )
