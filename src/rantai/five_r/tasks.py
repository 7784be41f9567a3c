"""Work in the background: reports (reports.py) and the import of a phone's outbox
(outbox.py). Each task loads its job by id."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.tasks import task
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from rantai.core.jobs import run_job
from rantai.core.models import Job
from rantai.five_r import outbox, reports
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


@task
def import_outbox(job_id: int) -> None:
    run_job(job_id, _import_outbox)


def _import_outbox(job: Job) -> None:
    """Import a phone's outbox file for the job's user; the page shows what it brought."""
    next_url = f"{reverse('five_r:outbox-import')}?job={job.pk}"
    with job.input_file.open("rb") as stored:
        raw = stored.read()
    job.start(message=gettext_noop("Importing"))
    try:
        result = outbox.import_outbox(raw, user=job.user, progress=job.report)
    except (ValidationError, PermissionDenied) as exc:  # changed since the page checked it
        errors = exc.messages if isinstance(exc, ValidationError) else [str(exc)]
        job.fail(
            _("The file no longer passes the checks; nothing was imported."),
            {"next_url": next_url, "errors": errors},
        )
        return
    job.succeed(
        {**result.as_dict(), "next_url": next_url},
        message=gettext_noop("The phone's outbox was imported."),
    )
