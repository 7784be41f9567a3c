"""Background work for program insights: the official report (PDF or XLSX), kept on the job for
download. The filters in the job were clamped to the officer's remit by the view; the task checks
the remit again, in case it changed while the job waited."""

from dataclasses import asdict

from django.core.files.base import ContentFile
from django.tasks import task
from django.utils.translation import gettext_noop

from rantai.core.jobs import run_job
from rantai.core.models import Job
from rantai.insights import reports
from rantai.insights.funnel import Filters
from rantai.insights.rules import covers


def job_params(filters: Filters) -> dict:
    return {"filters": asdict(filters)}


def may_report(user, region: str | None) -> bool:
    return user.has_perm("insights.view_insights") and covers(user, region)


@task
def program_report(job_id: int) -> None:
    run_job(job_id, _report)


def _report(job: Job) -> None:
    filters = Filters(**job.params["filters"])
    if not may_report(job.user, filters.region):
        raise PermissionError(f"{job.user} may not report on {filters.region or 'the nation'}")
    fmt, language = job.params["format"], job.params["language"]
    job.start(total=3)
    if fmt == "xlsx":
        content = reports.build_xlsx(filters, language=language, progress=job.report)
    else:
        job.report(1, 3)
        content = reports.build_pdf(filters, language=language)
    filename = reports.filename(filters, fmt)
    job.output_file.save(filename, ContentFile(content), save=False)
    job.succeed({"filename": filename}, message=gettext_noop("The file is ready."))
