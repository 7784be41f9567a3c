"""Background work for partnerships: register exports and the reminder run."""

from django.core.files.base import ContentFile
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext_noop

from rantai.core.jobs import run_job
from rantai.core.models import Job
from rantai.firms.models import Firm
from rantai.partnerships import reminders, reports, scorecards


@task
def export_partnerships(job_id: int) -> None:
    run_job(job_id, _export)


def _export(job: Job) -> None:
    job.start()
    fmt = job.params["format"]
    query = job.params.get("query", "")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    if fmt == "xlsx":
        content = reports.register_xlsx(job.user, query, progress=job.report)
        filename = f"rantai-kemitraan-{stamp}.xlsx"
    else:
        content = reports.summary_pdf(job.user, query, progress=job.report)
        filename = f"rantai-kemitraan-{stamp}.pdf"
    job.output_file.save(filename, ContentFile(content), save=False)
    job.succeed({"filename": filename}, message=gettext_noop("The file is ready."))


@task
def send_reminders() -> int:
    """Run daily (see docs/operations.md): renewal and expiry reminders."""
    return len(reminders.send_due())


@task
def recompute_scorecard(buyer_id: int) -> int:
    """Recompute a buyer's scorecard after its orders or deliveries changed."""

    buyer = Firm.objects.get(pk=buyer_id)
    return scorecards.compute(scorecards.scorecard_for(buyer))
