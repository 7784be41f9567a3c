"""The orders import (core.importing): a buyer's ERP export of orders and deliveries for one
partnership.

Each row is one order line (order number + part + due date), optionally with one delivery
against it; rows sharing a line carry several deliveries of that line. ``check`` never
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

from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rantai.core.access import can, get_for, require
from rantai.core.importing.importer import Importer, register, tick
from rantai.core.importing.parsers import parse_date, parse_money, parse_number
from rantai.core.importing.reading import Column, FileError, Table
from rantai.core.importing.rows import Cells, ImportRejected, Outcome, ParsedRow, model_errors
from rantai.core.models import Job
from rantai.partnerships import services
from rantai.partnerships.models import Delivery, Order, OrderLine, Partnership

_DATE_HELP = gettext_lazy("31/01/2023, 31-01-2023, 31 Jan 2023, 2023-01-31 or an Excel date")
COLUMNS = [
    Column(
        "nomor_po",
        gettext_lazy("Order number"),
        gettext_lazy("rows with the same number belong to one order"),
        required=True,
        alias="order_number",
    ),
    Column("tanggal_po", gettext_lazy("Order date"), _DATE_HELP, required=True, alias="order_date"),
    Column(
        "komponen",
        gettext_lazy("Part"),
        gettext_lazy("part number or name; with the due date it identifies the order line"),
        required=True,
        alias="part",
    ),
    Column(
        "jumlah",
        gettext_lazy("Quantity"),
        gettext_lazy("ordered; 1.250 or 12,5 as well as 12.5"),
        required=True,
        alias="quantity",
    ),
    Column(
        "satuan",
        gettext_lazy("Unit"),
        gettext_lazy("pcs, set, kg or unit; default pcs"),
        alias="unit",
    ),
    Column(
        "harga_satuan",
        gettext_lazy("Unit price (Rp)"),
        gettext_lazy("e.g. 12.500"),
        required=True,
        alias="unit_price",
    ),
    Column("jatuh_tempo", gettext_lazy("Due date"), _DATE_HELP, required=True, alias="due_date"),
    Column(
        "tanggal_kirim",
        gettext_lazy("Delivery date"),
        gettext_lazy("leave the delivery columns empty for a line not delivered yet"),
        alias="delivery_date",
    ),
    Column("jumlah_diterima", gettext_lazy("Received"), alias="delivered_qty"),
    Column(
        "jumlah_ditolak",
        gettext_lazy("Rejected"),
        gettext_lazy("default 0"),
        alias="rejected_qty",
    ),
    Column(
        "alasan_tolak",
        gettext_lazy("Reason for rejection"),
        gettext_lazy("required when parts were rejected"),
        alias="reject_reason",
    ),
]
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

# A parsed row's values: order_number, ordered_on, and the line's fields (LINE_FIELDS), and
# "delivery": None or delivered_on, quantity, rejected, reject_reason.


def _line_key(row: ParsedRow) -> tuple[str, str, date]:
    return (row.values["order_number"], row.values["part"], row.values["due_on"])


def _line_values(row: ParsedRow) -> dict:
    return {name: row.values[name] for name in LINE_FIELDS}


@dataclass
class LinePlan:
    rows: list[ParsedRow]
    existing: OrderLine | None = None

    @property
    def first(self) -> ParsedRow:
        return self.rows[0]


@dataclass
class OrderPlan:
    """What would be written, in file order: new orders (number → their new lines), new lines
    of stored orders, and the rows whose delivery is new; and what is already stored."""

    today: date
    new_orders: dict[str, list[LinePlan]] = field(default_factory=dict)
    stored_orders: dict[str, Order] = field(default_factory=dict)
    stored_lines: dict[tuple, OrderLine] = field(default_factory=dict)  # line key → stored line
    lines_for_stored: list[LinePlan] = field(default_factory=list)
    deliveries: list[ParsedRow] = field(default_factory=list)
    orders_existing: int = 0
    lines_existing: int = 0
    deliveries_existing: int = 0

    @property
    def lines_new(self) -> int:
        return sum(len(lines) for lines in self.new_orders.values()) + len(self.lines_for_stored)

    @property
    def writes(self) -> int:
        return len(self.new_orders) + len(self.lines_for_stored) + len(self.deliveries)

    def counts(self) -> dict[str, int]:
        return {
            "orders_new": len(self.new_orders),
            "orders_existing": self.orders_existing,
            "lines_new": self.lines_new,
            "lines_existing": self.lines_existing,
            "deliveries_new": len(self.deliveries),
            "deliveries_existing": self.deliveries_existing,
        }


def _show_number(value: Decimal) -> str:
    """12.500 or 12,5 as the user's language writes it, without trailing zeros."""
    value = value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()
    return formats.number_format(value, use_l10n=True, force_grouping=True)


def _show_date(value: date) -> str:
    return formats.date_format(value, "SHORT_DATE_FORMAT")


# ---- checking a row on its own ---------------------------------------------------------------


def _only_zero_rejected(cells: Cells) -> bool:
    """A lone 0 in the rejected column is what many ERPs write for a line not delivered yet;
    it does not make the row a delivery."""
    if [k for k in DELIVERY_KEYS if cells.filled(k)] != ["jumlah_ditolak"]:
        return False
    try:
        return parse_number(cells.raw["jumlah_ditolak"]) == 0
    except ValidationError:
        return False


def _delivery(cells: Cells) -> dict | None:
    """The row's delivery, if some delivery column is filled: it needs its date and quantity."""
    if not any(cells.filled(k) for k in DELIVERY_KEYS) or _only_zero_rejected(cells):
        return None
    delivered_on = cells.get("tanggal_kirim", parse_date)
    received = cells.get("jumlah_diterima", parse_number)
    if not cells.filled("tanggal_kirim"):
        cells.fail(
            "tanggal_kirim", _("Give the delivery date, or leave every delivery column empty.")
        )
    if not cells.filled("jumlah_diterima"):
        cells.fail(
            "jumlah_diterima",
            _("Give the quantity received, or leave every delivery column empty."),
        )
    rejected = cells.get("jumlah_ditolak", parse_number)
    return {
        "delivered_on": delivered_on,
        "quantity": received,
        "rejected": Decimal(0) if rejected is None else rejected,
        "reject_reason": cells.get("alasan_tolak") or "",
    }


def _check_row(cells: Cells, today: date) -> ParsedRow | None:
    """One row checked on its own: formats, required values, the models' validation and the
    services' date rules."""
    values = {
        "order_number": cells.get("nomor_po", required=True),
        "ordered_on": cells.get("tanggal_po", parse_date, required=True),
        "part": cells.get("komponen", required=True),
        "quantity": cells.get("jumlah", parse_number, required=True),
        "unit": (cells.get("satuan") or OrderLine.Unit.PIECE).lower(),
        "unit_price": cells.get("harga_satuan", parse_money, required=True),
        "due_on": cells.get("jatuh_tempo", parse_date, required=True),
        "delivery": _delivery(cells),
    }
    if values["unit"] not in UNITS:
        cells.fail(
            "satuan",
            _("Unknown unit %(value)s; use pcs, set, kg or unit.") % {"value": values["unit"]},
        )
    _check_models(cells, values, today)
    if cells.errors:
        return None
    return ParsedRow(cells.number, values)


def _check_models(cells: Cells, values: dict, today: date) -> None:
    """The models' own validation (lengths, ranges, decimals), as the order forms run it, and
    the services' date rules. Missing or unreadable values are already reported; stand-ins keep
    them from being reported twice."""
    ordered_on, due_on = values["ordered_on"], values["due_on"]
    order = Order(number=values["order_number"] or "x", ordered_on=ordered_on or today)
    cells.check(
        order,
        ORDER_FIELDS,
        "nomor_po",
        exclude=["partnership"],
        validate_unique=False,
        validate_constraints=False,
    )
    line = OrderLine(
        part=values["part"] or "x",
        quantity=values["quantity"] if values["quantity"] is not None else 1,
        unit=values["unit"] if values["unit"] in UNITS else OrderLine.Unit.PIECE,
        unit_price=values["unit_price"] if values["unit_price"] is not None else 0,
        due_on=due_on or today,
    )
    cells.check(
        line, LINE_FIELDS, "komponen", exclude=["order", "partnership"], validate_constraints=False
    )
    if due_on and ordered_on and due_on < ordered_on:
        cells.fail("jatuh_tempo", _("A line cannot be due before the order date."))
    delivery = values["delivery"]
    if delivery is None:
        return
    check = Delivery(
        delivered_on=delivery["delivered_on"] or today,
        quantity=delivery["quantity"] if delivery["quantity"] is not None else 1,
        rejected=delivery["rejected"],
        reject_reason=delivery["reject_reason"],
    )
    cells.check(
        check,
        DELIVERY_FIELDS,
        "tanggal_kirim",
        exclude=["line", "partnership"],
        validate_constraints=False,
    )
    delivered_on = delivery["delivered_on"]
    if delivered_on and delivered_on > today:
        cells.fail("tanggal_kirim", _("A delivery cannot be dated in the future."))
    elif delivered_on and ordered_on and delivered_on < ordered_on:
        cells.fail("tanggal_kirim", _("A delivery cannot come before its order."))


# ---- checking rows together and against what is stored ---------------------------------------


def _group(rows: list[ParsedRow], outcome: Outcome) -> tuple[dict, dict]:
    """The first row of each order, and the rows of each line; rows that disagree with the
    first of their order or line are errors."""
    first_of_order: dict[str, ParsedRow] = {}
    lines: dict[tuple, LinePlan] = {}
    for row in rows:
        first = first_of_order.setdefault(row.values["order_number"], row)
        if row.values["ordered_on"] != first.values["ordered_on"]:
            outcome.fail(
                row.number,
                "tanggal_po",
                _("Row %(row)d gives another order date for the same order number.")
                % {"row": first.number},
            )
            continue
        plan = lines.get(_line_key(row))
        if plan is None:
            lines[_line_key(row)] = LinePlan([row])
            continue
        differ = [
            key
            for name, key in LINE_FIELDS.items()
            if name in ("quantity", "unit", "unit_price")
            and row.values[name] != plan.first.values[name]
        ]
        for key in differ:
            outcome.fail(
                row.number,
                key,
                _(
                    "Row %(row)d has the same order number, part and due date but another "
                    "value here."
                )
                % {"row": plan.first.number},
            )
        if not differ:
            plan.rows.append(row)
    return first_of_order, lines


def _stored_orders(first_of_order: dict, stored: dict, outcome: Outcome) -> set[str]:
    """Orders of the file already stored; the numbers whose stored order date differs."""
    plan: OrderPlan = outcome.plan
    bad: set[str] = set()
    for number, first in first_of_order.items():
        order = stored.get(number)
        if order is None:
            continue
        plan.stored_orders[number] = order
        plan.orders_existing += 1
        if order.ordered_on != first.values["ordered_on"]:
            bad.add(number)
            message = _("Order %(number)s is already recorded with order date %(date)s.") % {
                "number": number,
                "date": _show_date(order.ordered_on),
            }
            for row in outcome.rows:
                if row.values["order_number"] == number:
                    outcome.fail(row.number, "tanggal_po", message)
    return bad


def _stored_line(line_plan: LinePlan, candidates: list[OrderLine], outcome: Outcome) -> bool:
    """Match ``line_plan`` with a stored line of its order (same part and due date). False when
    a stored line differs in quantity, unit or price: its rows are errors."""
    first = line_plan.first.values
    same = [
        line
        for line in candidates
        if (line.quantity, line.unit, line.unit_price)
        == (first["quantity"], first["unit"], first["unit_price"])
    ]
    if same:
        line_plan.existing = same[0]
        return True
    if not candidates:
        return True
    stored = candidates[0]
    for key, differs, shown in (
        ("jumlah", stored.quantity != first["quantity"], _show_number(stored.quantity)),
        ("satuan", stored.unit != first["unit"], stored.unit),
        ("harga_satuan", stored.unit_price != first["unit_price"], _show_number(stored.unit_price)),
    ):
        if differs:
            message = _("This order line is already recorded with %(value)s.") % {"value": shown}
            for row in line_plan.rows:
                outcome.fail(row.number, key, message)
    return False


def _plan(outcome: Outcome, partnership: Partnership) -> None:
    """Group the rows into orders and lines, compare them with each other and with what is
    stored, and fill the outcome's plan with what would be written."""
    plan: OrderPlan = outcome.plan
    first_of_order, lines = _group(outcome.rows, outcome)
    stored_orders = {o.number: o for o in Order.objects.filter(partnership=partnership)}
    stored_lines: dict[tuple, list[OrderLine]] = {}
    for line in OrderLine.objects.filter(partnership=partnership).order_by("pk"):
        stored_lines.setdefault((line.order_id, line.part, line.due_on), []).append(line)
    stored_deliveries = Counter(
        Delivery.objects.filter(partnership=partnership).values_list(
            "line_id", "delivered_on", "quantity", "rejected"
        )
    )
    bad_orders = _stored_orders(first_of_order, stored_orders, outcome)
    for key, line_plan in lines.items():
        number = key[0]
        if number in bad_orders:
            continue
        order = stored_orders.get(number)
        if order is None:
            plan.new_orders.setdefault(number, []).append(line_plan)
        else:
            first = line_plan.first.values
            candidates = stored_lines.get((order.pk, first["part"], first["due_on"]), [])
            if not _stored_line(line_plan, candidates, outcome):
                continue
            if line_plan.existing:
                line_plan.existing.order = order
                plan.stored_lines[key] = line_plan.existing
                plan.lines_existing += 1
            else:
                plan.lines_for_stored.append(line_plan)
        for row in line_plan.rows:
            _plan_delivery(row, line_plan, stored_deliveries, outcome)


def _plan_delivery(row: ParsedRow, line_plan: LinePlan, stored: Counter, outcome: Outcome):
    """Whether the row's delivery is new or already stored (counted, so two identical
    deliveries stay two), and the row's preview."""
    plan: OrderPlan = outcome.plan
    state = {"line": "existing" if line_plan.existing else "new", "delivery": ""}
    delivery = row.values["delivery"]
    if delivery:
        same = line_plan.existing and (
            line_plan.existing.pk,
            delivery["delivered_on"],
            delivery["quantity"],
            delivery["rejected"],
        )
        if same and stored[same] > 0:
            stored[same] -= 1
            plan.deliveries_existing += 1
            state["delivery"] = "existing"
        else:
            plan.deliveries.append(row)
            state["delivery"] = "new"
    outcome.show({**_preview(row), **state})


def _refusals(outcome: Outcome, partnership: Partnership, user) -> None:
    """A row error for each row whose write ``user`` may not make by hand or through the API
    either: a new order, a new line on a stored order, a new delivery."""
    plan: OrderPlan = outcome.plan
    refused: dict[int, str] = {}  # row → column; one error per row
    for number, line_plans in plan.new_orders.items():
        if not can(user, "add", Order(partnership=partnership, number=number)):
            for line_plan in line_plans:
                for row in line_plan.rows:
                    refused.setdefault(row.number, "nomor_po")
    for line_plan in plan.lines_for_stored:
        line = OrderLine(order=plan.stored_orders[line_plan.first.values["order_number"]])
        line.partnership = partnership
        if not can(user, "add", line):
            for row in line_plan.rows:
                refused.setdefault(row.number, "komponen")
    for row in plan.deliveries:
        line = plan.stored_lines.get(_line_key(row)) or OrderLine(
            order=Order(partnership=partnership, number=row.values["order_number"])
        )
        line.partnership = partnership
        if not can(user, "add", Delivery(line=line)):
            refused.setdefault(row.number, "tanggal_kirim")
    for number, column in refused.items():
        outcome.fail(number, column, _("You may not do this"))


def _preview(row: ParsedRow) -> dict:
    values, delivered = row.values, ""
    if values["delivery"]:
        delivery = values["delivery"]
        delivered = f"{_show_number(delivery['quantity'])} · {_show_date(delivery['delivered_on'])}"
    return {
        "row": row.number,
        "order": values["order_number"],
        "part": values["part"],
        "due": _show_date(values["due_on"]),
        "quantity": f"{_show_number(values['quantity'])} {values['unit']}",
        "delivered": delivered,
    }


# ---- writing ---------------------------------------------------------------------------------


def _rejected(outcome: Outcome, row: ParsedRow, exc: ValidationError, fields: dict, fallback):
    """The import rejected because of a problem the services found only while writing."""
    outcome.errors = []
    for key, message in model_errors(exc, fields, fallback):
        outcome.fail(row.number, key, message)
    return ImportRejected(outcome)


def _write_orders(outcome: Outcome, partnership: Partnership, user, step) -> dict:
    """The new orders and the new lines of stored orders; their lines by line key."""
    plan: OrderPlan = outcome.plan
    lines: dict[tuple, OrderLine] = {}
    for number, line_plans in plan.new_orders.items():
        first = line_plans[0].first
        try:
            order = services.create_order(
                partnership=partnership,
                number=number,
                ordered_on=first.values["ordered_on"],
                lines=[_line_values(line_plan.first) for line_plan in line_plans],
                user=user,
                rescore=False,
            )
        except ValidationError as exc:
            raise _rejected(
                outcome, first, exc, {**ORDER_FIELDS, **LINE_FIELDS}, "nomor_po"
            ) from exc
        for line_plan, line in zip(line_plans, order.lines.order_by("pk"), strict=True):
            line.order, line.partnership = order, partnership
            lines[_line_key(line_plan.first)] = line
        step()
    for line_plan in plan.lines_for_stored:
        order = plan.stored_orders[line_plan.first.values["order_number"]]
        try:
            line = services.add_line(order=order, values=_line_values(line_plan.first))
        except ValidationError as exc:
            raise _rejected(outcome, line_plan.first, exc, LINE_FIELDS, "komponen") from exc
        lines[_line_key(line_plan.first)] = line
        step()
    return lines


class OrdersImporter(Importer):
    kind = Job.Kind.ORDERS_IMPORT
    columns = COLUMNS
    title = gettext_lazy("Orders")
    example = EXAMPLE_ROW
    template_filename = "rantai-orders-template.xlsx"
    form_template = "partnerships/import_form.html"
    summary_template = "partnerships/import_summary.html"
    review_url_name = confirm_url_name = "partnerships:orders-import-review"
    target_param = "partnership"

    def target(self, user, pk):
        """The agreement (404 unless the user sees it) if he may record its orders (403)."""
        partnership = get_for(
            user, Partnership.objects.select_related("supplier", "buyer", "cooperative"), pk=pk
        )
        require(user, "add", Order(partnership=partnership))
        return partnership

    def job_target(self, job) -> Partnership:
        return Partnership.objects.get(pk=job.params[self.target_param])

    def links(self, target: Partnership) -> dict:
        orders_url = reverse("partnerships:orders", args=[target.pk])
        import_url = reverse("partnerships:orders-import", args=[target.pk])
        return {
            "breadcrumbs": [
                (_("Partnerships"), reverse("partnerships:list")),
                (str(target), target.get_absolute_url()),
                (_("Orders and deliveries"), orders_url),
                (_("Import"), import_url),
            ],
            "import_url": import_url,
            "template_url": reverse("partnerships:orders-import-template", args=[target.pk]),
            "done_url": orders_url,
            "done_label": _("See the orders"),
        }

    def form_context(self, target: Partnership) -> dict:
        return {"orderable": target.status in services.ORDERABLE}

    def check_target(self, target: Partnership) -> None:
        try:
            services.check_orderable(target)
        except ValidationError as exc:
            raise FileError(" ".join(exc.messages)) from None

    def check(self, table: Table, outcome: Outcome, *, user, target, progress) -> None:
        outcome.plan = OrderPlan(today=timezone.localdate())
        for index, (number, raw) in enumerate(table.rows, start=1):
            cells = Cells(number, raw)
            row = _check_row(cells, outcome.plan.today)
            outcome.add(cells)
            if row:
                outcome.rows.append(row)
            tick(progress, index, len(table.rows), 200)
        _plan(outcome, target)
        _refusals(outcome, target, user)
        outcome.counts = outcome.plan.counts()
        outcome.writes = outcome.plan.writes

    def lock(self, target: Partnership) -> Partnership:
        # A status change waits until the import is written, and another import of the same
        # agreement waits and then sees these orders.
        return Partnership.objects.select_for_update().get(pk=target.pk)

    def write(self, outcome: Outcome, *, user, target, progress) -> None:
        plan: OrderPlan = outcome.plan
        done = 0

        def step() -> None:
            nonlocal done
            done += 1
            tick(progress, done, plan.writes, 50)

        lines = _write_orders(outcome, target, user, step)
        for line in plan.stored_lines.values():
            line.partnership = target
        lines.update(plan.stored_lines)
        for row in plan.deliveries:
            try:
                services.add_delivery(
                    line=lines[_line_key(row)],
                    today=plan.today,
                    rescore=False,
                    **row.values["delivery"],
                )
            except ValidationError as exc:
                raise _rejected(outcome, row, exc, DELIVERY_FIELDS, "tanggal_kirim") from exc
            step()
        if plan.writes:
            services.schedule_scores(target.buyer_id)

    def done_message(self, outcome: Outcome) -> str:
        return _("%(orders)d new orders, %(lines)d new lines, %(deliveries)d new deliveries") % {
            "orders": outcome.counts["orders_new"],
            "lines": outcome.counts["lines_new"],
            "deliveries": outcome.counts["deliveries_new"],
        }


ORDERS = register(OrdersImporter())
