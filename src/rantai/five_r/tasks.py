"""Reports are built in the background: they load the job by id and call reports.py."""

from django.core.files.base import ContentFile
from django.tasks import task
from django.utils import timezone, translation
from django.utils.translation import gettext_noop

from rantai.core.jobs import run_job
from rantai.core.models import Job
from rantai.five_r import reports
from rantai.five_r.models import Audit, Program


@task
def build_report(job_id: int) -> None:
    run_job(job_id, _build)


def _build(job: Job) -> None:
    kind, object_id = job.params["report"], job.params["object_id"]
    job.start(total=1)
    with translation.override(job.params.get("report_language", "id")):
        if kind == "audit":
            audit = Audit.objects.restrict(job.user, "view").get(pk=object_id)
            content, name = reports.audit_pdf(audit), f"audit-5r-{audit.pk}"
        else:
            # The job's user may have lost the program since he asked: it is then not found.
            program = Program.objects.restrict(job.user, "view").get(pk=object_id)
            if kind == "program":
                content, name = reports.program_pdf(program, job.user), f"program-5r-{program.pk}"
            else:
                content, name = reports.program_xlsx(program, job.user), f"program-5r-{program.pk}"
        extension = "xlsx" if kind == "program-xlsx" else "pdf"
    filename = f"{name}-{timezone.localtime():%Y%m%d-%H%M}.{extension}"
    job.output_file.save(filename, ContentFile(content), save=False)
    job.succeed({"filename": filename}, message=gettext_noop("Ready"))
