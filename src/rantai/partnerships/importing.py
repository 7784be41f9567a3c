"""Import a buyer's ERP export of orders and deliveries for one partnership: read, validate
every row, then write all or nothing.

Each row is one order line (order number + part + due date), optionally with one delivery
against it; rows sharing a line carry several deliveries of that line. ``validate`` never
writes: it checks every row with the same model validation and service rules as the order
forms, so the preview and the UI give the same messages. ``apply`` validates again inside one
transaction (the agreement or its orders may have changed since the preview), writes through
``services.create_order`` / ``services.add_delivery`` and rolls everything back on the first
problem.

Rows are matched to what is stored: an existing order number gets the new lines, an existing
line (same part and due date) is reused, and a delivery identical to a stored one (same line,
date, quantity received and rejected) is skipped as already imported, so importing the same
export twice adds nothing. Identical deliveries are counted, not merely compared: two trucks
of 100 pcs on the same day are two rows in the export and stay two deliveries, and a
re-import of that export finds both stored.

Given the user, every row that would write something is asked the rule the same write asks by
hand and through the API (``partnerships.add_order``, ``add_orderline``, ``add_delivery``); a
refused row is a row error, so nothing is written.
"""

import csv
import io
import re
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from types import SimpleNamespace

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.utils import formats, timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.models import HistoricalRecords

from rantai.core.access import can
from rantai.partnerships import services
from rantai.partnerships.models import Delivery, Order, OrderLine, Partnership

MAX_ROWS = 20000
MAX_ERRORS = 500
PREVIEW_ROWS = 20
Progress = Callable[[int, int], None]


@dataclass(frozen=True)
class Column:
    key: str  # the Indonesian header, as the template writes it
    alias: str  # the English header an ERP export may carry instead
    label: str | Promise
    help: str | Promise = ""
    required: bool = False


_DATE_HELP = gettext_lazy("31/01/2023, 31-01-2023, 2023-01-31 or an Excel date")
COLUMNS = [
    Column(
        "nomor_po",
        "order_number",
        gettext_lazy("Order number"),
        gettext_lazy("rows with the same number belong to one order"),
        required=True,
    ),
    Column("tanggal_po", "order_date", gettext_lazy("Order date"), _DATE_HELP, required=True),
    Column(
        "komponen",
        "part",
        gettext_lazy("Part"),
        gettext_lazy("part number or name; with the due date it identifies the order line"),
        required=True,
    ),
    Column(
        "jumlah",
        "quantity",
        gettext_lazy("Quantity"),
        gettext_lazy("ordered; 1.250 or 12,5 as well as 12.5"),
        required=True,
    ),
    Column(
        "satuan", "unit", gettext_lazy("Unit"), gettext_lazy("pcs, set, kg or unit; default pcs")
    ),
    Column(
        "harga_satuan",
        "unit_price",
        gettext_lazy("Unit price (Rp)"),
        gettext_lazy("e.g. 12.500"),
        required=True,
    ),
    Column("jatuh_tempo", "due_date", gettext_lazy("Due date"), _DATE_HELP, required=True),
    Column(
        "tanggal_kirim",
        "delivery_date",
        gettext_lazy("Delivery date"),
        gettext_lazy("leave the delivery columns empty for a line not delivered yet"),
    ),
    Column("jumlah_diterima", "delivered_qty", gettext_lazy("Received")),
    Column("jumlah_ditolak", "rejected_qty", gettext_lazy("Rejected"), gettext_lazy("default 0")),
    Column(
        "alasan_tolak",
        "reject_reason",
        gettext_lazy("Reason for rejection"),
        gettext_lazy("required when parts were rejected"),
    ),
]
BY_KEY = {c.key: c for c in COLUMNS}
HEADERS = {name: c.key for c in COLUMNS for name in (c.key, c.alias)}
DELIVERY_KEYS = ("tanggal_kirim", "jumlah_diterima", "jumlah_ditolak", "alasan_tolak")
UNITS = {choice.value for choice in OrderLine.Unit}

# Model fields each column sets, for mapping model and service errors back to columns.
ORDER_FIELDS = {"number": "nomor_po", "ordered_on": "tanggal_po"}
LINE_FIELDS = {
    "part": "komponen",
    "quantity": "jumlah",
    "unit": "satuan",
    "unit_price": "harga_satuan",
    "due_on": "jatuh_tempo",
}
DELIVERY_FIELDS = {
    "delivered_on": "tanggal_kirim",
    "quantity": "jumlah_diterima",
    "rejected": "jumlah_ditolak",
    "reject_reason": "alasan_tolak",
}

EXAMPLE_ROW = [
    "PO-2024-0117",
    date(2024, 1, 15),
    "Bushing baja BS-12",
    2500,
    "pcs",
    12500,
    date(2024, 2, 15),
    date(2024, 2, 14),
    2500,
    12,
    "Diameter luar di luar toleransi",
]


class FileError(Exception):
    """The file as a whole cannot be imported (wrong type, no header, too many rows, or an
    agreement under which no orders may be recorded)."""


@dataclass
class RowError:
    row: int
    column: str
    message: str


@dataclass
class ParsedRow:
    number: int
    order_number: str
    ordered_on: date
    part: str
    quantity: Decimal
    unit: str
    unit_price: Decimal
    due_on: date
    delivery: dict | None  # delivered_on, quantity, rejected, reject_reason

    @property
    def line_key(self) -> tuple[str, str, date]:
        return (self.order_number, self.part, self.due_on)

    def line_values(self) -> dict:
        return {
            "part": self.part,
            "quantity": self.quantity,
            "unit": self.unit,
            "unit_price": self.unit_price,
            "due_on": self.due_on,
        }


@dataclass
class LinePlan:
    rows: list[ParsedRow]
    existing: OrderLine | None = None

    @property
    def first(self) -> ParsedRow:
        return self.rows[0]


@dataclass
class Outcome:
    total: int = 0
    headers: dict[str, str] = field(default_factory=dict)  # column key → header in the file
    errors: list[RowError] = field(default_factory=list)
    # What would be written, in file order: new orders (number → their new lines), new lines
    # of stored orders, and the rows whose delivery is new.
    new_orders: dict[str, list[LinePlan]] = field(default_factory=dict)
    stored_orders: dict[str, Order] = field(default_factory=dict)
    stored_lines: dict[tuple, OrderLine] = field(default_factory=dict)  # line key → stored line
    lines_for_stored: list[LinePlan] = field(default_factory=list)
    deliveries: list[ParsedRow] = field(default_factory=list)
    orders_existing: int = 0
    lines_existing: int = 0
    deliveries_existing: int = 0
    preview: list[dict] = field(default_factory=list)

    def column(self, key: str) -> str:
        return self.headers.get(key, key)

    @property
    def lines_new(self) -> int:
        return sum(len(lines) for lines in self.new_orders.values()) + len(self.lines_for_stored)

    @property
    def writes(self) -> int:
        return len(self.new_orders) + len(self.lines_for_stored) + len(self.deliveries)

    def as_dict(self) -> dict:
        return {
            "total": self.total,
            "orders_new": len(self.new_orders),
            "orders_existing": self.orders_existing,
            "lines_new": self.lines_new,
            "lines_existing": self.lines_existing,
            "deliveries_new": len(self.deliveries),
            "deliveries_existing": self.deliveries_existing,
            "nothing_new": not self.errors and self.writes == 0,
            "error_count": len(self.errors),
            "errors": [e.__dict__ for e in self.errors[:MAX_ERRORS]],
            "preview": [] if self.errors else sorted(self.preview, key=lambda r: r["row"]),
        }


# ---- reading ---------------------------------------------------------------------------------


@dataclass
class Table:
    headers: dict[str, str]  # column key → the header as written in the file
    rows: list[tuple[int, dict]]  # (spreadsheet row number, {column key: cell value})


def read_table(path: Path) -> Table:
    """Every non-empty row under the header, cells as the file holds them: text from a CSV,
    numbers, dates and text from an .xlsx."""
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        rows = _xlsx_rows(path)
    elif suffix == ".csv":
        rows = _csv_rows(path)
    else:
        raise FileError(_("Upload an .xlsx or .csv file."))
    try:
        header = next(rows)
    except StopIteration:
        raise FileError(_("The file is empty.")) from None
    keys: list[str | None] = []
    headers: dict[str, str] = {}
    for cell in header:
        written = str(cell if cell is not None else "").strip()
        key = HEADERS.get(written.lower().replace(" ", "_"))
        if key in headers:
            raise FileError(
                _("The columns %(first)s and %(second)s hold the same thing; keep one.")
                % {"first": headers[key], "second": written}
            )
        if key:
            headers[key] = written
        keys.append(key)
    missing = [c.key for c in COLUMNS if c.required and c.key not in headers]
    if missing:
        raise FileError(
            _("The first row must hold the column names; missing: %(columns)s.")
            % {"columns": ", ".join(missing)}
        )
    table = Table(headers, [])
    for number, cells in enumerate(rows, start=2):
        values = {k: _blank(v) for k, v in zip(keys, cells, strict=False) if k}
        if any(v is not None for v in values.values()):
            if len(table.rows) >= MAX_ROWS:
                raise FileError(_("A file may hold at most %(max)d rows.") % {"max": MAX_ROWS})
            table.rows.append((number, values))
    return table


def _blank(value):
    """None for an empty cell, so '' and whitespace count as empty whatever the file type."""
    if isinstance(value, str):
        value = value.replace("\x00", "").strip()
        return value or None
    return value


def _xlsx_rows(path: Path) -> Iterator[tuple]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged or non-xlsx file
        raise FileError(_("This is not a readable .xlsx file.")) from exc
    try:
        yield from workbook.worksheets[0].iter_rows(values_only=True)
    finally:
        workbook.close()


def _csv_rows(path: Path) -> Iterator[list[str]]:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    yield from csv.reader(io.StringIO(text), dialect)


# ---- cell values -----------------------------------------------------------------------------


def as_text(value) -> str:
    """Text as the user sees it in the cell: an ERP number stored as a number, 4500012345,
    is the text "4500012345", not "4500012345.0"."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        value = value.date()
    return str(value).strip()


_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_DMY = re.compile(r"^(\d{1,2})([/-])(\d{1,2})\2(\d{4})$")


def parse_date(value) -> date:
    """An Excel date, or text as 2023-01-31, 31/01/2023 or 31-01-2023 (day first, as written
    in Indonesia; never month first)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = as_text(value)
    if match := _ISO.match(text):
        year, month, day = (int(g) for g in match.groups())
    elif match := _DMY.match(text):
        day, month, year = int(match[1]), int(match[3]), int(match[4])
    else:
        raise ValidationError(_("Enter a date such as 31/01/2023 or 2023-01-31."))
    try:
        return date(year, month, day)
    except ValueError:
        raise ValidationError(
            _("%(value)s is not a date in the calendar.") % {"value": text}
        ) from None


_GROUPED = {
    ".": re.compile(r"^[1-9]\d{0,2}(\.\d{3})+$"),
    ",": re.compile(r"^[1-9]\d{0,2}(,\d{3})+$"),
}
_DIGITS = re.compile(r"^\d+$")


def parse_number(value) -> Decimal:
    """An Excel number, or text as written in Indonesia or by an English ERP.

    A dot followed by groups of three digits separates thousands (1.250.000, also 1.250 =
    1250); a single comma is the decimal comma (12,5); a plain dot otherwise is a decimal
    point (12.5, 0.125). With both signs, the last one is the decimal separator (1.250.000,50
    and 1,250,000.50). "Rp" and spaces are ignored."""
    if isinstance(value, bool):
        raise ValidationError(_("Enter a number."))
    if isinstance(value, int | float | Decimal):
        try:
            return Decimal(str(value))
        except InvalidOperation:
            raise ValidationError(_("Enter a number.")) from None
    text = re.sub(r"[\s\u00a0]", "", as_text(value))
    text = re.sub(r"^rp\.?", "", text, flags=re.IGNORECASE)
    sign = ""
    if text[:1] in "+-" and text:
        sign, text = text[0].replace("+", ""), text[1:]
    number = _plain_number(text)
    if number is None:
        raise ValidationError(_("Enter a number."))
    return Decimal(sign + number)


def _plain_number(text: str) -> str | None:
    if "," in text and "." in text:
        decimal_sign = "," if text.rfind(",") > text.rfind(".") else "."
        group_sign = "." if decimal_sign == "," else ","
        whole, fraction = text.rsplit(decimal_sign, 1)
        grouped = _GROUPED[group_sign].match(whole) or _DIGITS.match(whole)
        if grouped and _DIGITS.match(fraction):
            return f"{whole.replace(group_sign, '')}.{fraction}"
        return None
    for sign in (".", ","):
        if _GROUPED[sign].match(text) and (sign == "." or text.count(",") > 1):
            return text.replace(sign, "")
    if "," in text or "." in text:
        whole, _sign, fraction = text.replace(",", ".").partition(".")
        if _DIGITS.match(whole) and _DIGITS.match(fraction):
            return f"{whole}.{fraction}"
        return None
    return text if _DIGITS.match(text) else None


def _show_number(value: Decimal) -> str:
    """12.500 or 12,5 as the user's language writes it, without trailing zeros."""
    value = value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()
    return formats.number_format(value, use_l10n=True, force_grouping=True)


def _show_date(value: date) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT")


# ---- checking a row on its own ---------------------------------------------------------------


def _model_errors(exc: ValidationError, fields: dict[str, str], fallback: str):
    """(column key, message) for each field error of a model or service validation."""
    if not hasattr(exc, "error_dict"):
        yield fallback, " ".join(exc.messages)
        return
    for name, messages in exc.message_dict.items():
        column = fields.get(name, fallback) if name != NON_FIELD_ERRORS else fallback
        yield column, " ".join(messages)


def _only_zero_rejected(raw: dict) -> bool:
    """A lone 0 in the rejected column is what many ERPs write for a line not delivered yet;
    it does not make the row a delivery."""
    filled = [k for k in DELIVERY_KEYS if raw.get(k) is not None]
    if filled != ["jumlah_ditolak"]:
        return False
    try:
        return parse_number(raw["jumlah_ditolak"]) == 0
    except ValidationError:
        return False


def _parse_row(number: int, raw: dict, today: date) -> tuple[ParsedRow | None, list[tuple]]:
    """One row checked on its own: formats, required values, the models' validation and the
    services' date rules. Errors are (column key, message)."""
    errors: list[tuple[str, str]] = []
    failed: set[str] = set()

    def fail(key: str, message) -> None:
        if key not in failed:
            failed.add(key)
            errors.append((key, str(message)))

    def value(key: str, parser=None, required: bool = False):
        cell = raw.get(key)
        if cell is None:
            if required:
                fail(key, _("This field is required."))
            return None
        if parser is None:
            return as_text(cell)
        try:
            return parser(cell)
        except ValidationError as exc:
            fail(key, " ".join(exc.messages))
            return None

    order_number = value("nomor_po", required=True)
    ordered_on = value("tanggal_po", parse_date, required=True)
    part = value("komponen", required=True)
    quantity = value("jumlah", parse_number, required=True)
    unit = (value("satuan") or OrderLine.Unit.PIECE).lower()
    if unit not in UNITS:
        fail("satuan", _("Unknown unit %(value)s; use pcs, set, kg or unit.") % {"value": unit})
    unit_price = value("harga_satuan", parse_number, required=True)
    due_on = value("jatuh_tempo", parse_date, required=True)

    delivery = None
    if any(raw.get(k) is not None for k in DELIVERY_KEYS) and not _only_zero_rejected(raw):
        # Some delivery column is filled: the delivery needs its date and quantity.
        delivered_on = value("tanggal_kirim", parse_date)
        received = value("jumlah_diterima", parse_number)
        if raw.get("tanggal_kirim") is None:
            fail(
                "tanggal_kirim", _("Give the delivery date, or leave every delivery column empty.")
            )
        if raw.get("jumlah_diterima") is None:
            fail(
                "jumlah_diterima",
                _("Give the quantity received, or leave every delivery column empty."),
            )
        rejected = value("jumlah_ditolak", parse_number)
        delivery = {
            "delivered_on": delivered_on,
            "quantity": received,
            "rejected": Decimal(0) if rejected is None else rejected,
            "reject_reason": value("alasan_tolak") or "",
        }

    # The models' own validation (lengths, ranges, decimals), as the order forms run it.
    # Missing or unreadable values are already reported; stand-ins keep them from being
    # reported twice.
    order = Order(number=order_number or "x", ordered_on=ordered_on or today)
    try:
        order.full_clean(exclude=["partnership"], validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        for key, message in _model_errors(exc, ORDER_FIELDS, "nomor_po"):
            fail(key, message)
    line = OrderLine(
        part=part or "x",
        quantity=quantity if quantity is not None else 1,
        unit=unit if unit in UNITS else OrderLine.Unit.PIECE,
        unit_price=unit_price if unit_price is not None else 0,
        due_on=due_on or today,
    )
    try:
        line.full_clean(exclude=["order", "partnership"], validate_constraints=False)
    except ValidationError as exc:
        for key, message in _model_errors(exc, LINE_FIELDS, "komponen"):
            fail(key, message)
    if due_on and ordered_on and due_on < ordered_on:
        fail("jatuh_tempo", _("A line cannot be due before the order date."))

    if delivery is not None:
        check = Delivery(
            delivered_on=delivery["delivered_on"] or today,
            quantity=delivery["quantity"] if delivery["quantity"] is not None else 1,
            rejected=delivery["rejected"],
            reject_reason=delivery["reject_reason"],
        )
        try:
            check.full_clean(exclude=["line", "partnership"], validate_constraints=False)
        except ValidationError as exc:
            for key, message in _model_errors(exc, DELIVERY_FIELDS, "tanggal_kirim"):
                fail(key, message)
        delivered_on = delivery["delivered_on"]
        if delivered_on and delivered_on > today:
            fail("tanggal_kirim", _("A delivery cannot be dated in the future."))
        elif delivered_on and ordered_on and delivered_on < ordered_on:
            fail("tanggal_kirim", _("A delivery cannot come before its order."))

    if errors:
        return None, errors
    return (
        ParsedRow(
            number, order_number, ordered_on, part, quantity, unit, unit_price, due_on, delivery
        ),
        [],
    )


# ---- checking rows together and against what is stored ---------------------------------------


def _orderable(partnership: Partnership) -> None:
    try:
        services.check_orderable(partnership)
    except ValidationError as exc:
        raise FileError(" ".join(exc.messages)) from None


def validate(
    path: Path,
    partnership: Partnership,
    *,
    user=None,
    today: date | None = None,
    progress: Progress | None = None,
) -> Outcome:
    """Check the file against the agreement and its stored orders, and, given ``user``, whether
    he may write each row; write nothing."""
    today = today or timezone.localdate()
    _orderable(partnership)
    table = read_table(path)
    if not table.rows:
        raise FileError(_("The file holds no rows below the header."))
    outcome = Outcome(total=len(table.rows), headers=table.headers)
    errors: list[tuple[int, str, str]] = []
    parsed: list[ParsedRow] = []
    for index, (number, raw) in enumerate(table.rows, start=1):
        row, row_errors = _parse_row(number, raw, today)
        errors += [(number, key, message) for key, message in row_errors]
        if row:
            parsed.append(row)
        if progress and index % 200 == 0:
            progress(index, len(table.rows))
    errors += _plan(parsed, partnership, outcome)
    if user is not None:
        errors += _refusals(outcome, partnership, user)
    order = {key: index for index, key in enumerate(BY_KEY)}
    errors.sort(key=lambda e: (e[0], order.get(e[1], 0)))
    outcome.errors = [RowError(row, outcome.column(key), message) for row, key, message in errors]
    if progress:
        progress(len(table.rows), len(table.rows))
    return outcome


def _plan(parsed: list[ParsedRow], partnership: Partnership, outcome: Outcome) -> list[tuple]:
    """Group rows into orders and lines, compare them with each other and with what is stored,
    and fill ``outcome`` with what would be written. Returns the errors found."""
    errors: list[tuple[int, str, str]] = []
    first_of_order: dict[str, ParsedRow] = {}
    lines: dict[tuple, LinePlan] = {}
    for row in parsed:
        first = first_of_order.setdefault(row.order_number, row)
        if row.ordered_on != first.ordered_on:
            errors.append(
                (
                    row.number,
                    "tanggal_po",
                    _("Row %(row)d gives another order date for the same order number.")
                    % {"row": first.number},
                )
            )
            continue
        plan = lines.get(row.line_key)
        if plan is None:
            lines[row.line_key] = LinePlan([row])
            continue
        differ = [
            key
            for key, name in (
                ("jumlah", "quantity"),
                ("satuan", "unit"),
                ("harga_satuan", "unit_price"),
            )
            if getattr(row, name) != getattr(plan.first, name)
        ]
        for key in differ:
            errors.append(
                (
                    row.number,
                    key,
                    _(
                        "Row %(row)d has the same order number, part and due date but another "
                        "value here."
                    )
                    % {"row": plan.first.number},
                )
            )
        if not differ:
            plan.rows.append(row)

    stored_orders = {o.number: o for o in Order.objects.filter(partnership=partnership)}
    stored_lines: dict[tuple, list[OrderLine]] = {}
    for line in OrderLine.objects.filter(partnership=partnership).order_by("pk"):
        stored_lines.setdefault((line.order_id, line.part, line.due_on), []).append(line)
    stored_deliveries = Counter(
        Delivery.objects.filter(partnership=partnership).values_list(
            "line_id", "delivered_on", "quantity", "rejected"
        )
    )

    bad_orders: set[str] = set()
    for number, first in first_of_order.items():
        order = stored_orders.get(number)
        if order is None:
            continue
        outcome.stored_orders[number] = order
        outcome.orders_existing += 1
        if order.ordered_on != first.ordered_on:
            bad_orders.add(number)
            message = _("Order %(number)s is already recorded with order date %(date)s.") % {
                "number": number,
                "date": _show_date(order.ordered_on),
            }
            errors += [
                (row.number, "tanggal_po", message) for row in parsed if row.order_number == number
            ]

    for key, plan in lines.items():
        number = key[0]
        if number in bad_orders:
            continue
        order = stored_orders.get(number)
        if order is None:
            outcome.new_orders.setdefault(number, []).append(plan)
        else:
            candidates = stored_lines.get((order.pk, plan.first.part, plan.first.due_on), [])
            same = [
                line
                for line in candidates
                if (line.quantity, line.unit, line.unit_price)
                == (plan.first.quantity, plan.first.unit, plan.first.unit_price)
            ]
            if same:
                plan.existing = same[0]
                plan.existing.order = order
                outcome.stored_lines[key] = plan.existing
                outcome.lines_existing += 1
            elif candidates:
                stored = candidates[0]
                for column, shown in (
                    (
                        "jumlah",
                        _show_number(stored.quantity)
                        if stored.quantity != plan.first.quantity
                        else None,
                    ),
                    ("satuan", stored.unit if stored.unit != plan.first.unit else None),
                    (
                        "harga_satuan",
                        _show_number(stored.unit_price)
                        if stored.unit_price != plan.first.unit_price
                        else None,
                    ),
                ):
                    if shown is None:
                        continue
                    message = _("This order line is already recorded with %(value)s.") % {
                        "value": shown
                    }
                    errors += [(row.number, column, message) for row in plan.rows]
                continue
            else:
                outcome.lines_for_stored.append(plan)
        for row in plan.rows:
            state = {"line": "existing" if plan.existing else "new", "delivery": ""}
            if row.delivery:
                same_delivery = plan.existing and (
                    plan.existing.pk,
                    row.delivery["delivered_on"],
                    row.delivery["quantity"],
                    row.delivery["rejected"],
                )
                if same_delivery and stored_deliveries[same_delivery] > 0:
                    stored_deliveries[same_delivery] -= 1
                    outcome.deliveries_existing += 1
                    state["delivery"] = "existing"
                else:
                    outcome.deliveries.append(row)
                    state["delivery"] = "new"
            if len(outcome.preview) < PREVIEW_ROWS:
                outcome.preview.append({**_preview(row), **state})
    return errors


def _refusals(outcome: Outcome, partnership: Partnership, user) -> list[tuple]:
    """A row error for each row whose write ``user`` may not make by hand or through the API
    either: a new order, a new line on a stored order, a new delivery."""
    refused: dict[int, str] = {}  # row → column; one error per row

    def refuse(row: ParsedRow, column: str) -> None:
        refused.setdefault(row.number, column)

    for number, plans in outcome.new_orders.items():
        order = Order(partnership=partnership, number=number)
        if not can(user, "add", order):
            for plan in plans:
                for row in plan.rows:
                    refuse(row, "nomor_po")
    for plan in outcome.lines_for_stored:
        line = OrderLine(order=outcome.stored_orders[plan.first.order_number])
        line.partnership = partnership
        if not can(user, "add", line):
            for row in plan.rows:
                refuse(row, "komponen")
    for row in outcome.deliveries:
        line = outcome.stored_lines.get(row.line_key) or OrderLine(
            order=Order(partnership=partnership, number=row.order_number)
        )
        line.partnership = partnership
        if not can(user, "add", Delivery(line=line)):
            refuse(row, "tanggal_kirim")
    message = _("You may not do this")
    return [(number, column, message) for number, column in refused.items()]


def _preview(row: ParsedRow) -> dict:
    delivered = ""
    if row.delivery:
        delivered = (
            f"{_show_number(row.delivery['quantity'])} · {_show_date(row.delivery['delivered_on'])}"
        )
    return {
        "row": row.number,
        "order": row.order_number,
        "part": row.part,
        "due": _show_date(row.due_on),
        "quantity": f"{_show_number(row.quantity)} {row.unit}",
        "delivered": delivered,
    }


# ---- writing ---------------------------------------------------------------------------------


class ImportRejected(Exception):
    def __init__(self, outcome: Outcome):
        super().__init__("import rejected")
        self.outcome = outcome


@contextmanager
def _acting_as(user):
    """Record ``user`` as the author in the history of every order, line and delivery written.

    The services take no history user, and in a task worker there is no request for
    django-simple-history's middleware to take it from; so give it the request it looks for."""
    context = HistoricalRecords.context
    missing = object()
    previous = getattr(context, "request", missing)
    context.request = SimpleNamespace(user=user)
    try:
        yield
    finally:
        if previous is missing:
            del context.request
        else:
            context.request = previous


def apply(
    path: Path,
    partnership: Partnership,
    *,
    user,
    today: date | None = None,
    progress: Progress | None = None,
) -> Outcome:
    """Validate and write every row in one transaction; nothing is written if any row fails."""
    today = today or timezone.localdate()
    with transaction.atomic(), _acting_as(user):
        # Lock the agreement: a status change waits until the import is written, and another
        # import of the same agreement waits and then sees these orders.
        partnership = Partnership.objects.select_for_update().get(pk=partnership.pk)
        outcome = validate(path, partnership, user=user, today=today)
        if outcome.errors:
            raise ImportRejected(outcome)
        _write(outcome, partnership, user=user, today=today, progress=progress)
        if outcome.writes:
            services.schedule_scores(partnership.buyer_id)
    return outcome


def _write(outcome: Outcome, partnership: Partnership, *, user, today: date, progress) -> None:
    done = 0

    def step() -> None:
        nonlocal done
        done += 1
        if progress and (done % 50 == 0 or done == outcome.writes):
            progress(done, outcome.writes)

    def reject(row: ParsedRow, exc: ValidationError, fields: dict, fallback: str):
        outcome.errors = [
            RowError(row.number, outcome.column(key), message)
            for key, message in _model_errors(exc, fields, fallback)
        ]
        return ImportRejected(outcome)

    lines: dict[tuple, OrderLine] = {}
    for number, plans in outcome.new_orders.items():
        first = plans[0].first
        try:
            order = services.create_order(
                partnership=partnership,
                number=number,
                ordered_on=first.ordered_on,
                lines=[plan.first.line_values() for plan in plans],
                user=user,
                rescore=False,
            )
        except ValidationError as exc:
            raise reject(first, exc, {**ORDER_FIELDS, **LINE_FIELDS}, "nomor_po") from exc
        for plan, line in zip(plans, order.lines.order_by("pk"), strict=True):
            line.order, line.partnership = order, partnership
            lines[plan.first.line_key] = line
        step()
    for plan in outcome.lines_for_stored:
        order = outcome.stored_orders[plan.first.order_number]
        try:
            lines[plan.first.line_key] = services.add_line(
                order=order, values=plan.first.line_values()
            )
        except ValidationError as exc:
            raise reject(plan.first, exc, LINE_FIELDS, "komponen") from exc
        step()
    for line in outcome.stored_lines.values():
        line.partnership = partnership
    lines.update(outcome.stored_lines)
    for row in outcome.deliveries:
        line = lines[row.line_key]
        try:
            services.add_delivery(line=line, today=today, rescore=False, **row.delivery)
        except ValidationError as exc:
            raise reject(row, exc, DELIVERY_FIELDS, "tanggal_kirim") from exc
        step()


@transaction.atomic
# ---- the template ----------------------------------------------------------------------------


def template_xlsx() -> bytes:
    """An empty import file: the header, one example row, and a sheet that explains every
    column in the user's language."""
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = _("Orders")[:31]
    sheet.append([c.key for c in COLUMNS])
    sheet.append(EXAMPLE_ROW)
    for cell in sheet[2]:
        if isinstance(cell.value, date):
            cell.number_format = "DD/MM/YYYY"
    for letter, column in zip("ABCDEFGHIJK", COLUMNS, strict=True):
        sheet.column_dimensions[letter].width = max(12, len(column.key) + 4)
    guide = workbook.create_sheet(_("Columns")[:31])
    guide.append([_("Column"), _("Or, in English"), _("Meaning"), _("Notes"), _("Required")])
    for column in COLUMNS:
        guide.append(
            [
                column.key,
                column.alias,
                str(column.label),
                str(column.help),
                _("yes") if column.required else "",
            ]
        )
    for letter, width in zip("ABCDE", (16, 16, 24, 70, 10), strict=True):
        guide.column_dimensions[letter].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
