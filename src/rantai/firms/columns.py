"""The columns of a firm spreadsheet: what an import reads and an export writes, so an exported
file can be edited and imported again. Headers are short Indonesian keys, the same in every
language, so a file works whoever made it."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from rantai.core.importing import reading
from rantai.firms.models import Firm


@dataclass(frozen=True)
class Column(reading.Column):
    field: str = ""  # the Firm field the column holds, when it holds one

    @property
    def private(self) -> bool:
        """Left empty in exports for firms whose private data the user may not see."""
        return self.field in Firm.PRIVATE_FIELDS


COLUMNS = [
    Column(
        "nib", _("NIB"), _("13 digits; an import matches firms by it"), required=True, field="nib"
    ),
    Column("nama", _("Legal name"), required=True, field="name"),
    Column(
        "jenis",
        _("Kind"),
        _("ikm, besar, koperasi, asosiasi, instansi or yayasan; default ikm"),
        field="kind",
    ),
    Column("npwp", _("NPWP"), _("15 or 16 digits"), field="npwp"),
    Column("kbli", _("KBLI codes"), _("5-digit KBLI 2020 codes separated by commas")),
    Column("proses", _("Processes"), _("process codes separated by commas, e.g. cnc-turning")),
    Column("alamat", _("Street address"), field="street_address"),
    Column(
        "kode_wilayah", _("Village code"), _("official code, e.g. 33.28.15.1019"), required=True
    ),
    Column("kode_pos", _("Postal code"), field="postal_code"),
    Column("lintang", _("Latitude"), field="latitude"),
    Column("bujur", _("Longitude"), field="longitude"),
    Column("telepon", _("Phone"), field="phone"),
    Column("email", _("Email"), field="email"),
    Column("situs_web", _("Website"), field="website"),
    Column("tahun_berdiri", _("Year founded"), field="year_founded"),
    Column("tenaga_kerja", _("Workforce"), field="workforce"),
    Column("investasi", _("Investment (Rp)"), field="investment"),
    Column("omzet_tahunan", _("Annual sales (Rp)"), field="annual_sales"),
    Column("kapasitas_tahunan", _("Annual capacity"), field="annual_capacity"),
    Column(
        "satuan_kapasitas", _("Capacity unit"), _("ton, pcs, unit or set"), field="capacity_unit"
    ),
]

# The template's example row, from the demo.
EXAMPLE_ROW = [
    "9120301234567",
    "CV Contoh Logam Takaru",
    "ikm",
    "",
    "25920, 29300",
    "cnc-turning, mig-welding",
    "Jl. Raya Dampyak No. 1",
    "33.28.15.1019",
    "52181",
    -6.8722,
    109.1614,
    "0283-350000",
    "",
    "",
    2012,
    12,
    650000000,
    1800000000,
    24000,
    "pcs",
]

KIND_ALIASES = {
    "ikm": "ikm",
    "besar": "large",
    "large": "large",
    "industri besar": "large",
    "koperasi": "cooperative",
    "cooperative": "cooperative",
    "asosiasi": "association",
    "association": "association",
    "instansi": "agency",
    "agency": "agency",
    "yayasan": "foundation",
    "foundation": "foundation",
}
KIND_EXPORT = {
    "ikm": "ikm",
    "large": "besar",
    "cooperative": "koperasi",
    "association": "asosiasi",
    "agency": "instansi",
    "foundation": "yayasan",
}
UNIT_ALIASES = {
    "ton": "tonne",
    "tonne": "tonne",
    "pcs": "piece",
    "piece": "piece",
    "buah": "piece",
    "unit": "unit",
    "set": "set",
}
UNIT_EXPORT = {"tonne": "ton", "piece": "pcs", "unit": "unit", "set": "set"}
