"""The firm import (core.importing): each row registers a firm or updates the one with its NIB.

Rows are matched to existing firms by NIB, so importing the same file twice updates, never
duplicates; importing a deleted firm's NIB brings it back. Every row asks the rule the same
change by hand would ask: add the firm, change the existing one (as it is and as it will be),
or restore a deleted one.
"""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from rantai.core.access import can, require, unsaved_copy
from rantai.core.importing.importer import Importer, register, tick
from rantai.core.importing.parsers import as_text, parse_decimal, parse_integer
from rantai.core.importing.reading import Table
from rantai.core.importing.rows import Cells, Outcome, ParsedRow
from rantai.core.models import Job
from rantai.firms.columns import COLUMNS, EXAMPLE_ROW, KIND_ALIASES, UNIT_ALIASES
from rantai.firms.models import Capability, Firm
from rantai.insights import facts
from rantai.reference.models import Kbli, Process, Region

# Model fields each column sets, for mapping model validation errors back to columns.
FIELD_COLUMNS = {c.field: c.key for c in COLUMNS if c.field}
TEXT_FIELDS = {
    "alamat": "street_address",
    "kode_pos": "postal_code",
    "telepon": "phone",
    "email": "email",
    "situs_web": "website",
}
NUMBER_FIELDS = {
    "tahun_berdiri": ("year_founded", parse_integer),
    "tenaga_kerja": ("workforce", parse_integer),
    "investasi": ("investment", parse_integer),
    "omzet_tahunan": ("annual_sales", parse_integer),
    "kapasitas_tahunan": ("annual_capacity", parse_integer),
    "lintang": ("latitude", parse_decimal),
    "bujur": ("longitude", parse_decimal),
}


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def _split(text: str) -> list[str]:
    return [part.strip() for part in text.replace(";", ",").split(",") if part.strip()]


class _Lookups:
    """Reference data and existing firms, loaded once for the whole file."""

    def __init__(self, table: Table):
        codes = {as_text(raw.get("kode_wilayah")) for _number, raw in table.rows}
        self.villages = {
            r.code: r for r in Region.objects.filter(code__in=codes, level=Region.Level.VILLAGE)
        }
        self.kbli = set(Kbli.objects.values_list("code", flat=True))
        self.processes = set(
            Process.objects.filter(parent__isnull=False).values_list("code", flat=True)
        )
        nibs = {_digits(as_text(raw.get("nib"))) for _number, raw in table.rows}
        self.existing = {f.nib: f for f in Firm.objects.filter(nib__in=nibs)}  # deleted too


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


def _values(cells: Cells, lookups: _Lookups, seen_nibs: dict) -> dict:
    """The row's firm fields, read and checked one by one; problems go to ``cells``."""
    values: dict = {}
    nib = _digits(cells.text("nib"))
    if not nib:
        cells.fail("nib", _("NIB is required."))
    elif nib in seen_nibs:
        cells.fail("nib", _("The same NIB is already in row %(row)d.") % {"row": seen_nibs[nib]})
    else:
        seen_nibs[nib] = cells.number
    values["nib"] = nib or None
    values["name"] = cells.text("nama")
    if not values["name"]:
        cells.fail("nama", _("The legal name is required."))

    kind = cells.text("jenis").lower() or "ikm"
    if kind not in KIND_ALIASES:
        cells.fail("jenis", _("Unknown kind %(value)s.") % {"value": cells.text("jenis")})
    values["kind"] = KIND_ALIASES.get(kind, "ikm")

    code = cells.text("kode_wilayah")
    if not code:
        cells.fail("kode_wilayah", _("The village code is required."))
    elif code not in lookups.villages:
        cells.fail(
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

    values["npwp"] = _digits(cells.text("npwp"))
    values.update({name: cells.text(key) for key, name in TEXT_FIELDS.items()})
    values.update({name: cells.get(key, parse) for key, (name, parse) in NUMBER_FIELDS.items()})
    if (values["latitude"] is None) != (values["longitude"] is None):
        cells.fail("lintang", _("Give both latitude and longitude, or neither."))

    unit = cells.text("satuan_kapasitas").lower()
    if unit and unit not in UNIT_ALIASES:
        cells.fail(
            "satuan_kapasitas",
            _("Unknown unit %(value)s.") % {"value": cells.text("satuan_kapasitas")},
        )
    values["capacity_unit"] = UNIT_ALIASES.get(unit, "")
    if values["annual_capacity"] and not values["capacity_unit"]:
        cells.fail("satuan_kapasitas", _("Say in which unit the capacity is counted."))
    return values


def _codes(cells: Cells, key: str, known: set[str], message: str) -> list[str]:
    codes = _split(cells.text(key))
    unknown = [c for c in codes if c not in known]
    if unknown:
        cells.fail(key, message % {"codes": ", ".join(unknown)})
    return codes


def _check_row(cells: Cells, lookups: _Lookups, seen_nibs: dict, user) -> ParsedRow | None:
    values = _values(cells, lookups, seen_nibs)
    kbli = _codes(cells, "kbli", lookups.kbli, _("Unknown KBLI code(s): %(codes)s."))
    processes = _codes(cells, "proses", lookups.processes, _("Unknown process code(s): %(codes)s."))
    # The model's own field validators (NIB format, ranges, coordinates, email, …).
    firm = Firm(**{k: v for k, v in values.items() if v is not None or k.endswith("_id")})
    cells.check(
        firm,
        FIELD_COLUMNS,
        "nama",
        exclude=["province", "regency", "district", "village", "kbli"],
        validate_unique=False,
        validate_constraints=False,
    )
    if cells.errors:
        return None
    existing = lookups.existing.get(values["nib"])
    if existing is not None:
        firm = unsaved_copy(existing, values)
    refused = _refusal(user, firm, existing)
    if refused:
        cells.fail(*refused)
        return None
    return ParsedRow(
        cells.number, {**values, "kbli": kbli, "processes": processes, "exists": bool(existing)}
    )


def _write(row: ParsedRow, firm: Firm | None) -> None:
    values = {k: v for k, v in row.values.items() if k not in ("kbli", "processes", "exists")}
    if firm is None:
        firm = Firm(**values)
    else:
        for name, value in values.items():
            setattr(firm, name, value)
        firm.deleted_at = None  # importing a deleted firm's NIB brings it back
    firm.save()
    if set(firm.kbli.values_list("code", flat=True)) != set(row.values["kbli"]):
        firm.kbli.set(row.values["kbli"])
    have = set(firm.capabilities.values_list("process_id", flat=True))
    for code in row.values["processes"]:
        if code not in have:
            Capability.objects.create(firm=firm, process_id=code)


class FirmImporter(Importer):
    kind = Job.Kind.FIRM_IMPORT
    columns = COLUMNS
    title = gettext_lazy("Firms")
    example = EXAMPLE_ROW
    template_filename = "rantai-firms-template.xlsx"
    form_template = "firms/import_form.html"
    summary_template = "firms/import_summary.html"
    review_url_name = "firms:import-review"
    confirm_url_name = "firms:import-confirm"

    def target(self, user, pk):
        require(user, "import", model=Firm)

    def links(self, target) -> dict:
        return {
            "breadcrumbs": [
                (_("Firms"), reverse("firms:list")),
                (_("Import"), reverse("firms:import")),
            ],
            "import_url": reverse("firms:import"),
            "template_url": reverse("firms:import-template"),
            "done_url": reverse("firms:list"),
            "done_label": _("See the firms"),
        }

    def check(self, table: Table, outcome: Outcome, *, user, target, progress) -> None:
        lookups = _Lookups(table)
        seen: dict[str, int] = {}
        for index, (number, raw) in enumerate(table.rows, start=1):
            cells = Cells(number, raw)
            row = _check_row(cells, lookups, seen, user)
            outcome.add(cells)
            if row:
                outcome.rows.append(row)
                outcome.show(
                    {
                        "row": number,
                        "nib": row.values["nib"],
                        "nama": row.values["name"],
                        "kode_wilayah": row.values["village_id"],
                        "update": row.values["exists"],
                    }
                )
            tick(progress, index, len(table.rows), 200)
        updated = sum(1 for row in outcome.rows if row.values["exists"])
        outcome.counts = {"new": len(outcome.rows) - updated, "updated": updated}
        outcome.writes = len(outcome.rows)

    def write(self, outcome: Outcome, *, user, target, progress) -> None:
        nibs = [row.values["nib"] for row in outcome.rows]
        existing = {f.nib: f for f in Firm.objects.select_for_update().filter(nib__in=nibs)}
        with facts.batch():
            for index, row in enumerate(outcome.rows, start=1):
                _write(row, existing.get(row.values["nib"]))
                tick(progress, index, len(outcome.rows), 50)

    def done_message(self, outcome: Outcome) -> str:
        return _("%(new)d new firms, %(updated)d updated") % outcome.counts


FIRMS = register(FirmImporter())
