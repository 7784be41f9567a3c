"""Background work for the ERP import of orders and deliveries (see importing.py). Each task
loads its job by id and calls a plain function; progress goes to the job (core.models.Job)."""

from pathlib import Path

from django.tasks import task
from django.urls import reverse
from django.utils.translation import gettext as _

from rantai.core.jobs import run_job
from rantai.core.models import Job
from rantai.partnerships import importing
from rantai.partnerships.models import Partnership

KIND = "orders_import"


def _review_url(job: Job) -> str:
    return reverse("partnerships:orders-import-review", args=[job.pk])


def _partnership(job: Job) -> Partnership:
    return Partnership.objects.get(pk=job.params["partnership"])


@task
def validate_orders_import(job_id: int) -> None:
    run_job(job_id, _validate)


def _validate(job: Job) -> None:
    job.start(message=_("Checking every row"))
    next_url = _review_url(job)
    try:
        outcome = importing.validate(
            Path(job.input_file.path), _partnership(job), user=job.user, progress=job.report
        )
    except importing.FileError as exc:
        job.fail(str(exc), {"next_url": next_url, "file_error": str(exc)})
        return
    job.total = outcome.total
    job.succeed(
        {**outcome.as_dict(), "next_url": next_url, "stage": "validated"},
        message=_("Checked %(rows)d rows") % {"rows": outcome.total},
    )


@task
def apply_orders_import(job_id: int) -> None:
    run_job(job_id, _apply)


def _apply(job: Job) -> None:
    job.start(total=job.result.get("total", 0), message=_("Importing"))
    next_url = _review_url(job)
    try:
        outcome = importing.apply(
            Path(job.input_file.path), _partnership(job), user=job.user, progress=job.report
        )
    except importing.FileError as exc:
        job.fail(
            _("The file no longer passes the checks; nothing was imported."),
            {**job.result, "next_url": next_url, "stage": "rejected", "file_error": str(exc)},
        )
        return
    except importing.ImportRejected as exc:
        job.fail(
            _("The file no longer passes the checks; nothing was imported."),
            {**exc.outcome.as_dict(), "next_url": next_url, "stage": "rejected"},
        )
        return
    job.total = outcome.total  # the bar counted writes; the finished job shows rows
    job.succeed(
        {**outcome.as_dict(), "next_url": next_url, "stage": "imported"},
        message=_("%(orders)d new orders, %(lines)d new lines, %(deliveries)d new deliveries")
        % {
            "orders": len(outcome.new_orders),
            "lines": outcome.lines_new,
            "deliveries": len(outcome.deliveries),
        },
    )
