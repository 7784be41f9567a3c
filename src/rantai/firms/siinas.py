"""The export for the national industry information system (SIINas): one year of the annual
industry data of the firms in a region, as an XLSX workbook (firms, raw materials, machines) or
a CSV of the firms sheet. The columns and their order are fixed and listed in
docs/siinas-export.md; headers are in the user's language, values are plain numbers.

Only firms whose private data the user may see are exported (annual data is private), so an
officer gets their remit and nothing else, whatever region they ask for."""

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import F, Prefetch, Q, Sum
from django.http import QueryDict
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from rantai.firms.filters import FirmFilterSet
from rantai.firms.models import Firm, IndustryYear, Machine, RawMaterial, industry_size_expression

CHUNK = 2000
Progress = Callable[[int, int], None]
SIZES = dict(Firm.IndustrySize.choices)
UNITS = dict(Firm.CapacityUnit.choices)


@dataclass(frozen=True)
class Column:
    key: str  # stable name of the column, for docs and tests; the header is the label
    label: str | Promise
    value: Callable


def _number(value):
    """Quantities as the spreadsheet should hold them: whole numbers without decimals."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return value


def _choice(choices: dict, value: str) -> str:
    return str(choices.get(value, "")) if value else ""


YEAR_COLUMNS = [
    Column("year", _("Year"), lambda y: y.year),
    Column("nib", _("NIB"), lambda y: y.firm.nib or ""),
    Column("name", _("Firm name"), lambda y: y.firm.name),
    Column("industry_size", _("Industry size in the year"), lambda y: _choice(SIZES, y.size)),
    Column("kbli", _("KBLI codes"), lambda y: ", ".join(k.code for k in y.firm.kbli.all())),
    Column("street_address", _("Street address"), lambda y: y.firm.street_address),
    Column("postal_code", _("Postal code"), lambda y: y.firm.postal_code),
    Column("province", _("Province code"), lambda y: y.firm.province_id),
    Column("regency", _("Regency/city code"), lambda y: y.firm.regency_id),
    Column("district", _("District code"), lambda y: y.firm.district_id or ""),
    Column("village", _("Village code"), lambda y: y.firm.village_id or ""),
    Column("investment", _("Investment value (Rp)"), lambda y: y.investment),
    Column("product", _("Main product"), lambda y: y.product),
    Column("installed_capacity", _("Installed capacity"), lambda y: y.installed_capacity),
    Column("capacity_unit", _("Unit"), lambda y: _choice(UNITS, y.capacity_unit)),
    Column("production", _("Production realised"), lambda y: y.production),
    Column("utilisation", _("Capacity utilisation (%)"), lambda y: _number(y.utilisation)),
    Column("production_value", _("Production value (Rp)"), lambda y: y.production_value),
    Column("workers_male", _("Male workers"), lambda y: y.workers_male),
    Column("workers_female", _("Female workers"), lambda y: y.workers_female),
    Column("workers_foreign", _("Foreign workers"), lambda y: y.workers_foreign),
    Column("workers_total", _("Total workers"), lambda y: y.workers_total),
    Column("electricity_kwh", _("Electricity (kWh)"), lambda y: y.electricity_kwh),
    Column("fuel_litres", _("Fuel (litres)"), lambda y: y.fuel_litres),
    Column("lpg_kg", _("LPG (kg)"), lambda y: y.lpg_kg),
    Column("natural_gas_m3", _("Natural gas (m³)"), lambda y: y.natural_gas_m3),
    Column("other_energy", _("Other energy"), lambda y: y.other_energy),
    Column(
        "raw_materials_domestic", _("Domestic raw materials (Rp)"), lambda y: y.domestic_value or 0
    ),
    Column(
        "raw_materials_imported", _("Imported raw materials (Rp)"), lambda y: y.imported_value or 0
    ),
    Column(
        "machines", _("Machines (count)"), lambda y: sum(m.count for m in y.firm.machines.all())
    ),
]

MATERIAL_COLUMNS = [
    Column("year", _("Year"), lambda m: m.year.year),
    Column("nib", _("NIB"), lambda m: m.year.firm.nib or ""),
    Column("name", _("Firm name"), lambda m: m.year.firm.name),
    Column("material", _("Material"), lambda m: m.name),
    Column("origin", _("Origin"), lambda m: m.get_origin_display()),
    Column("quantity", _("Quantity"), lambda m: _number(m.quantity)),
    Column("unit", _("Unit"), lambda m: m.get_unit_display()),
    Column("value", _("Value (Rp)"), lambda m: m.value),
]

MACHINE_COLUMNS = [
    Column("nib", _("NIB"), lambda m: m.firm.nib or ""),
    Column("name", _("Firm name"), lambda m: m.firm.name),
    Column("machine", _("Machine type"), lambda m: m.name),
    Column("process", _("Process"), lambda m: m.process.label if m.process else ""),
    Column("count", _("Count"), lambda m: m.count),
    Column("capacity", _("Capacity"), lambda m: m.capacity),
    Column("brand", _("Brand"), lambda m: m.brand),
    Column("year_made", _("Year made"), lambda m: m.year_made),
]


def firms(user, query: str):
    """The firms of the export: those whose private data the user may see, narrowed by the
    firm list's filters (the region)."""
    scope = Firm.objects.restrict(user, "view_private")
    return FirmFilterSet(QueryDict(query), queryset=scope).qs


def _material_value(origin: str) -> Sum:
    return Sum("raw_materials__value", filter=Q(raw_materials__origin=origin))


def industry_years(user, year: int, query: str):
    return (
        IndustryYear.objects.filter(year=year, firm__in=firms(user, query))
        .alias(workers=F("workers_male") + F("workers_female"))
        .annotate(
            size=industry_size_expression("workers", "investment"),
            domestic_value=_material_value(RawMaterial.Origin.DOMESTIC),
            imported_value=_material_value(RawMaterial.Origin.IMPORTED),
        )
        .select_related("firm")
        .prefetch_related(
            "firm__kbli", Prefetch("firm__machines", Machine.objects.only("firm_id", "count"))
        )
        .order_by("firm__name", "firm_id")
    )


def _header(columns) -> list[str]:
    return [str(c.label) for c in columns]


def year_rows(years, progress: Progress | None = None) -> Iterator[list]:
    total = years.count()
    yield _header(YEAR_COLUMNS)
    for done, year in enumerate(years.iterator(chunk_size=CHUNK), start=1):
        yield [c.value(year) for c in YEAR_COLUMNS]
        if progress and (done % CHUNK == 0 or done == total):
            progress(done, total)


def material_rows(years) -> Iterator[list]:
    yield _header(MATERIAL_COLUMNS)
    materials = (
        RawMaterial.objects.filter(year__in=years.values("pk"))
        .select_related("year__firm")
        .order_by("year__firm__name", "year__firm_id", "-value", "name", "pk")
    )
    for material in materials.iterator(chunk_size=CHUNK):
        yield [c.value(material) for c in MATERIAL_COLUMNS]


def machine_rows(years) -> Iterator[list]:
    yield _header(MACHINE_COLUMNS)
    machines = (
        Machine.objects.filter(firm__in=years.values("firm_id"))
        .select_related("firm", "process")
        .order_by("firm__name", "firm_id", "name", "pk")
    )
    for machine in machines.iterator(chunk_size=CHUNK):
        yield [c.value(machine) for c in MACHINE_COLUMNS]
