"""Write a filtered list of firms to XLSX or CSV in the import format (see columns.py)."""

import csv
import tempfile
from collections.abc import Callable, Iterable, Iterator
from itertools import batched

from django.http import QueryDict
from openpyxl import Workbook

from rantai.core import spreadsheets
from rantai.firms.columns import COLUMNS, KIND_EXPORT, UNIT_EXPORT
from rantai.firms.filters import FirmFilterSet
from rantai.firms.models import Firm

CHUNK = 2000
Progress = Callable[[int, int], None]


def filtered_firms(user, query: str):
    """The same list the user saw on the page: their scope, then the page's filters."""
    filterset = FirmFilterSet(QueryDict(query), queryset=Firm.objects.restrict(user, "view"))
    return filterset.qs.order_by("name", "pk")


def _row(firm: Firm, private: bool) -> list:
    values = {
        "nib": firm.nib or "",
        "nama": firm.name,
        "jenis": KIND_EXPORT[firm.kind],
        "npwp": firm.npwp,
        "kbli": ", ".join(k.code for k in firm.kbli.all()),
        "proses": ", ".join(c.process_id for c in firm.capabilities.all()),
        "alamat": firm.street_address,
        "kode_wilayah": firm.village_id or firm.district_id or firm.regency_id,
        "kode_pos": firm.postal_code,
        "lintang": float(firm.latitude) if firm.latitude is not None else None,
        "bujur": float(firm.longitude) if firm.longitude is not None else None,
        "telepon": firm.phone,
        "email": firm.email,
        "situs_web": firm.website,
        "tahun_berdiri": firm.year_founded,
        "tenaga_kerja": firm.workforce,
        "investasi": firm.investment,
        "omzet_tahunan": firm.annual_sales,
        "kapasitas_tahunan": firm.annual_capacity,
        "satuan_kapasitas": UNIT_EXPORT.get(firm.capacity_unit, ""),
    }
    return [None if c.private and not private else values[c.key] for c in COLUMNS]


def rows(user, query: str, progress: Progress | None = None) -> Iterator[list]:
    """Header, then one row per firm, fetched in chunks so memory stays flat."""
    firms = filtered_firms(user, query)
    total = firms.count()
    yield [c.key for c in COLUMNS]
    done = 0
    ids = firms.values_list("pk", flat=True).iterator(chunk_size=CHUNK)
    for chunk in batched(ids, CHUNK):
        private = set(
            Firm.objects.restrict(user, "view_private")
            .filter(pk__in=chunk)
            .values_list("pk", flat=True)
        )
        page = (
            Firm.objects.filter(pk__in=chunk)
            .prefetch_related("kbli", "capabilities")
            .order_by("name", "pk")
        )
        for firm in page:
            yield _row(firm, firm.pk in private)
        done += len(chunk)
        if progress:
            progress(done, total)


def write_xlsx(rows_: Iterator[list], title: str) -> str:
    return write_workbook([(title, rows_)])


def write_workbook(sheets: list[tuple[str, Iterable[list]]]) -> str:
    """Sheets (title, rows) one after the other, streamed: memory stays flat."""

    workbook = Workbook(write_only=True)
    for title, rows_ in sheets:
        sheet = workbook.create_sheet(title=title[:31])
        for row in rows_:
            spreadsheets.append(sheet, row)
    path = tempfile.mkstemp(suffix=".xlsx")[1]
    workbook.save(path)
    return path


def write_csv(rows_: Iterator[list]) -> str:
    path = tempfile.mkstemp(suffix=".csv")[1]
    with open(path, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        for row in rows_:
            writer.writerow(spreadsheets.csv_row(row))
    return path
