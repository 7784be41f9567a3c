"""What a temu bisnis prints and exports: a participant's agenda and the table cards (PDF,
printed by jobs, see tasks.py) and the statistics workbook."""

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Font

from rantai.core import spreadsheets
from rantai.core.pdf import qr_svg, render_pdf
from rantai.matchmaking.models import Event, Registration
from rantai.matchmaking.services import LIVE


def agenda_pdf(registration: Registration, meetings: list, check_in_url: str) -> bytes:
    """The agenda to print, with the QR code that opens ``check_in_url`` at the door."""
    return render_pdf(
        "matchmaking/agenda_pdf.html",
        {
            "event": registration.event,
            "registration": registration,
            "meetings": meetings,
            "qr": qr_svg(check_in_url),
        },
    )


def table_cards_pdf(event: Event) -> bytes:
    """One card per table: its meetings through the day, to stand on the table."""
    meetings = event.meetings.filter(status__in=LIVE).select_related(
        "slot", "request__requester__firm", "request__recipient__firm"
    )
    by_table: dict[int, list] = {}
    for meeting in meetings:
        by_table.setdefault(meeting.table_label, []).append(meeting)
    return render_pdf(
        "matchmaking/table_cards.html", {"event": event, "tables": sorted(by_table.items())}
    )


def stats_xlsx(event, figures: dict) -> bytes:
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
