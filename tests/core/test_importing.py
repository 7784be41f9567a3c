"""The import framework's reader and cell parsers, value by value (core.importing)."""

import io
from datetime import date, datetime, time
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from openpyxl import Workbook, load_workbook

from rantai.core.importing import reading
from rantai.core.importing.parsers import (
    as_text,
    parse_date,
    parse_decimal,
    parse_integer,
    parse_money,
    parse_number,
    parse_time,
)
from rantai.core.importing.reading import Column, FileError, read_table, template_xlsx
from rantai.core.importing.rows import Cells, Outcome

NOT_A_NUMBER = "Masukkan angka."
NOT_WHOLE = "Masukkan keseluruhan angka bilangan."
NOT_A_DATE = "Isi tanggal seperti 31/01/2023 atau 2023-01-31."


@pytest.fixture
def english():
    with translation.override("en"):
        yield


def refusal(parser, value) -> str:
    """The message ``parser`` gives for ``value``, in Indonesian (the default language)."""
    with translation.override("id"), pytest.raises(ValidationError) as refused:
        parser(value)
    return " ".join(refused.value.messages)


# ---- numbers ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1.250,5", "1250.5"),
        ("1.500.000", "1500000"),
        ("Rp 1.500.000", "1500000"),
        ("Rp. 1.500.000,-", "1500000"),
        ("IDR 1,500,000.00", "1500000"),
        ("Rp 12.500", "12500"),
        ("1,250,000.50", "1250000.5"),
        ("1.250.000,50", "1250000.5"),
        ("1,250,000", "1250000"),
        ("1.250", "1250"),  # ambiguous: a dot and three digits group thousands
        ("1,250", "1.25"),  # ambiguous: a single comma is the decimal comma
        ("12,5", "12.5"),
        ("12,50", "12.5"),
        ("12.5", "12.5"),
        ("0.125", "0.125"),
        ("0,125", "0.125"),
        ("1.2345", "1.2345"),
        ("-6,869", "-6.869"),
        ("+5", "5"),
        ("-Rp 5.000", "-5000"),
        ("1 500 000", "1500000"),
        ("1\u00a0500", "1500"),
        ("007", "7"),
        (7250.5, "7250.5"),
        (300.0, "300"),
        (300, "300"),
        (Decimal("2.50"), "2.5"),
    ],
)
def test_numbers_as_people_and_excel_write_them(value, expected):
    assert str(parse_number(value)) == expected


@pytest.mark.parametrize(
    "value",
    [
        "banyak",
        "1.2.3",
        "1.25.000",
        "12,5,0",
        "1,25.000",
        "1.250,5,0",
        ".5",
        "5.",
        "-",
        "Rp",
        "12 kg",
        "nan",
        float("nan"),
        True,
        datetime(2024, 1, 31),
    ],
)
def test_what_is_not_a_number(value):
    assert refusal(parse_number, value) == NOT_A_NUMBER


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("-6.868", "-6.868"),  # a coordinate: the dot is a decimal point, never grouping
        ("-6,8690", "-6.869"),
        ("109.167", "109.167"),
        ("+109,1670", "109.167"),
        (" 12 ", "12"),
        (-6.868, "-6.868"),
        (109, "109"),
    ],
)
def test_measures_without_thousands(value, expected):
    assert str(parse_decimal(value)) == expected


@pytest.mark.parametrize("value", ["1.250,5", "1.250.000", "6,8,6", "-6.", "utara", True])
def test_what_is_not_a_measure(value):
    assert refusal(parse_decimal, value) == NOT_A_NUMBER


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("1.250", 1250),
        ("1.250,00", 1250),
        ("Rp 450.000.000", 450_000_000),
        ("1.250.000.000,-", 1_250_000_000),
        ("2011", 2011),
        (12.0, 12),
        (9, 9),
        ("-3", -3),
    ],
)
def test_whole_numbers(value, expected):
    assert parse_integer(value) == expected
    assert type(parse_integer(value)) is int


@pytest.mark.parametrize(
    ("value", "message"),
    [("12,5", NOT_WHOLE), ("1,250", NOT_WHOLE), (2.5, NOT_WHOLE), ("dua", NOT_A_NUMBER)],
)
def test_what_is_not_a_whole_number(value, message):
    assert refusal(parse_integer, value) == message


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("Rp 1.500.000,-", "1500000"),
        ("12.500,50", "12500.5"),
        ("Rp12.500", "12500"),
        ("0", "0"),
        (7250.5, "7250.5"),
    ],
)
def test_money(value, expected):
    assert str(parse_money(value)) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("-5", "Pastikan nilai ini lebih besar dari atau sama dengan 0."),
        ("12,345", "Pastikan bilangan tidak memiliki lebih dari 2 angka desimal."),
        ("seribu", NOT_A_NUMBER),
    ],
)
def test_what_is_not_money(value, message):
    assert refusal(parse_money, value) == message


# ---- dates -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2022-10-03", date(2022, 10, 3)),
        ("2022-10-03 14:30", date(2022, 10, 3)),
        ("2022-10-03T14:30:15.5", date(2022, 10, 3)),
        ("03/10/2022", date(2022, 10, 3)),  # day first, as written in Indonesia
        ("3/10/2022", date(2022, 10, 3)),
        ("03-10-2022", date(2022, 10, 3)),
        ("1/2/2023", date(2023, 2, 1)),
        ("3 Okt 2022", date(2022, 10, 3)),
        ("3 Oktober 2022", date(2022, 10, 3)),
        ("3 Oct 2022", date(2022, 10, 3)),
        ("3 October 2022", date(2022, 10, 3)),
        ("03 okt. 2022", date(2022, 10, 3)),
        ("3-Okt-2022", date(2022, 10, 3)),
        ("17 Agustus 1945", date(1945, 8, 17)),
        ("17 Agt 1945", date(1945, 8, 17)),
        ("1 Mei 2024", date(2024, 5, 1)),
        ("1 May 2024", date(2024, 5, 1)),
        ("25 Des 2023", date(2023, 12, 25)),
        ("29 Feb 2024", date(2024, 2, 29)),
        (datetime(2022, 10, 3, 8, 0), date(2022, 10, 3)),  # an Excel date cell
        (date(2022, 10, 3), date(2022, 10, 3)),
    ],
)
def test_dates_as_people_and_excel_write_them(value, expected):
    assert parse_date(value) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("01/31/2023", "01/31/2023 bukan tanggal yang ada di kalender."),  # never month first
        ("31/02/2023", "31/02/2023 bukan tanggal yang ada di kalender."),
        ("29 Feb 2023", "29 Feb 2023 bukan tanggal yang ada di kalender."),
        ("2023/01/31", NOT_A_DATE),
        ("Januari 2023", NOT_A_DATE),
        ("3 Okto 2022", NOT_A_DATE),
        ("3 Okt 22", NOT_A_DATE),
        ("kemarin", NOT_A_DATE),
        (45000, NOT_A_DATE),
    ],
)
def test_what_is_not_a_date(value, message):
    assert refusal(parse_date, value) == message


# ---- clock times -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("08:00", time(8)),
        ("8:30", time(8, 30)),
        ("8.00", time(8)),  # the dot, as Indonesians write the time
        ("08.30", time(8, 30)),
        ("14:45:00", time(14, 45)),
        ("8", time(8)),
        (8, time(8)),  # 8.00 typed into an Excel cell is the number 8
        (8.0, time(8)),
        (1 / 3, time(8)),  # an Excel time stored as a number: the fraction of a day
        (0.0, time(0)),
        (time(8, 0, 30), time(8)),  # an Excel time cell, to the minute
        (datetime(1899, 12, 30, 16, 15), time(16, 15)),
    ],
)
def test_times_as_people_and_excel_write_them(value, expected):
    assert parse_time(value) == expected


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("8.3", "Enter a time such as 08:00 or 8.00."),  # 08:30 or 08:18? not guessed
        (8.3, "Enter a time such as 08:00 or 8.00."),
        (1.5, "Enter a time such as 08:00 or 8.00."),
        ("pagi", "Enter a time such as 08:00 or 8.00."),
        (True, "Enter a time such as 08:00 or 8.00."),
        ("24:00", "24:00 is not a time of day."),
        ("8:75", "8:75 is not a time of day."),
    ],
)
def test_what_is_not_a_time(english, value, message):
    with pytest.raises(ValidationError) as refused:
        parse_time(value)
    assert refused.value.messages == [message]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (None, ""),
        ("  CV Logam  ", "CV Logam"),
        (4500012345.0, "4500012345"),
        (12.5, "12.5"),
        (datetime(2024, 3, 19, 14, 30), "2024-03-19"),
    ],
)
def test_a_cell_as_text(value, expected):
    assert as_text(value) == expected


# ---- reading files ---------------------------------------------------------------------------

COLUMNS = [
    Column("nomor", "Number", required=True, alias="number"),
    Column("nama", "Name", required=True),
    Column("tanggal", "Date", alias="date"),
]


def csv_path(tmp_path, content: bytes, name="data.csv"):
    path = tmp_path / name
    path.write_bytes(content)
    return path


def xlsx_path(tmp_path, rows, name="data.xlsx"):
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    path = tmp_path / name
    workbook.save(path)
    return path


@pytest.mark.parametrize(
    "content",
    [
        "\ufeffnomor;nama;tanggal\n1;Café Sinergi;3 Okt 2022\n".encode(),  # Excel, BOM
        "nomor;nama;tanggal\n1;Café Sinergi;3 Okt 2022\n".encode(),
        "nomor,nama,tanggal\n1,Café Sinergi,3 Okt 2022\n".encode(),
        "nomor\tnama\ttanggal\n1\tCafé Sinergi\t3 Okt 2022\n".encode(),
        "nomor;nama;tanggal\n1;Café Sinergi;3 Okt 2022\n".encode("cp1252"),
    ],
)
def test_a_csv_with_any_separator_and_encoding(tmp_path, content):
    table = read_table(csv_path(tmp_path, content), COLUMNS)
    assert table.headers == {"nomor": "nomor", "nama": "nama", "tanggal": "tanggal"}
    assert table.rows == [(2, {"nomor": "1", "nama": "Café Sinergi", "tanggal": "3 Okt 2022"})]


def test_headers_in_english_any_case_and_unknown_columns(tmp_path):
    content = b"  NUMBER ;Nama;Catatan;Date\n7;'=SUM(1);abaikan;\n;;;\n8;  ;x;2022-10-03\n"
    table = read_table(csv_path(tmp_path, content), COLUMNS)
    assert table.headers == {"nomor": "NUMBER", "nama": "Nama", "tanggal": "Date"}
    # The apostrophe an export put before a formula prefix comes off; blank rows are skipped
    # but keep the numbering of the sheet; a blank cell is None.
    assert table.rows == [
        (2, {"nomor": "7", "nama": "=SUM(1)", "tanggal": None}),
        (4, {"nomor": "8", "nama": None, "tanggal": "2022-10-03"}),
    ]


def test_an_xlsx_keeps_numbers_and_date_cells(tmp_path):
    path = xlsx_path(
        tmp_path,
        [["nomor", "nama", "tanggal"], [4500012345, "PT Astra", datetime(2022, 10, 3)]],
    )
    table = read_table(path, COLUMNS)
    assert table.rows == [
        (2, {"nomor": 4500012345, "nama": "PT Astra", "tanggal": datetime(2022, 10, 3)})
    ]
    cells = Cells(*table.rows[0])
    assert (cells.text("nomor"), cells.get("tanggal", parse_date)) == (
        "4500012345",
        date(2022, 10, 3),
    )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("data.pdf", b"%PDF-1.4", "Unggah berkas .xlsx atau .csv."),
        ("data.xlsx", b"not a zip file", "Berkas .xlsx ini tidak dapat dibaca."),
        ("data.csv", b"", "Berkas kosong."),
    ],
)
def test_files_that_cannot_be_read(tmp_path, name, content, message):
    with translation.override("id"), pytest.raises(FileError) as refused:
        read_table(csv_path(tmp_path, content, name), COLUMNS)
    assert str(refused.value) == message


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("nama;tanggal", "missing: nomor."),
        ("tanggal", "missing: nomor, nama."),
        ("nomor;nama;number", "The columns nomor and number hold the same thing; keep one."),
    ],
)
def test_a_header_without_a_required_column_or_with_one_twice(tmp_path, header, message, english):
    with pytest.raises(FileError) as refused:
        read_table(csv_path(tmp_path, f"{header}\n{header}\n".encode()), COLUMNS)
    assert str(refused.value).endswith(message)


def test_too_many_rows(tmp_path, monkeypatch, english):
    monkeypatch.setattr(reading, "MAX_ROWS", 2)
    path = csv_path(tmp_path, b"nomor;nama\n1;a\n\n2;b\n")
    assert len(read_table(path, COLUMNS).rows) == 2
    with pytest.raises(FileError) as refused:
        read_table(csv_path(tmp_path, b"nomor;nama\n1;a\n2;b\n3;c\n"), COLUMNS)
    assert str(refused.value) == "A file may hold at most 2 rows."


def test_the_template_has_the_header_an_example_and_a_guide(english):
    content = template_xlsx("Contoh", COLUMNS, [1, "PT Contoh", date(2022, 10, 3)])
    data, guide = load_workbook(io.BytesIO(content)).worksheets
    assert data.title == "Contoh"
    assert [[c.value for c in row] for row in data.iter_rows()] == [
        ["nomor", "nama", "tanggal"],
        [1, "PT Contoh", datetime(2022, 10, 3)],
    ]
    assert data["C2"].number_format == "DD/MM/YYYY"
    assert [list(row) for row in guide.iter_rows(values_only=True)] == [
        ["Column", "Or, in English", "Meaning", "Notes", "Required"],
        ["nomor", "number", "Number", None, "yes"],
        ["nama", None, "Name", None, "yes"],
        ["tanggal", "date", "Date", None, None],
    ]
    # Without English names there is no column for them.
    content = template_xlsx("Contoh", COLUMNS[1:2], ["PT Contoh"])
    guide = load_workbook(io.BytesIO(content)).worksheets[1]
    assert [list(row) for row in guide.iter_rows(values_only=True)] == [
        ["Column", "Meaning", "Notes", "Required"],
        ["nama", "Name", None, "yes"],
    ]


# ---- rows and the outcome --------------------------------------------------------------------


def test_a_row_keeps_the_first_problem_of_each_column_and_the_outcome_sorts_them(english):
    outcome = Outcome({"nama": "Nama", "nomor": "NUMBER"}, total=2)
    late = Cells(3, {"nomor": "x", "nama": None})
    late.get("nomor", parse_integer)
    late.fail("nomor", "second problem, not kept")
    late.get("nama", required=True)
    early = Cells(2, {"nomor": "1", "nama": "PT A"})
    assert early.get("nomor", parse_integer) == 1 and early.errors == {}
    outcome.add(late)
    outcome.fail(2, "nomor", "Already in row 1.")
    outcome.show({"row": 2})
    result = outcome.as_dict()
    assert result["errors"] == [
        {"row": 2, "column": "NUMBER", "message": "Already in row 1."},
        {"row": 3, "column": "Nama", "message": "This field is required."},
        {"row": 3, "column": "NUMBER", "message": "Enter a number."},
    ]
    assert (result["error_count"], result["preview"], result["nothing_new"]) == (3, [], False)
