import logging
import threading
from contextlib import contextmanager

from django.conf import settings
from django.db import DatabaseError, connection, transaction
from django.utils import timezone, translation
from django.utils.translation import get_language, gettext_noop
from django.utils.translation import gettext as _

from rantai.core.mail import link, notify
from rantai.core.models import Job
from rantai.inbox.models import Notification

logger = logging.getLogger(__name__)
FAILED = gettext_noop("Something went wrong; the team has been told. Nothing was changed.")


def new_job(request, kind: Job.Kind, title: str, **params) -> Job:
    """A job for the signed-in user; its messages will be in the language of this request."""
    return Job.objects.create(
        kind=kind,
        user=request.user,
        params={"title": str(title), "language": get_language(), **params},
    )


def enqueue_job(task_, job: Job) -> None:
    """Enqueue once the job row is committed, so a worker on another connection can see it."""

    def send():
        result = task_.enqueue(job.pk)
        Job.objects.filter(pk=job.pk).update(task_id=str(result.id))

    transaction.on_commit(send)


def run_job(job_id: int, work) -> None:
    """Load the job, run ``work(job)`` in the job's language, and record a failure on the job;
    when it succeeds, tell its user ("report ready")."""
    job = Job.objects.select_related("user").get(pk=job_id)
    with translation.override(job.params.get("language")), heartbeat(job):
        try:
            work(job)
        except Exception:
            logger.exception("Job %s failed", job.pk)
            job.fail(FAILED)
            raise
    if job.has_succeeded:
        tell_ready(job)


@contextmanager
def heartbeat(job: Job):
    """Touch the job's heartbeat every JOB_HEARTBEAT_SECONDS while the work runs.

    A thread beats rather than the work itself: an import holds its rows in one transaction
    (a beat written there would stay invisible until the end), and a solver or a PDF can go
    minutes without reporting progress. The thread has its own database connection, so the
    beat commits at once; a killed worker takes the thread with it, and the beats stop
    (core.reaper).
    """
    stop = threading.Event()

    def beat():
        beaten = False
        while not stop.wait(settings.JOB_HEARTBEAT_SECONDS):
            try:
                Job.objects.filter(pk=job.pk, status=Job.Status.RUNNING).update(
                    heartbeat_at=timezone.now()
                )
                beaten = True
            except DatabaseError:  # SQLite busy with the work's own write: beat next time
                logger.warning("Job %s: heartbeat not written", job.pk, exc_info=True)
        if beaten:
            connection.close()

    thread = threading.Thread(target=beat, name=f"job-{job.pk}-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def tell_ready(job: Job) -> None:
    """The user who started ``job`` learns it has finished, in his language, as he prefers."""

    def compose():
        title = job.params.get("title") or job.get_kind_display()
        subject = _("Ready: %(title)s") % {"title": title}
        parts = (job.message_text, link(job.get_absolute_url()))
        body = "\n\n".join(part for part in parts if part)
        return subject, body

    notify([job.user], compose, kind=Notification.Kind.REPORT_READY, url=job.get_absolute_url())
