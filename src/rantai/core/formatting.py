"""Numbers and amounts of money as the active language writes them: 1.500.000 and 12,5 in
Indonesian, 1,500,000 and 12.5 in English (dates: ``django.utils.formats.date_format`` with a
named format, day first in both languages, see ``rantai/formats``).

Pages and PDFs show money with the ``rupiah`` filter (``{% load formatting %}``) and other numbers
with Django's ``floatformat`` and its ``g`` (grouping) suffix; Python text uses ``rupiah`` and
``number`` below. Machine output (API, CSV, XLSX cells, file names) is never formatted.
"""

from decimal import ROUND_HALF_UP, Decimal

from django.utils.formats import number_format

EMPTY = "—"


def _rounded(value, decimals: int) -> Decimal:
    # str(): a float's shortest decimal form (0.1, not 0.1000000000000000055…).
    exact = value if isinstance(value, Decimal) else Decimal(str(value))
    return exact.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)


def number(value, decimals: int = 0) -> str:
    """``value`` rounded half up to ``decimals`` places, with the language's decimal sign and
    thousands separator (Django's ``number_format`` cuts the digits off instead of rounding);
    "—" when unknown."""
    if value is None:
        return EMPTY
    return number_format(_rounded(value, decimals), decimals, use_l10n=True, force_grouping=True)


def measure(value, most: int = 2) -> str:
    """A measured quantity with only the decimals it needs, at most ``most``: 12.50 → "12,5",
    1600.0 → "1.600" (Indonesian); "—" when unknown."""
    if value is None:
        return EMPTY
    places = max(0, -_rounded(value, most).normalize().as_tuple().exponent)
    return number(value, min(places, most))


def rupiah(value, *, decimals: int = 0) -> str:
    """An amount of money: Rp 1.500.000 in Indonesian, Rp 1,500,000 in English, -Rp 250.000 when
    negative, "—" when unknown. ``decimals`` are the sen shown when the amount is not whole
    (Rp 12.500,50); a whole amount shows none (Rp 12.500)."""
    if value is None:
        return EMPTY
    amount = _rounded(value, decimals)
    places = 0 if amount == amount.to_integral_value() else decimals
    sign = "-" if amount < 0 else ""
    return f"{sign}Rp {number(abs(amount), places)}"
