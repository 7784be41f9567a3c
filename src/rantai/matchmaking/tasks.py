"""Background work for temu bisnis: the scheduler and the PDFs (an agenda, the table cards).
Each task loads its job by id, asks the rule again (the user may have lost the right since he
asked) and calls a plain function."""

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.tasks import task
from django.utils.translation import gettext_noop

from rantai.core.access import can
from rantai.core.jobs import run_job
from rantai.core.models import Job
from rantai.matchmaking import agenda, reports, services
from rantai.matchmaking.models import Event, Registration


@task
def run_schedule(job_id: int) -> None:
    run_job(job_id, _schedule)


def _schedule(job) -> None:
    event = Event.objects.get(pk=job.params["event_id"])
    if not can(job.user, "manage", event):
        raise PermissionError(f"{job.user} does not organise event {event.pk}")
    job.start(total=1, message=gettext_noop("Looking for the best schedule"))
    try:
        run = services.run_scheduler(event=event, seconds=job.params["seconds"], job=job)
    except ValidationError as exc:
        job.fail(" ".join(exc.messages), {"next_url": job.params.get("next_url")})
        return
    job.succeed(
        {"next_url": job.params.get("next_url"), "run": run.pk},
        message=run.verdict,
    )


@task
def replan_day(job_id: int) -> None:
    run_job(job_id, _replan_day)


def _replan_day(job) -> None:
    event = Event.objects.get(pk=job.params["event_id"])
    if not can(job.user, "manage", event):
        raise PermissionError(f"{job.user} does not organise event {event.pk}")
    job.start(total=1, message=gettext_noop("Re-planning the rest of the day"))
    dropped = list(event.meetings.filter(pk__in=job.params.get("dropped", [])))
    try:
        solution = services.replan_day(event=event, dropped=dropped)
    except ValidationError as exc:
        job.fail(" ".join(exc.messages), {"next_url": job.params.get("next_url")})
        return
    job.succeed({"next_url": job.params.get("next_url")}, message=services.replan_words(solution))


@task
def agenda_pdf(job_id: int) -> None:
    run_job(job_id, _agenda_pdf)


def _agenda_pdf(job: Job) -> None:
    registration = Registration.objects.select_related("event", "firm").get(
        pk=job.params["registration"]
    )
    if not agenda.readable_by(job.user, registration):
        raise PermissionError(f"{job.user} may not read the agenda of {registration.pk}")
    job.start(total=1)
    meetings = agenda.shown_meetings(job.user, registration)
    content = reports.agenda_pdf(registration, meetings, job.params["check_in_url"])
    _keep(job, content, f"agenda-{registration.event_id}-{registration.pk}.pdf")


@task
def table_cards(job_id: int) -> None:
    run_job(job_id, _table_cards)


def _table_cards(job: Job) -> None:
    event = Event.objects.get(pk=job.params["event_id"])
    if not can(job.user, "manage", event):
        raise PermissionError(f"{job.user} does not organise event {event.pk}")
    job.start(total=1)
    _keep(job, reports.table_cards_pdf(event), f"table-cards-{event.pk}.pdf")


def _keep(job: Job, content: bytes, filename: str) -> None:
    """The file stays on the job; the job's page offers it."""
    job.output_file.save(filename, ContentFile(content), save=False)
    job.succeed({"filename": filename}, message=gettext_noop("The file is ready."))
