"""Text stays text in the spreadsheets we write (formula injection, OWASP "CSV injection").

A firm's name may be ``=HYPERLINK("http://x","y")`` or ``@SUM(1)``. openpyxl stores a string
that begins with ``=`` as a live formula, and Excel or LibreOffice run whatever a CSV cell
beginning with ``=``, ``+``, ``-``, ``@``, tab or CR says. So every export writes its rows
through ``append`` (XLSX) or ``csv_row`` (CSV):

- XLSX: such text becomes an explicit string cell (``data_type "s"``) with Excel's "quote
  prefix" style, so it is shown and kept as the text it is, even when someone edits the cell;
  the value itself is unchanged.
- CSV: such text gets a leading apostrophe, which spreadsheets take as "this is text" and hide;
  the importers take it off again (``csv_text``), so an export imports back unchanged.

Numbers, dates and ``None`` pass through as they are: -6.87 stays a number.
"""

from collections.abc import Iterable

from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ERROR_CODES

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def _risky(value) -> bool:
    return isinstance(value, str) and (value.startswith(FORMULA_PREFIXES) or value in ERROR_CODES)


def text_cell(sheet, value: str):
    """A cell that holds ``value`` as text, whatever it begins with."""

    cell = WriteOnlyCell(sheet, value=value)
    cell.data_type = "s"  # openpyxl made "=…" a formula ("f") and "#N/A" an error ("e")
    cell.quotePrefix = True
    return cell


def xlsx_row(sheet, values: Iterable) -> list:
    """``values`` ready for ``sheet.append`` (normal or write-only): risky text as text cells."""
    return [text_cell(sheet, v) if _risky(v) else v for v in values]


def append(sheet, values: Iterable) -> None:
    sheet.append(xlsx_row(sheet, values))


def csv_value(value):
    if value is None:
        return ""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def csv_row(values: Iterable) -> list:
    return [csv_value(v) for v in values]


def csv_text(value: str) -> str:
    """A cell read from a CSV, without the apostrophe ``csv_value`` put before a formula
    prefix."""
    if value.startswith("'") and value[1:].startswith(FORMULA_PREFIXES):
        return value[1:]
    return value
