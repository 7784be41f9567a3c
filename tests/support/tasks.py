"""A task for the fault tests: a job that works slowly, so a test can kill its worker halfway."""

import time
from pathlib import Path

from django.tasks import task

from rantai.core.jobs import run_job


@task
def slow_job(job_id: int) -> None:
    run_job(job_id, _slow)


def _slow(job) -> None:
    """Report progress every tenth of a second for a minute; once running, touch the file named
    in ``params["started"]`` so the test knows the worker is mid-job."""
    job.start(total=600)
    Path(job.params["started"]).touch()
    for done in range(600):
        job.report(done)
        time.sleep(0.1)
    job.succeed({})
