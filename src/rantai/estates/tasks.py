"""Background work for estates: the estate report (PDF or XLSX), kept on the job for download."""

from datetime import date

from django.core.files.base import ContentFile
from django.tasks import task
from django.utils.translation import gettext_noop

from rantai.core.jobs import run_job
from rantai.core.models import Job
from rantai.estates import reports
from rantai.estates.models import Estate


@task
def estate_report(job_id: int) -> None:
    run_job(job_id, _report)


def _report(job: Job) -> None:
    job.start(total=4)
    estate = Estate.objects.get(pk=job.params["estate"])
    day = date.fromisoformat(job.params["day"])
    context = reports.report_context(estate, day)
    fmt = job.params["format"]
    if fmt == "xlsx":
        content = reports.estate_xlsx(context, progress=job.report)
    else:
        job.report(2, 4)
        content = reports.estate_pdf(context)
    filename = f"laporan-kawasan-{estate.pk}-{day:%Y%m%d}.{fmt}"
    job.output_file.save(filename, ContentFile(content), save=False)
    job.succeed({"filename": filename}, message=gettext_noop("The file is ready."))
