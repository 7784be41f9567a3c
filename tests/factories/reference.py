"""Places in the shipped region table (reference data is loaded by the migrations and never
built by a factory)."""

from rantai.reference.models import Region

DAMPYAK = "33.28.15.1019"  # Kramat, Kabupaten Tegal
SLAWI_WETAN = "33.28.10.1010"  # Slawi, Kabupaten Tegal
SUNTER_JAYA = "31.72.02.1002"  # Tanjung Priok, Jakarta Utara


def place(village: str) -> dict:
    """The four region fields of a firm in ``village``."""
    return Region.fields_of(village)
