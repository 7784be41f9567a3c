"""Background work for the firm registry. Each task loads its job by id and calls a plain
function; progress goes to the job (see core.models.Job)."""

import os

from django.core.files import File
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _

from rantai.core.jobs import run_job
from rantai.core.models import Job
from rantai.firms import exporting, siinas


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


def _attach(job: Job, path: str, filename: str) -> None:
    """Keep the temporary file written at ``path`` as the job's download, then remove it."""
    try:
        with open(path, "rb") as fh:
            job.output_file.save(filename, File(fh), save=False)
    finally:
        os.unlink(path)
