"""Background work for the firm registry. Each task loads its job by id and calls a plain
function; progress goes to the job (see core.models.Job)."""

import os
from pathlib import Path

from django.core.files import File
from django.tasks import task
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from rantai.core.jobs import run_job
from rantai.core.models import Job
from rantai.firms import exporting, importing, siinas


@task
def export_firms(job_id: int) -> None:
    run_job(job_id, _export)


def _export(job: Job) -> None:
    job.start()
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    fmt = job.params["format"]
    rows = exporting.rows(job.user, job.params.get("query", ""), progress=job.report)
    path = exporting.write_xlsx(rows, _("Firms")) if fmt == "xlsx" else exporting.write_csv(rows)
    filename = f"rantai-firms-{stamp}.{fmt}"
    _attach(job, path, filename)
    job.succeed(
        {"filename": filename, "rows": job.total}, message=_("%(rows)d firms") % {"rows": job.total}
    )


@task
def export_siinas(job_id: int) -> None:
    run_job(job_id, _export_siinas)


def _export_siinas(job: Job) -> None:
    year, fmt = job.params["year"], job.params["format"]
    years = siinas.industry_years(job.user, year, job.params.get("query", ""))
    job.start(total=years.count())
    rows = siinas.year_rows(years, progress=job.report)
    if fmt == "xlsx":
        path = exporting.write_workbook(
            [
                (_("Firms %(year)d") % {"year": year}, rows),
                (_("Raw materials"), siinas.material_rows(years)),
                (_("Machines"), siinas.machine_rows(years)),
            ]
        )
    else:
        path = exporting.write_csv(rows)
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    filename = f"rantai-siinas-{year}-{stamp}.{fmt}"
    _attach(job, path, filename)
    job.succeed(
        {"filename": filename, "rows": job.total},
        message=_("%(rows)d firms with data for %(year)d") % {"rows": job.total, "year": year},
    )


@task
def validate_firm_import(job_id: int) -> None:
    run_job(job_id, _validate)


def _validate(job: Job) -> None:
    job.start(message=_("Checking every row"))
    next_url = reverse("firms:import-review", args=[job.pk])
    try:
        outcome = importing.validate(Path(job.input_file.path), user=job.user, progress=job.report)
    except importing.FileError as exc:
        job.fail(str(exc), {"next_url": next_url, "file_error": str(exc)})
        return
    job.total = outcome.total
    job.succeed(
        {**outcome.as_dict(), "next_url": next_url, "stage": "validated"},
        message=_("Checked %(rows)d rows") % {"rows": outcome.total},
    )


@task
def apply_firm_import(job_id: int) -> None:
    run_job(job_id, _apply)


def _apply(job: Job) -> None:
    job.start(total=job.result.get("total", 0), message=_("Importing"))
    next_url = reverse("firms:import-review", args=[job.pk])
    try:
        outcome = importing.apply(Path(job.input_file.path), user=job.user, progress=job.report)
    except (importing.FileError, importing.ImportRejected) as exc:
        detail = exc.outcome.as_dict() if isinstance(exc, importing.ImportRejected) else {}
        job.fail(
            _("The file no longer passes the checks; nothing was imported."),
            {**detail, "next_url": next_url, "stage": "rejected"},
        )
        return
    job.succeed(
        {**outcome.as_dict(), "next_url": next_url, "stage": "imported"},
        message=_("%(new)d new firms, %(updated)d updated")
        % {"new": outcome.new, "updated": outcome.updated},
    )


def _attach(job: Job, path: str, filename: str) -> None:
    """Keep the temporary file written at ``path`` as the job's download, then remove it."""
    try:
        with open(path, "rb") as fh:
            job.output_file.save(filename, File(fh), save=False)
    finally:
        os.unlink(path)
