"""The columns of a firm spreadsheet: what an import reads and an export writes, so an exported
file can be edited and imported again. Headers are short Indonesian keys, the same in every
language, so a file works whoever made it."""

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Column:
    key: str
    label: str | Promise
    help: str | Promise = ""
    required: bool = False
    private: bool = False  # left empty in exports for firms whose private data the user can't see


COLUMNS = [
    Column("nib", _("NIB"), _("13 digits; an import matches firms by it"), required=True),
    Column("nama", _("Legal name"), required=True),
    Column(
        "jenis", _("Kind"), _("ikm, besar, koperasi, asosiasi, instansi or yayasan; default ikm")
    ),
    Column("npwp", _("NPWP"), _("15 or 16 digits"), private=True),
    Column("kbli", _("KBLI codes"), _("5-digit KBLI 2020 codes separated by commas")),
    Column("proses", _("Processes"), _("process codes separated by commas, e.g. cnc-turning")),
    Column("alamat", _("Street address")),
    Column(
        "kode_wilayah", _("Village code"), _("official code, e.g. 33.28.15.1019"), required=True
    ),
    Column("kode_pos", _("Postal code")),
    Column("lintang", _("Latitude")),
    Column("bujur", _("Longitude")),
    Column("telepon", _("Phone")),
    Column("email", _("Email")),
    Column("situs_web", _("Website")),
    Column("tahun_berdiri", _("Year founded")),
    Column("tenaga_kerja", _("Workforce")),
    Column("investasi", _("Investment (Rp)"), private=True),
    Column("omzet_tahunan", _("Annual sales (Rp)"), private=True),
    Column("kapasitas_tahunan", _("Annual capacity")),
    Column("satuan_kapasitas", _("Capacity unit"), _("ton, pcs, unit or set")),
]
BY_KEY = {c.key: c for c in COLUMNS}

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
