"""Import firms from a spreadsheet: read, validate every row, then write all or nothing.

``validate`` never writes. ``apply`` validates again inside one transaction (the database may
have changed since the preview) and rolls everything back on the first problem. Rows are
matched to existing firms by NIB, so importing the same file twice updates, never duplicates.
"""

import csv
import io
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from rantai.core import spreadsheets
from rantai.core.access import can, unsaved_copy
from rantai.firms.columns import BY_KEY, COLUMNS, KIND_ALIASES, UNIT_ALIASES
from rantai.firms.models import Capability, Firm
from rantai.reference.models import Kbli, Process, Region

MAX_ROWS = 20000
MAX_ERRORS = 500
Progress = Callable[[int, int], None]

# Model fields each column sets, for mapping model validation errors back to columns.
FIELD_COLUMNS = {c.field: c.key for c in COLUMNS if c.field}


class FileError(Exception):
    """The file as a whole cannot be read (wrong type, no header, too many rows)."""


@dataclass
class RowError:
    row: int
    column: str
    message: str


@dataclass
class ParsedRow:
    number: int
    values: dict
    kbli: list[str]
    processes: list[str]


@dataclass
class Outcome:
    rows: list[ParsedRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    total: int = 0
    new: int = 0
    updated: int = 0

    def as_dict(self) -> dict:
        return {
            "total": self.total,
            "new": self.new,
            "updated": self.updated,
            "error_count": len(self.errors),
            "errors": [e.__dict__ for e in self.errors[:MAX_ERRORS]],
            "preview": [
                {
                    "row": r.number,
                    "nib": r.values["nib"],
                    "nama": r.values["name"],
                    "kode_wilayah": r.values["village_id"],
                    "update": r.values.get("_exists", False),
                }
                for r in self.rows[:20]
            ],
        }


def read_table(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    """(spreadsheet row number, {column key: text}) for every non-empty row."""
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
    keys = [str(h or "").strip().lower().replace(" ", "_") for h in header]
    missing = [c.key for c in COLUMNS if c.required and c.key not in keys]
    if missing:
        raise FileError(
            _("The first row must hold the column names; missing: %(columns)s.")
            % {"columns": ", ".join(missing)}
        )
    for number, cells in enumerate(rows, start=2):
        if number - 1 > MAX_ROWS:
            raise FileError(_("A file may hold at most %(max)d rows.") % {"max": MAX_ROWS})
        values = {k: _text(v) for k, v in zip(keys, cells, strict=False) if k in BY_KEY}
        if any(values.values()):
            yield number, values


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).replace("\x00", "").strip()


def _xlsx_rows(path: Path):
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged or non-xlsx file
        raise FileError(_("This is not a readable .xlsx file.")) from exc
    try:
        yield from workbook.worksheets[0].iter_rows(values_only=True)
    finally:
        workbook.close()


def _csv_rows(path: Path):
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    for row in csv.reader(io.StringIO(text), dialect):
        yield [spreadsheets.csv_text(value) for value in row]


class _Lookups:
    """Reference data and existing firms, loaded once for the whole file."""

    def __init__(self, rows: list[tuple[int, dict]]):
        codes = {v.get("kode_wilayah", "") for _n, v in rows}
        self.villages = {
            r.code: r for r in Region.objects.filter(code__in=codes, level=Region.Level.VILLAGE)
        }
        self.kbli = set(Kbli.objects.values_list("code", flat=True))
        self.processes = set(
            Process.objects.filter(parent__isnull=False).values_list("code", flat=True)
        )
        nibs = {v.get("nib", "") for _n, v in rows}
        self.existing = {
            f.nib: f
            for f in Firm.objects.filter(nib__in=nibs)  # deleted ones come back
        }


_integer = forms.IntegerField(min_value=0)
_year = forms.IntegerField(min_value=1900, max_value=2100)


_GROUPED = re.compile(r"^\d{1,3}([., ]\d{3})+$")


def _number(text: str, field_: forms.Field):
    """Whole numbers as people write them in Indonesia: 1.500.000 as well as 1500000."""
    if _GROUPED.match(text):
        text = re.sub(r"[., ]", "", text)
    return field_.clean(text)


def _decimal(text: str) -> Decimal | None:
    try:
        return Decimal(text.replace(",", "."))
    except InvalidOperation:
        raise ValidationError(_("Enter a number.")) from None


def _refusal(user, firm: Firm, existing: Firm | None) -> tuple[str, str] | None:
    """(column, message) when ``user`` may not make this row's change by hand either: add the
    firm, change the existing one (before and after), or bring a deleted one back."""
    if existing is None:
        if not can(user, "add", firm):
            return "kode_wilayah", _("You may not register a firm in this region.")
    elif existing.is_deleted:
        if not can(user, "restore", existing):
            return "nib", _("A deleted firm has this NIB; only an administrator can restore it.")
    elif not can(user, "change", existing):
        return "nib", _("You may not change the firm registered with this NIB.")
    elif not can(user, "change", firm):
        return "kode_wilayah", _("This change would move the firm outside your remit.")
    return None


def _validate_row(
    number: int, raw: dict, lookups: _Lookups, seen_nibs: dict, user
) -> tuple[ParsedRow | None, list[RowError]]:
    errors: list[RowError] = []

    def fail(column: str, message) -> None:
        errors.append(RowError(number, column, str(message)))

    values: dict = {}
    nib = "".join(ch for ch in raw.get("nib", "") if ch.isdigit())
    if not nib:
        fail("nib", _("NIB is required."))
    elif nib in seen_nibs:
        fail("nib", _("The same NIB is already in row %(row)d.") % {"row": seen_nibs[nib]})
    else:
        seen_nibs[nib] = number
    values["nib"] = nib or None
    values["name"] = raw.get("nama", "")
    if not values["name"]:
        fail("nama", _("The legal name is required."))

    kind = raw.get("jenis", "").lower() or "ikm"
    if kind not in KIND_ALIASES:
        fail("jenis", _("Unknown kind %(value)s.") % {"value": raw["jenis"]})
    values["kind"] = KIND_ALIASES.get(kind, "ikm")

    code = raw.get("kode_wilayah", "")
    village = lookups.villages.get(code)
    if not code:
        fail("kode_wilayah", _("The village code is required."))
    elif village is None:
        fail(
            "kode_wilayah",
            _("%(code)s is not the code of a village (kelurahan/desa).") % {"code": code},
        )
    else:
        parts = code.split(".")
        values.update(
            province_id=parts[0],
            regency_id=".".join(parts[:2]),
            district_id=".".join(parts[:3]),
            village_id=code,
        )

    values["npwp"] = "".join(ch for ch in raw.get("npwp", "") if ch.isdigit())
    for key, name in (
        ("alamat", "street_address"),
        ("kode_pos", "postal_code"),
        ("telepon", "phone"),
        ("email", "email"),
        ("situs_web", "website"),
    ):
        values[name] = raw.get(key, "")

    for key, name, parser in (
        ("tahun_berdiri", "year_founded", lambda t: _number(t, _year)),
        ("tenaga_kerja", "workforce", lambda t: _number(t, _integer)),
        ("investasi", "investment", lambda t: _number(t, _integer)),
        ("omzet_tahunan", "annual_sales", lambda t: _number(t, _integer)),
        ("kapasitas_tahunan", "annual_capacity", lambda t: _number(t, _integer)),
        ("lintang", "latitude", _decimal),
        ("bujur", "longitude", _decimal),
    ):
        text = raw.get(key, "")
        values[name] = None
        if text:
            try:
                values[name] = parser(text)
            except ValidationError as exc:
                fail(key, " ".join(exc.messages))
    if (values["latitude"] is None) != (values["longitude"] is None):
        fail("lintang", _("Give both latitude and longitude, or neither."))

    unit = raw.get("satuan_kapasitas", "").lower()
    if unit and unit not in UNIT_ALIASES:
        fail("satuan_kapasitas", _("Unknown unit %(value)s.") % {"value": raw["satuan_kapasitas"]})
    values["capacity_unit"] = UNIT_ALIASES.get(unit, "")
    if values["annual_capacity"] and not values["capacity_unit"]:
        fail("satuan_kapasitas", _("Say in which unit the capacity is counted."))

    kbli = _split(raw.get("kbli", ""))
    unknown = [c for c in kbli if c not in lookups.kbli]
    if unknown:
        fail("kbli", _("Unknown KBLI code(s): %(codes)s.") % {"codes": ", ".join(unknown)})
    processes = _split(raw.get("proses", ""))
    unknown = [c for c in processes if c not in lookups.processes]
    if unknown:
        fail("proses", _("Unknown process code(s): %(codes)s.") % {"codes": ", ".join(unknown)})

    # The model's own field validators (NIB format, coordinate ranges, email, …).
    firm = Firm(**{k: v for k, v in values.items() if v is not None or k.endswith("_id")})
    try:
        firm.full_clean(
            exclude=["province", "regency", "district", "village", "kbli"],
            validate_unique=False,
            validate_constraints=False,
        )
    except ValidationError as exc:
        already = {e.column for e in errors}
        for name, messages in exc.message_dict.items():
            column = FIELD_COLUMNS.get(name, "nama")
            if column not in already:
                fail(column, " ".join(messages))
    if errors:
        return None, errors
    existing = lookups.existing.get(nib)
    if existing is not None:
        firm = unsaved_copy(existing, values)
    refused = _refusal(user, firm, existing)
    if refused:
        fail(*refused)
        return None, errors
    values["_exists"] = existing is not None
    return ParsedRow(number, values, kbli, processes), []


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]


def validate(path: Path, *, user, progress: Progress | None = None) -> Outcome:
    """Check every row, including that ``user`` may make it, without writing anything."""
    rows = list(read_table(path))
    outcome = Outcome(total=len(rows))
    if not rows:
        raise FileError(_("The file holds no rows below the header."))
    lookups = _Lookups(rows)
    seen: dict[str, int] = {}
    for index, (number, raw) in enumerate(rows, start=1):
        parsed, errors = _validate_row(number, raw, lookups, seen, user)
        outcome.errors += errors
        if parsed:
            outcome.rows.append(parsed)
            if parsed.values["_exists"]:
                outcome.updated += 1
            else:
                outcome.new += 1
        if progress and index % 200 == 0:
            progress(index, len(rows))
    return outcome


class ImportRejected(Exception):
    def __init__(self, outcome: Outcome):
        super().__init__("import rejected")
        self.outcome = outcome


def apply(path: Path, *, user, progress: Progress | None = None) -> Outcome:
    """Validate and write every row in one transaction; nothing is written if any row fails."""
    from rantai.insights import facts

    with transaction.atomic(), facts.batch():
        outcome = validate(path, user=user)
        if outcome.errors:
            raise ImportRejected(outcome)
        existing = {
            f.nib: f
            for f in Firm.objects.select_for_update().filter(
                nib__in=[r.values["nib"] for r in outcome.rows]
            )
        }
        for index, row in enumerate(outcome.rows, start=1):
            _write(row, existing.get(row.values["nib"]), user)
            if progress and (index % 50 == 0 or index == len(outcome.rows)):
                progress(index, len(outcome.rows))
    return outcome


def _write(row: ParsedRow, firm: Firm | None, user) -> None:
    values = {k: v for k, v in row.values.items() if not k.startswith("_")}
    if firm is None:
        firm = Firm(**values)
    else:
        for name, value in values.items():
            setattr(firm, name, value)
        firm.deleted_at = None  # importing a deleted firm's NIB brings it back
    firm._history_user = user
    firm.save()
    if set(firm.kbli.values_list("code", flat=True)) != set(row.kbli):
        firm.kbli.set(row.kbli)
    have = set(firm.capabilities.values_list("process_id", flat=True))
    for code in row.processes:
        if code not in have:
            capability = Capability(firm=firm, process_id=code)
            capability._history_user = user
            capability.save()
