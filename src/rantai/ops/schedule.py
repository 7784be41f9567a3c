"""The jobs Rantai runs by itself, and the scheduler that starts them.

The schedule is code (``JOBS``); the table ``ScheduledJob`` keeps each job's state. The scheduler
process (``manage.py run_scheduler``, the Procfile's ``scheduler``) ticks every few seconds. A job
that is due is *claimed* by one conditional UPDATE, which moves its next run past now; only the
scheduler whose UPDATE changed the row enqueues it, so two schedulers never start one run twice.
Because the next run is computed from *now*, a job missed while the server was down runs once
when it comes back, not once per missed occurrence. The run itself is a task on the worker queue
(``run_scheduled_job``), which records the outcome; a run still queued or running is not started
again until it finishes, or until its ``lost_after`` has passed and it counts as lost (a worker
killed mid-run).
"""

import io
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from dateutil.rrule import rrulestr
from django.core.management import call_command
from django.db import transaction
from django.db.models import F
from django.tasks import task
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from rantai.ops.models import ScheduledJob

logger = logging.getLogger(__name__)
MESSAGE_LIMIT = 4000


@dataclass(frozen=True)
class Job:
    """A job: its ``name`` (also the management command it runs, unless ``call`` is given), an
    RFC 5545 recurrence rule in the site's time zone, and how people read that rule. A run not
    finished ``lost_after`` it was queued counts as lost, and the job may be started again."""

    name: str
    rule: str
    when: Promise
    call: Callable[[], str] | None = None
    lost_after: timedelta = timedelta(hours=6)

    def next_after(self, moment: datetime) -> datetime:
        """The first occurrence strictly after ``moment``. Occurrences count from local
        midnight of that day, so "every 15 minutes" falls on :00, :15, :30 and :45."""
        local = timezone.localtime(moment)
        midnight = local.replace(hour=0, minute=0, second=0, microsecond=0)
        return rrulestr(self.rule, dtstart=midnight).after(local)

    def run(self) -> str:
        if self.call is not None:
            return self.call() or ""
        out = io.StringIO()
        call_command(self.name, stdout=out, stderr=out)
        return out.getvalue()


def heartbeat() -> str:
    """Nothing but proof that the scheduler enqueues and a worker runs: ``/health/`` reads the
    time this job last finished as the workers' heartbeat."""
    return ""


JOBS: tuple[Job, ...] = (
    Job("heartbeat", "FREQ=MINUTELY", _("every minute"), heartbeat, timedelta(minutes=5)),
    Job("send_due_webhooks", "FREQ=MINUTELY", _("every minute"), lost_after=timedelta(minutes=30)),
    # Jobs whose worker died are marked failed (core/reaper.py).
    Job(
        "reap_stale_jobs",
        "FREQ=MINUTELY;INTERVAL=5",
        _("every 5 minutes"),
        lost_after=timedelta(minutes=30),
    ),
    Job(
        "escalate_call_offs",
        "FREQ=MINUTELY;INTERVAL=15",
        _("every 15 minutes"),
        lost_after=timedelta(hours=1),
    ),
    Job("estates_daily", "FREQ=DAILY;BYHOUR=0;BYMINUTE=30", _("daily at 00:30")),
    Job("compute_scorecards", "FREQ=DAILY;BYHOUR=1;BYMINUTE=30", _("daily at 01:30")),
    Job("refresh_insights", "FREQ=DAILY;BYHOUR=2;BYMINUTE=30", _("daily at 02:30")),
    Job("send_partnership_reminders", "FREQ=DAILY;BYHOUR=6;BYMINUTE=0", _("daily at 06:00")),
    Job("send_action_reminders", "FREQ=DAILY;BYHOUR=6;BYMINUTE=15", _("daily at 06:15")),
    Job("send_survey_invitations", "FREQ=DAILY;BYHOUR=7;BYMINUTE=0", _("daily at 07:00")),
    Job(
        "send_monthly_reports",
        "FREQ=MONTHLY;BYMONTHDAY=1;BYHOUR=7;BYMINUTE=30",
        _("monthly, on the 1st at 07:30"),
    ),
    Job("send_notification_digests", "FREQ=DAILY;BYHOUR=17;BYMINUTE=0", _("daily at 17:00")),
)
BY_NAME = {job.name: job for job in JOBS}


def sync(now: datetime) -> None:
    """A row for every job in ``JOBS``, first due at its next occurrence (never at once)."""
    known = set(ScheduledJob.objects.values_list("name", flat=True))
    ScheduledJob.objects.bulk_create(
        [
            ScheduledJob(name=job.name, next_run_at=job.next_after(now))
            for job in JOBS
            if job.name not in known
        ],
        ignore_conflicts=True,  # another scheduler may add the same rows at the same moment
    )


def claim(job: Job, now: datetime) -> bool:
    """Take this occurrence of ``job`` if it is due and free: True for exactly one caller."""
    claimed = (
        ScheduledJob.objects.filter(name=job.name, enabled=True, next_run_at__lte=now)
        .exclude(ScheduledJob.busy_q(now, job.lost_after))
        .update(next_run_at=job.next_after(now), last_enqueued_at=now)
    )
    return claimed == 1


def tick(now: datetime | None = None) -> list[str]:
    """Enqueue every job that is due; the names enqueued."""
    now = now or timezone.now()
    sync(now)
    due = ScheduledJob.objects.filter(enabled=True, next_run_at__lte=now, name__in=BY_NAME)
    started = []
    for name in due.values_list("name", flat=True):
        # The claim and the task commit together: a failed enqueue leaves the job due.
        with transaction.atomic():
            if claim(BY_NAME[name], now):
                run_scheduled_job.enqueue(name)
                started.append(name)
                logger.info("Scheduled job %s queued", name)
    return started


@task
def run_scheduled_job(name: str) -> None:
    """Run one scheduled job on a worker and record how it went."""
    job = BY_NAME[name]
    ScheduledJob.objects.filter(name=name).update(last_started_at=timezone.now())
    begun = time.monotonic()
    try:
        output = job.run()
    except Exception as exc:
        logger.exception("Scheduled job %s failed", name)
        outcome, message = ScheduledJob.Outcome.FAILED, f"{type(exc).__name__}: {exc}"
    else:
        outcome, message = ScheduledJob.Outcome.SUCCEEDED, output.strip()
        logger.info("Scheduled job %s succeeded in %.1f s", name, time.monotonic() - begun)
    ScheduledJob.objects.filter(name=name).update(
        last_finished_at=timezone.now(),
        last_outcome=outcome,
        last_message=message[-MESSAGE_LIMIT:],
        runs=F("runs") + 1,
    )
