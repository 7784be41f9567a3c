import io

from django.core.exceptions import ValidationError
from django.tasks import task
from django.utils.translation import gettext as _

from rantai.core import spreadsheets
from rantai.core.access import can
from rantai.core.jobs import run_job
from rantai.matchmaking import services
from rantai.matchmaking.models import Event


@task
def run_schedule(job_id: int) -> None:
    run_job(job_id, _schedule)


def _schedule(job) -> None:
    event = Event.objects.get(pk=job.params["event_id"])
    if not can(job.user, "manage", event):
        raise PermissionError(f"{job.user} does not organise event {event.pk}")
    job.start(total=1, message=_("Looking for the best schedule"))
    try:
        run = services.run_scheduler(event=event, seconds=job.params.get("seconds", 10), job=job)
    except ValidationError as exc:
        job.fail(" ".join(exc.messages), {"next_url": job.params.get("next_url")})
        return
    job.succeed(
        {"next_url": job.params.get("next_url"), "run": run.pk},
        message=_("%(meetings)d meetings placed (%(status)s)")
        % {"meetings": run.scheduled, "status": run.status},
    )


def stats_xlsx(event, figures: dict) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Summary")[:31]
    spreadsheets.append(sheet, [event.name])
    rows = [
        (_("Buyers registered"), figures["buyers"]),
        (_("Suppliers registered"), figures["suppliers"]),
        (_("Approved"), figures["approved"]),
        (_("Checked in"), figures["checked_in"]),
        (_("Meeting requests"), figures["requests"]),
        (_("Accepted"), figures["accepted"]),
        (_("Declined"), figures["declined"]),
        (_("Waiting"), figures["pending"]),
        (_("Acceptance rate (%)"), figures["acceptance_rate"]),
        (_("Meetings scheduled"), figures["scheduled"]),
        (_("Meetings held"), figures["held"]),
        (_("Held ÷ scheduled (%)"), figures["held_rate"]),
        (_("No-shows"), figures["no_shows"]),
    ]
    for row in rows:
        spreadsheets.append(sheet, [str(row[0]), row[1]])
    spreadsheets.append(sheet, [])
    spreadsheets.append(sheet, [_("Outcome")])
    for _stage, label, count in figures["by_stage"]:
        spreadsheets.append(sheet, [str(label), count])
    sheet.column_dimensions["A"].width = 34
    for title, key in ((_("Buyers"), "buyers_table"), (_("Suppliers"), "suppliers_table")):
        table = workbook.create_sheet(str(title)[:31])
        spreadsheets.append(
            table,
            [
                _("Firm"),
                _("Scheduled"),
                _("Held"),
                _("No-shows (absent)"),
                _("Sample, quotation or agreement"),
            ],
        )
        for cell in table[1]:
            cell.font = Font(bold=True)
        for row in figures[key]:
            spreadsheets.append(
                table,
                [
                    row["registration"].firm.name,
                    row["scheduled"],
                    row["held"],
                    row["no_show"],
                    row["positive"],
                ],
            )
        table.column_dimensions["A"].width = 42
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
