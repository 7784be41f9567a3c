"""The call-off schedule import (core.importing): a buyer's schedule of call-offs for one
agreement, one call-off per row, from its planning sheet or its ERP.

``check`` never writes: each row goes through ``services.prepare``, the function that
``release`` and ``release_schedule`` save from, so the preview gives the messages the call-off
form and the API give (the agreement's end, a due date in the past, the kanban arithmetic, the
delivery window, a number the agreement already has or the file gives twice). ``apply`` checks
again inside one transaction and writes through ``services.release_schedule``: all rows or none,
one message to the supplier for the whole schedule, a webhook event per call-off.

Every row asks the rule a call-off released by hand asks (``calloffs.add_calloff``); a refused
row is a row error, so a buyer who left the firm before the worker ran writes nothing.

Cells are text as typed: a part named ``=HYPERLINK(…)`` is stored and shown as those characters.
"""

from collections import Counter
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.core.exceptions import ValidationError
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.functional import lazy
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext

from rantai.calloffs import services
from rantai.calloffs.models import DEFAULT_ACK_HOURS, CallOff
from rantai.core.access import can, get_for, require
from rantai.core.importing.importer import Importer, register, tick
from rantai.core.importing.parsers import (
    as_text,
    parse_date,
    parse_integer,
    parse_money,
    parse_number,
    parse_time,
)
from rantai.core.importing.reading import Column, FileError, Table
from rantai.core.importing.rows import Cells, ImportRejected, Outcome, ParsedRow, model_errors
from rantai.core.models import Job
from rantai.partnerships.models import OrderLine, Partnership

# Column key → the call-off's field it sets; the English header a file may carry instead is the
# field's name, as the API calls it.
FIELDS = {
    "nomor": "number",
    "nomor_part": "part_number",
    "revisi_gambar": "drawing_revision",
    "nama_part": "description",
    "jumlah": "quantity",
    "kartu_kanban": "kanban_cards",
    "jumlah_per_kartu": "card_quantity",
    "satuan": "unit",
    "harga_satuan": "unit_price",
    "jatuh_tempo": "due_on",
    "jendela_dari": "window_from",
    "jendela_sampai": "window_to",
    "titik_kirim": "delivery_point",
    "zona": "zone",
    "jam_konfirmasi": "ack_hours",
}
COLUMN_OF = {field: key for key, field in FIELDS.items()}  # for the services' errors
REQUIRED = {"nomor_part", "nama_part", "harga_satuan", "jatuh_tempo", "titik_kirim"}
FALLBACK = "nomor_part"  # the column of a row's problem that belongs to no one field


def _ack_help() -> str:
    return _("working hours the supplier has to acknowledge a firm call-off; default %(hours)d") % {
        "hours": DEFAULT_ACK_HOURS
    }


_TIME_HELP = gettext_lazy("08:00, 8.00 or an Excel time; leave both empty for no window")
HELP = {
    "nomor": gettext_lazy("Left empty, Rantai numbers it (CO-yymmdd-nnn)."),
    "jumlah": gettext_lazy(
        "1.250 or 12,5 as well as 12.5; may be left empty for a kanban pull (cards × quantity "
        "per card)"
    ),
    "kartu_kanban": CallOff._meta.get_field("kanban_cards").help_text,
    "satuan": gettext_lazy("pcs, set, kg or unit; default pcs"),
    "harga_satuan": gettext_lazy("e.g. 12.500"),
    "jatuh_tempo": gettext_lazy("31/01/2023, 31-01-2023, 31 Jan 2023, 2023-01-31 or an Excel date"),
    "jendela_dari": _TIME_HELP,
    "jendela_sampai": _TIME_HELP,
    "zona": gettext_lazy("firm or forecast (tetap or prakiraan); default firm"),
    "jam_konfirmasi": lazy(_ack_help, str)(),
}
COLUMNS = [
    Column(
        key,
        capfirst(CallOff._meta.get_field(field).verbose_name),
        HELP.get(key, ""),
        required=key in REQUIRED,
        alias=field,
    )
    for key, field in FIELDS.items()
]
UNITS = {choice.value for choice in OrderLine.Unit}
# The zone as a file may write it: the values, their Indonesian names (the .po's "tetap" and
# "prakiraan"), and the words people also use ("pasti", "perkiraan").
ZONES = {
    "firm": CallOff.Zone.FIRM,
    "tetap": CallOff.Zone.FIRM,
    "pasti": CallOff.Zone.FIRM,
    "forecast": CallOff.Zone.FORECAST,
    "prakiraan": CallOff.Zone.FORECAST,
    "perkiraan": CallOff.Zone.FORECAST,
}


def _parse_zone(value) -> str:
    text = as_text(value).lower()
    if text in ZONES:
        return ZONES[text]
    raise ValidationError(
        _("Unknown zone %(value)s; use tetap (firm) or prakiraan (forecast).")
        % {"value": as_text(value)}
    )


def _parse_unit(value) -> str:
    unit = as_text(value).lower()
    if unit in UNITS:
        return unit
    raise ValidationError(
        _("Unknown unit %(value)s; use pcs, set, kg or unit.") % {"value": as_text(value)}
    )


PARSERS = {
    "jumlah": parse_number,
    "kartu_kanban": parse_integer,
    "jumlah_per_kartu": parse_number,
    "satuan": _parse_unit,
    "harga_satuan": parse_money,
    "jatuh_tempo": parse_date,
    "jendela_dari": parse_time,
    "jendela_sampai": parse_time,
    "zona": _parse_zone,
    "jam_konfirmasi": parse_integer,
}


def _values(cells: Cells) -> dict:
    """What the row says, by field: None for an empty or unreadable cell (so the model's
    default applies, or its validation reports a missing value once)."""
    values = {
        field: cells.get(key, PARSERS.get(key, as_text), required=key in REQUIRED)
        for key, field in FIELDS.items()
    }
    kanban = cells.filled("kartu_kanban") and cells.filled("jumlah_per_kartu")
    if not cells.filled("jumlah") and not kanban:
        cells.fail("jumlah", _("Give the quantity, or the kanban cards and the quantity per card."))
    return values


@dataclass
class SchedulePlan:
    """What checking the rows so far has found: the numbers they use (a later row may not use
    them again), every number the file gives (a number made up avoids them), and the count of
    call-offs by zone."""

    partnership: Partnership
    now: datetime
    typed: set[str]
    used: set[str] = field(default_factory=set)
    zones: Counter = field(default_factory=Counter)


def _check_row(cells: Cells, plan: SchedulePlan, user) -> tuple[dict, CallOff] | None:
    """The row's values and the call-off they would release, checked as releasing it checks it
    (against the stored call-offs and orders and the rows above); None when the row has a
    problem. Nothing is saved."""
    values = _values(cells)
    try:
        call_off = services.prepare(
            plan.partnership, user, values, plan.now, used=plan.used, typed=plan.typed
        )
    except ValidationError as exc:
        for key, message in model_errors(exc, COLUMN_OF, FALLBACK):
            cells.fail(key, message)
        call_off = None
    if values["number"]:
        plan.used.add(values["number"])
    if cells.errors:
        return None
    plan.used.add(call_off.number)
    plan.zones[call_off.zone] += 1
    return values, call_off


def _clock(moment) -> str:
    return f"{moment:%H:%M}" if moment else ""


def _preview(row: int, call_off: CallOff) -> dict:
    window = ""
    if call_off.window_from or call_off.window_to:
        window = f"{_clock(call_off.window_from)}–{_clock(call_off.window_to)}"
    return {
        "row": row,
        "number": call_off.number,
        "part_number": call_off.part_number,
        "part": call_off.description,
        "quantity": floatformat(call_off.quantity, "-2g"),
        "unit": call_off.unit,
        "due": formats.date_format(call_off.due_on, "SHORT_DATE_FORMAT"),
        "window": window,
        "zone": call_off.zone,
    }


def _example_due() -> date:
    return timezone.localdate() + timedelta(days=7)


class CallOffScheduleImporter(Importer):
    kind = Job.Kind.CALLOFF_IMPORT
    columns = COLUMNS
    title = gettext_lazy("Call-offs")
    template_filename = "rantai-call-off-schedule-template.xlsx"
    form_template = "calloffs/import_form.html"
    summary_template = "calloffs/import_summary.html"
    review_url_name = confirm_url_name = "calloffs:import-review"
    target_param = "partnership"

    @property
    def example(self) -> list:
        """A firm call-off due a week from today, so the template imports as it is."""
        return [
            None,
            "BS-12",
            "C",
            "Bushing baja suspensi",
            500,
            None,
            None,
            "pcs",
            4500,
            _example_due(),
            time(8),
            time(10),
            "Gudang penerimaan, Gerbang 2",
            pgettext("call-off zone", "firm"),
            DEFAULT_ACK_HOURS,
        ]

    def target(self, user, pk):
        """The agreement (404 unless the user sees it) if he may release its call-offs (403)."""
        partnership = get_for(
            user, Partnership.objects.select_related("supplier", "buyer", "cooperative"), pk=pk
        )
        require(user, "add", CallOff(partnership=partnership))
        return partnership

    def job_target(self, job) -> Partnership:
        return Partnership.objects.select_related("buyer", "supplier").get(
            pk=job.params[self.target_param]
        )

    def links(self, target: Partnership) -> dict:
        board_url = f"{reverse('calloffs:board')}?partnership={target.pk}"
        import_url = reverse("calloffs:import", args=[target.pk])
        return {
            "breadcrumbs": [
                (_("Call-offs"), reverse("calloffs:board")),
                (str(target), board_url),
                (_("Import"), import_url),
            ],
            "import_url": import_url,
            "template_url": reverse("calloffs:import-template", args=[target.pk]),
            "done_url": board_url,
            "done_label": _("See the call-offs"),
        }

    def form_context(self, target: Partnership) -> dict:
        return {"releasable": target.status in services.IN_FORCE}

    def check_target(self, target: Partnership) -> None:
        try:
            services.check_agreement(target)
        except ValidationError as exc:
            raise FileError(" ".join(exc.messages)) from None

    def check(self, table: Table, outcome: Outcome, *, user, target, progress) -> None:
        typed = {n for _row, raw in table.rows if (n := as_text(raw.get("nomor")))}
        plan = SchedulePlan(target, timezone.now(), typed)
        allowed = can(user, "add", CallOff(partnership=target))
        for index, (number, raw) in enumerate(table.rows, start=1):
            cells = Cells(number, raw)
            checked = _check_row(cells, plan, user)
            if not allowed:
                cells.fail("nomor", _("You may not do this"))
            outcome.add(cells)
            if checked and allowed:
                values, call_off = checked
                outcome.rows.append(ParsedRow(number, values))
                outcome.show(_preview(number, call_off))
            tick(progress, index, len(table.rows), 200)
        outcome.counts = {
            "call_offs": len(outcome.rows),
            **{zone: plan.zones[zone] for zone in CallOff.Zone.values},
        }
        outcome.writes = len(outcome.rows)

    def lock(self, target: Partnership) -> Partnership:
        # A status change waits until the schedule is written, and another import into the same
        # agreement waits and then sees these numbers.
        return Partnership.objects.select_for_update().get(pk=target.pk)

    def write(self, outcome: Outcome, *, user, target, progress) -> None:
        rows = outcome.rows
        try:
            services.release_schedule(
                partnership=target, user=user, rows=[row.values for row in rows]
            )
        except services.ScheduleRejected as exc:
            outcome.errors = []
            for index, error in exc.rows.items():
                for key, message in model_errors(error, COLUMN_OF, FALLBACK):
                    outcome.fail(rows[index - 1].number, key, message)
            raise ImportRejected(outcome) from exc
        tick(progress, len(rows), len(rows), 1)

    def done_message(self, outcome: Outcome) -> str:
        count = outcome.counts["call_offs"]
        return ngettext("%(count)d call-off released", "%(count)d call-offs released", count) % {
            "count": count
        }


SCHEDULE = register(CallOffScheduleImporter())
