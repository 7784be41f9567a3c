"""Cell values as people in Indonesia write them, one parser for each kind of value.

Every parser takes what the reader gives for a non-empty cell (text from a CSV; a number, a date
or text from an .xlsx) and returns the value, or raises ``ValidationError`` with a translated
message that the import shows next to the row and column.

Numbers (``parse_number``; ``parse_integer`` and ``parse_money`` build on it):

- Excel number cells are taken as they are.
- A dot followed by groups of exactly three digits separates thousands: ``1.500.000``, and also
  ``1.250``, which is 1250 (Indonesian grouping first, never 1.25). Any other single dot is a
  decimal point: ``12.5``, ``0.125``.
- A comma is the Indonesian decimal comma: ``12,5``, ``-6,869``, and also ``1,250``, which is
  1.25. Only several commas in groups of three (``1,250,000``) separate thousands, as English
  software writes them.
- With both signs, the last one is the decimal separator and the other separates groups of
  three: ``1.250,5`` and ``1.250.000,50`` as well as ``1,250,000.50``.
- Spaces, a leading ``Rp``/``IDR`` and a closing ``,-`` (``Rp 1.500.000,-``) are ignored.

Anything else (``1.2.3``, ``1.25.000``, ``12,5,0``, ``banyak``) is not a number: a wrong guess
would write a wrong figure without anyone noticing, a refusal costs one correction.

Measures that never reach a thousand, such as coordinates, are read by ``parse_decimal``
instead: there a single dot or comma is always the decimal separator (``-6.868`` and
``-6,868``, ``109.167``), as an export and a person write them.

Dates (``parse_date``): Excel date cells; ``2022-10-03``; ``03/10/2022`` and ``03-10-2022``,
always day first as written in Indonesia (never month first); ``3 Okt 2022``,
``3 Oktober 2022``, ``3 Oct 2022`` with the month's Indonesian or English name or its
abbreviation.

Clock times (``parse_time``): Excel time cells; ``08:00``, ``8:00``, ``8.00``, ``08.00`` and
``08:00:00`` (the dot as Indonesians write the time); a whole hour, ``8``; an Excel number as
the fraction of a day it is, 0.3333… being 08:00. Times are kept to the minute. A number with
other decimals (``8.3``: 08:30, or 08:18?) is refused.
"""

import re
from datetime import date, datetime, time
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.core.validators import DecimalValidator, MinValueValidator
from django.utils.translation import gettext as _

_GROUPED = {
    ".": re.compile(r"^[1-9]\d{0,2}(\.\d{3})+$"),
    ",": re.compile(r"^[1-9]\d{0,2}(,\d{3})+$"),
}
_DIGITS = re.compile(r"^\d+$")
_CURRENCY = re.compile(r"^([+-]?)(?:rp\.?|idr)", re.IGNORECASE)
_NO_CENTS = re.compile(r"[.,]-$")

_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$")
_DMY = re.compile(r"^(\d{1,2})([/-])(\d{1,2})\2(\d{4})$")
_D_MONTH_Y = re.compile(r"^(\d{1,2})[\s./-]*([^\W\d_]+)\.?[\s./,-]*(\d{4})$")
_MONTH_NAMES = (
    ("jan", "januari", "january"),
    ("feb", "februari", "february", "pebruari"),
    ("mar", "maret", "march"),
    ("apr", "april"),
    ("mei", "may"),
    ("jun", "juni", "june"),
    ("jul", "juli", "july"),
    ("agu", "agt", "ags", "agustus", "aug", "august"),
    ("sep", "sept", "september"),
    ("okt", "oktober", "oct", "october"),
    ("nov", "nop", "november", "nopember"),
    ("des", "desember", "dec", "december"),
)
MONTHS = {name: number for number, names in enumerate(_MONTH_NAMES, 1) for name in names}
_CLOCK = re.compile(r"^(\d{1,2})(?:[:.](\d{2})(?::(\d{2}))?)?$")


def as_text(value) -> str:
    """Text as the user sees it in the cell: an ERP number stored as a number, 4500012345, is
    the text "4500012345", not "4500012345.0"; a date cell is its date."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, datetime):
        value = value.date()
    return str(value).strip()


def parse_number(value) -> Decimal:
    """A number, as the module's docstring describes."""
    if isinstance(value, bool):
        raise ValidationError(_("Enter a number."))
    if isinstance(value, int | float | Decimal):
        number = _decimal(str(value))
    else:
        text = _CURRENCY.sub(r"\1", re.sub(r"[\s\u00a0]", "", as_text(value)))
        text = _NO_CENTS.sub("", text)
        sign = ""
        if text[:1] in ("+", "-"):
            sign, text = text[0].replace("+", ""), text[1:]
        plain = _plain_number(text)
        number = _decimal(sign + plain) if plain is not None else None
    if number is None or not number.is_finite():
        raise ValidationError(_("Enter a number."))
    return number


def _decimal(text: str) -> Decimal | None:
    """``text`` as a Decimal without trailing decimal zeros (12.500 is 12.5), so a value's
    decimal places are those it needs."""
    if "." in text and "e" not in text.lower():
        text = text.rstrip("0").rstrip(".")
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def _plain_number(text: str) -> str | None:
    """``text`` (no sign, no spaces) as Python writes the number, or None."""
    if "," in text and "." in text:
        decimal_sign = "," if text.rfind(",") > text.rfind(".") else "."
        group_sign = "." if decimal_sign == "," else ","
        whole, fraction = text.rsplit(decimal_sign, 1)
        grouped = _GROUPED[group_sign].match(whole) or _DIGITS.match(whole)
        if grouped and _DIGITS.match(fraction):
            return f"{whole.replace(group_sign, '')}.{fraction}"
        return None
    if _GROUPED["."].match(text) or (_GROUPED[","].match(text) and text.count(",") > 1):
        return text.replace(".", "").replace(",", "")
    if "," in text or "." in text:
        whole, _sign, fraction = text.replace(",", ".").partition(".")
        if _DIGITS.match(whole) and _DIGITS.match(fraction):
            return f"{whole}.{fraction}"
        return None
    return text if _DIGITS.match(text) else None


_DECIMAL = re.compile(r"^[+-]?\d+([.,]\d+)?$")


def parse_decimal(value) -> Decimal:
    """A measure without thousands, as the module's docstring describes."""
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return parse_number(value)
    text = re.sub(r"[\s\u00a0]", "", as_text(value))
    number = _decimal(text.replace(",", ".")) if _DECIMAL.match(text) else None
    if number is None:
        raise ValidationError(_("Enter a number."))
    return number


def parse_integer(value) -> int:
    """A whole number written as ``parse_number`` reads it: ``1.250`` and ``1.250,00`` are
    1250; ``12,5`` is refused."""
    number = parse_number(value)
    if number != number.to_integral_value():
        raise ValidationError(_("Enter a whole number."))
    return int(number)


def parse_money(value) -> Decimal:
    """An amount of rupiah, not negative, to the sen (two decimals): ``Rp 1.500.000,-``,
    ``12.500,50``."""
    amount = parse_number(value)
    MinValueValidator(0)(amount)
    DecimalValidator(max_digits=None, decimal_places=2)(amount)
    return amount


def parse_date(value) -> date:
    """A date, as the module's docstring describes."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = as_text(value)
    if match := _ISO.match(text):
        year, month, day = (int(g) for g in match.groups())
    elif match := _DMY.match(text):
        day, month, year = int(match[1]), int(match[3]), int(match[4])
    elif (match := _D_MONTH_Y.match(text)) and match[2].lower() in MONTHS:
        day, month, year = int(match[1]), MONTHS[match[2].lower()], int(match[3])
    else:
        raise ValidationError(_("Enter a date such as 31/01/2023 or 2023-01-31."))
    try:
        return date(year, month, day)
    except ValueError:
        raise ValidationError(
            _("%(value)s is not a date in the calendar.") % {"value": text}
        ) from None


def parse_time(value) -> time:
    """A time of day, as the module's docstring describes."""
    if isinstance(value, datetime):
        value = value.time()
    if isinstance(value, time):
        return value.replace(second=0, microsecond=0)
    if isinstance(value, float) and 0 <= value < 1:  # Excel's fraction of a day
        minutes = min(round(value * 24 * 60), 24 * 60 - 1)
        return time(minutes // 60, minutes % 60)
    text = as_text(value)
    if match := _CLOCK.match(text):
        hour, minute = int(match[1]), int(match[2] or 0)
        if hour < 24 and minute < 60 and int(match[3] or 0) < 60:
            return time(hour, minute)
        raise ValidationError(_("%(value)s is not a time of day.") % {"value": text})
    raise ValidationError(_("Enter a time such as 08:00 or 8.00."))
