from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

validate_nib = RegexValidator(
    r"^\d{13}$", _("An NIB (Nomor Induk Berusaha) has exactly 13 digits."), code="nib"
)
validate_npwp = RegexValidator(
    r"^(\d{15}|\d{16})$",
    _("An NPWP has 15 digits, or 16 digits in the NIK-based format."),
    code="npwp",
)
validate_postal_code = RegexValidator(
    r"^\d{5}$", _("A postal code has 5 digits."), code="postal_code"
)


def digits_only(value: str) -> str:
    """NPWP is often written 01.234.567.8-901.000; keep the digits."""
    return "".join(ch for ch in value if ch.isdigit()) if value else value
