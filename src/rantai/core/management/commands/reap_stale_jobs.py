from django.core.management.base import BaseCommand

from rantai.core.reaper import reap_stale_jobs


class Command(BaseCommand):
    help = (
        "Mark failed the background jobs and tasks whose worker stopped (killed, out of memory, "
        "restarted) while running them. Run when a worker starts and every few minutes."
    )

    def handle(self, *args, **options):
        reaped = reap_stale_jobs()
        self.stdout.write(f"{reaped.jobs} jobs and {reaped.tasks} tasks marked failed")
