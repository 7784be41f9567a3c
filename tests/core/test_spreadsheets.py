"""Text stays text in exported spreadsheets: a name that looks like a formula is not one."""

import csv
import io

import pytest
from openpyxl import Workbook, load_workbook

from rantai.core import spreadsheets

FORMULA = '=HYPERLINK("http://x","y")'
AT_SUM = "@SUM(1)"


def assert_kept_as_text(content: bytes, *texts: str) -> None:
    """Every text in ``texts`` is somewhere in the workbook, each time as a string cell holding
    exactly that text."""
    book = load_workbook(io.BytesIO(content))
    found = {
        cell.value: cell
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value in texts
    }
    assert set(found) == set(texts)
    for text, cell in found.items():
        assert cell.data_type == "s", (text, cell.coordinate)
        assert cell.quotePrefix, (text, cell.coordinate)


@pytest.mark.parametrize("write_only", [False, True])
def test_formula_like_text_is_written_as_text_and_numbers_as_numbers(write_only):
    book = Workbook(write_only=write_only)
    sheet = book.create_sheet("x") if write_only else book.active
    spreadsheets.append(sheet, [FORMULA, AT_SUM, "+62 283", "#N/A", "CV Biasa", -6.87, 12, None])
    out = io.BytesIO()
    book.save(out)
    assert_kept_as_text(out.getvalue(), FORMULA, AT_SUM, "+62 283", "#N/A")
    row = next(load_workbook(io.BytesIO(out.getvalue())).worksheets[0].iter_rows())
    assert [(c.value, c.data_type) for c in row[4:7]] == [
        ("CV Biasa", "s"),
        (-6.87, "n"),
        (12, "n"),
    ]
    assert not row[4].quotePrefix


def test_csv_cells_that_would_run_get_an_apostrophe_and_read_back_without_it():
    values = [FORMULA, AT_SUM, "+62", "-", "\tx", "\rx", "CV Biasa", -6.87, 0, None]
    row = spreadsheets.csv_row(values)
    assert row == [
        "'" + FORMULA,
        "'" + AT_SUM,
        "'+62",
        "'-",
        "'\tx",
        "'\rx",
        "CV Biasa",
        -6.87,
        0,
        "",
    ]
    text = io.StringIO()
    csv.writer(text).writerow(row)
    read = next(csv.reader(io.StringIO(text.getvalue())))
    assert [spreadsheets.csv_text(v) for v in read[:7]] == values[:7]
    assert spreadsheets.csv_text("'quoted'") == "'quoted'"  # an apostrophe of the user's own
