import logging

from django.db import transaction
from django.utils import translation
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from rantai.core.models import Job

logger = logging.getLogger(__name__)


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
    """Load the job, run ``work(job)`` in the job's language, and record a failure on the job."""
    job = Job.objects.select_related("user").get(pk=job_id)
    with translation.override(job.params.get("language")):
        try:
            work(job)
        except Exception:
            logger.exception("Job %s failed", job.pk)
            job.fail(_("Something went wrong; the team has been told. Nothing was changed."))
            raise
