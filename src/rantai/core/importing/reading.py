"""The files an import reads: an .xlsx (its first sheet) or a .csv, with the column names in the
first row; and the template a user downloads to fill in.

A CSV may be separated by commas, semicolons (what Excel writes in Indonesia) or tabs, and
encoded as UTF-8 with or without a byte order mark; anything else is read as Windows-1252, the
encoding of older Excel exports. A header is matched to a declared column by its key or its
English alias, in any case, with spaces around it or in place of the underscores; other columns
are ignored.
"""

import csv
import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from django.utils.functional import Promise
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook

from rantai.core import spreadsheets

MAX_ROWS = 20000


class FileError(Exception):
    """The file as a whole cannot be imported (wrong type, no header, too many rows, or nothing
    may be imported into the object it is for)."""


@dataclass(frozen=True)
class Column:
    key: str  # the Indonesian header, as the template writes it
    label: str | Promise
    help: str | Promise = ""
    required: bool = False
    alias: str = ""  # the English header a file may carry instead


@dataclass
class Table:
    headers: dict[str, str]  # column key → the header as written in the file, in file order
    rows: list[tuple[int, dict]]  # (spreadsheet row number, {column key: cell value or None})


def read_table(path: Path, columns: Sequence[Column]) -> Table:
    """Every non-empty row under the header, cells as the file holds them: text from a CSV;
    numbers, dates and text from an .xlsx; None for an empty cell."""
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
    keys, headers = _header(header, columns)
    table = Table(headers, [])
    for number, cells in enumerate(rows, start=2):
        values = {k: _blank(v) for k, v in zip(keys, cells, strict=False) if k}
        if any(v is not None for v in values.values()):
            if len(table.rows) >= MAX_ROWS:
                raise FileError(_("A file may hold at most %(max)d rows.") % {"max": MAX_ROWS})
            table.rows.append((number, values))
    return table


def _header(cells, columns: Sequence[Column]) -> tuple[list[str | None], dict[str, str]]:
    """The column key of each header cell (None for a column not declared), and the header as
    written for each key found."""
    names = {name: c.key for c in columns for name in (c.key, c.alias) if name}
    keys: list[str | None] = []
    headers: dict[str, str] = {}
    for cell in cells:
        written = str(cell if cell is not None else "").strip()
        key = names.get(written.lower().replace(" ", "_"))
        if key in headers:
            raise FileError(
                _("The columns %(first)s and %(second)s hold the same thing; keep one.")
                % {"first": headers[key], "second": written}
            )
        if key:
            headers[key] = written
        keys.append(key)
    missing = [c.key for c in columns if c.required and c.key not in headers]
    if missing:
        raise FileError(
            _("The first row must hold the column names; missing: %(columns)s.")
            % {"columns": ", ".join(missing)}
        )
    return keys, headers


def _blank(value):
    """None for an empty cell, so '' and whitespace count as empty whatever the file type."""
    if isinstance(value, str):
        value = value.replace("\x00", "").strip()
        return value or None
    return value


def _xlsx_rows(path: Path) -> Iterator[tuple]:
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
    for row in csv.reader(io.StringIO(text), dialect):
        yield [spreadsheets.csv_text(value) for value in row]


def template_xlsx(title: str, columns: Sequence[Column], example: Sequence) -> bytes:
    """An empty import file: the header, one example row, and a sheet that explains every column
    in the user's language."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.append([c.key for c in columns])
    sheet.append(list(example))
    for cell in sheet[2]:
        if isinstance(cell.value, date):
            cell.number_format = "DD/MM/YYYY"
    for cell, column in zip(sheet[1], columns, strict=True):
        sheet.column_dimensions[cell.column_letter].width = max(12, len(column.key) + 4)
    head = [_("Column"), _("Or, in English"), _("Meaning"), _("Notes"), _("Required")]
    lines = [
        [c.key, c.alias, str(c.label), str(c.help), _("yes") if c.required else ""] for c in columns
    ]
    widths = [16, 16, 24, 70, 10]
    if not any(c.alias for c in columns):  # no English names: no column for them
        for line in (head, *lines, widths):
            del line[1]
    guide = workbook.create_sheet(_("Columns")[:31])
    for line in (head, *lines):
        guide.append(line)
    for cell, width in zip(guide[1], widths, strict=True):
        guide.column_dimensions[cell.column_letter].width = width
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
