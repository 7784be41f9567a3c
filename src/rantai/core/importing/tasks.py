"""The two background steps of every import: check the uploaded file (the preview), then, once
the user confirms, apply it. Each loads its job by id and takes the importer from the job's
kind; progress goes to the job (core.models.Job)."""

import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path, PurePosixPath

from django.tasks import task
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from rantai.core.importing.importer import IMPORTERS
from rantai.core.importing.reading import FileError
from rantai.core.importing.rows import ImportRejected, Outcome
from rantai.core.jobs import run_job
from rantai.core.models import Job


def _run(job: Job, step: str) -> Outcome:
    """The importer's ``validate`` or ``apply`` of the job's file, for the job's user."""
    importer = IMPORTERS[job.kind]
    with local_copy(job.input_file) as path:
        return getattr(importer, step)(
            path, user=job.user, target=importer.job_target(job), progress=job.report
        )


@contextmanager
def local_copy(stored) -> Iterator[Path]:
    """A stored file (``FieldFile``) as a temporary local file with the same suffix, which the
    readers go by, removed afterwards. The storage may be an S3 bucket, where a file has no
    path; the worker may run on another machine than the server that took the upload."""
    suffix = PurePosixPath(stored.name).suffix
    with tempfile.NamedTemporaryFile(suffix=suffix) as copy:
        with stored.open("rb") as source:
            shutil.copyfileobj(source, copy)
        copy.flush()
        yield Path(copy.name)


@task
def check_import(job_id: int) -> None:
    run_job(job_id, _check)


def _check(job: Job) -> None:
    job.start(message=gettext_noop("Checking every row"))
    next_url = IMPORTERS[job.kind].review_url(job)
    try:
        outcome = _run(job, "validate")
    except FileError as exc:
        job.fail(str(exc), {"next_url": next_url, "file_error": str(exc)})
        return
    job.total = outcome.total
    job.succeed(
        {**outcome.as_dict(), "next_url": next_url, "stage": "validated"},
        message=_("Checked %(rows)d rows") % {"rows": outcome.total},
    )


@task
def apply_import(job_id: int) -> None:
    run_job(job_id, _apply)


def _apply(job: Job) -> None:
    importer = IMPORTERS[job.kind]
    job.start(total=job.result.get("total", 0), message=gettext_noop("Importing"))
    next_url = importer.review_url(job)
    rejected = _("The file no longer passes the checks; nothing was imported.")
    try:
        outcome = _run(job, "apply")
    except FileError as exc:
        job.fail(
            rejected,
            {**job.result, "next_url": next_url, "stage": "rejected", "file_error": str(exc)},
        )
        return
    except ImportRejected as exc:
        job.fail(rejected, {**exc.outcome.as_dict(), "next_url": next_url, "stage": "rejected"})
        return
    job.total = outcome.total  # the bar counted writes; the finished job shows rows
    job.succeed(
        {**outcome.as_dict(), "next_url": next_url, "stage": "imported"},
        message=importer.done_message(outcome),
    )
