import signal
import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from rantai.ops import schedule


class Command(BaseCommand):
    help = (
        "Start Rantai's scheduled jobs when they are due (rantai/ops/schedule.py), as one process "
        "beside the web server and the worker. Several schedulers may run: each job runs once."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--interval", type=float, default=15, help="seconds between looks (default 15)"
        )
        parser.add_argument("--once", action="store_true", help="look once and stop")

    def handle(self, *args, interval, once, **options):
        self.running = True
        if not once:
            signal.signal(signal.SIGTERM, self.stop)
            signal.signal(signal.SIGINT, self.stop)
            self.stdout.write(f"Scheduler started: {len(schedule.JOBS)} jobs, every {interval} s")
        while self.running:
            try:
                for name in schedule.tick():
                    self.stdout.write(f"queued {name}")
            except Exception:
                if once:
                    raise
                schedule.logger.exception("Scheduler tick failed; trying again")
            if once:
                break
            deadline = time.monotonic() + interval
            while self.running and time.monotonic() < deadline:
                time.sleep(min(0.5, interval))
            close_old_connections()  # a restarted database is met with a fresh connection

    def stop(self, *args):
        self.running = False
