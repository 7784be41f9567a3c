"""Jobs and tasks whose worker died (killed, out of memory, the machine restarted) are marked
failed, so nothing stays "running" for ever and the user learns to start the job again.

A job is lost when its heartbeat (core.jobs.heartbeat) is older than JOB_STALE_SECONDS, or
when the database task behind it has finished without the job hearing of it (a worker stopped
by a second Ctrl-C fails the task but never returns to the job). Lost jobs are failed, not
retried: a job that killed its worker (a file too big for its memory) would kill the next one
too, and the user who started it is the one to decide (docs/decisions.md, "Faults").

Run when a worker starts (the Procfile) and every 5 minutes by the scheduler (ops/schedule.py),
both as `manage.py reap_stale_jobs`; every step is a conditional update, so running it twice,
or beside a live worker, does no harm.
"""

import logging
import uuid
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.core.cache import cache
from django.db.models import Q
from django.tasks import TaskResultStatus
from django.utils import timezone
from django.utils.translation import gettext_noop
from django_tasks_db.models import DBTaskResult

from rantai.core.models import Job

logger = logging.getLogger(__name__)

WORKER_LOST = gettext_noop("The worker stopped while running this job; start it again.")
ENDED = [TaskResultStatus.FAILED, TaskResultStatus.SUCCESSFUL]


@dataclass(frozen=True)
class Reaped:
    jobs: int
    tasks: int


def reap_stale_jobs() -> Reaped:
    """Fail every running job whose worker is gone, and every database task left running by a
    dead worker; return how many of each."""
    now = timezone.now()
    cutoff = now - timedelta(seconds=settings.JOB_STALE_SECONDS)
    running = Job.objects.filter(status=Job.Status.RUNNING)
    silent = Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, updated_at__lt=cutoff)
    lost = running.filter(silent | Q(task_id__in=_ended_tasks(running)))
    candidates = list(lost.values_list("pk", flat=True))
    # One update that asks again, so a job whose worker has just finished or beaten is spared.
    jobs = lost.filter(pk__in=candidates).update(
        status=Job.Status.FAILED, message=WORKER_LOST, updated_at=now
    )
    failed = Job.objects.filter(pk__in=candidates, status=Job.Status.FAILED, message=WORKER_LOST)
    for job in failed.only("pk", "created_at", "task_id"):
        cache.delete(job._progress_key)
    # A task with no job (a scheduled command, a webhook) has no heartbeat of its own: it has
    # lost its worker once it has run longer than any such task may (TASK_STALE_SECONDS, as
    # long as the scheduler waits before it counts a run as lost). So has the task of every job
    # failed above; a live job's task is left alone.
    task_cutoff = now - timedelta(seconds=settings.TASK_STALE_SECONDS)
    lost_tasks = _uuids(failed.exclude(task_id="").values_list("task_id", flat=True))
    live_tasks = _uuids(running.exclude(task_id="").values_list("task_id", flat=True))
    silent_tasks = Q(started_at__lt=task_cutoff) & ~Q(pk__in=live_tasks)
    tasks = (
        DBTaskResult.objects.filter(status=TaskResultStatus.RUNNING)
        .filter(silent_tasks | Q(pk__in=lost_tasks))
        .update(
            status=TaskResultStatus.FAILED,
            finished_at=now,
            exception_class_path="rantai.core.reaper.WorkerLost",
            traceback=WORKER_LOST,
        )
    )
    if jobs or tasks:
        logger.warning("Reaped %d jobs and %d tasks whose worker stopped", jobs, tasks)
    return Reaped(jobs=jobs, tasks=tasks)


def _ended_tasks(running) -> list[str]:
    """The task ids of running jobs whose database task has finished all the same."""
    ids = _uuids(running.exclude(task_id="").values_list("task_id", flat=True))
    ended = DBTaskResult.objects.filter(pk__in=ids, status__in=ENDED)
    return [str(pk) for pk in ended.values_list("pk", flat=True)]


def _uuids(values) -> list[uuid.UUID]:
    """Database task ids among ``values`` (another backend's ids are not UUIDs)."""
    ids = []
    for value in values:
        try:
            ids.append(uuid.UUID(value))
        except ValueError:
            continue
    return ids
