"""Money, numbers and dates as the active language writes them (core.formatting, the rupiah
filter and the day-first English formats in rantai/formats/en)."""

from datetime import date, datetime
from decimal import Decimal

import pytest
from django import forms
from django.template import Context, Template
from django.utils import translation
from django.utils.formats import date_format

from rantai.core.formatting import number, rupiah


@pytest.mark.parametrize(
    ("value", "decimals", "indonesian", "english"),
    [
        (1_500_000, 0, "Rp 1.500.000", "Rp 1,500,000"),
        (Decimal("1500000"), 0, "Rp 1.500.000", "Rp 1,500,000"),
        (Decimal("-250000"), 0, "-Rp 250.000", "-Rp 250,000"),
        (0, 0, "Rp 0", "Rp 0"),
        (None, 0, "—", "—"),
        (Decimal("999.5"), 0, "Rp 1.000", "Rp 1,000"),  # half up, not cut off
        (Decimal("-0.4"), 0, "Rp 0", "Rp 0"),  # no "-Rp 0"
        (Decimal("12500.50"), 2, "Rp 12.500,50", "Rp 12,500.50"),
        (Decimal("12500.00"), 2, "Rp 12.500", "Rp 12,500"),  # whole: no sen
        (4_870_000_000, 0, "Rp 4.870.000.000", "Rp 4,870,000,000"),
    ],
)
def test_rupiah_in_both_languages(value, decimals, indonesian, english):
    with translation.override("id"):
        assert rupiah(value, decimals=decimals) == indonesian
    with translation.override("en"):
        assert rupiah(value, decimals=decimals) == english


def test_the_rupiah_filter_is_the_function():
    template = Template(
        "{% load formatting %}{{ fee|rupiah }} · {{ price|rupiah:2 }} · {{ none|rupiah }}"
    )
    context = Context({"fee": Decimal("1500000"), "price": Decimal("12500.50"), "none": None})
    with translation.override("id"):
        assert template.render(context) == "Rp 1.500.000 · Rp 12.500,50 · —"
    with translation.override("en"):
        assert template.render(context) == "Rp 1,500,000 · Rp 12,500.50 · —"


@pytest.mark.parametrize(
    ("value", "decimals", "indonesian", "english"),
    [
        (4000, 0, "4.000", "4,000"),
        (62.56, 1, "62,6", "62.6"),
        (2.5, 0, "3", "3"),
        (Decimal("1234567.891"), 2, "1.234.567,89", "1,234,567.89"),
        (None, 0, "—", "—"),
    ],
)
def test_numbers_are_rounded_and_grouped(value, decimals, indonesian, english):
    with translation.override("id"):
        assert number(value, decimals) == indonesian
    with translation.override("en"):
        assert number(value, decimals) == english


def test_templates_group_quantities_with_floatformat():
    template = Template(
        '{{ n|floatformat:"0g" }} · {{ q|floatformat:"-2g" }} · {{ r|floatformat:"-2g" }}'
    )
    context = Context({"n": 30000, "q": Decimal("1250.50"), "r": Decimal("1250.00")})
    with translation.override("id"):
        assert template.render(context) == "30.000 · 1.250,50 · 1.250"
    with translation.override("en"):
        assert template.render(context) == "30,000 · 1,250.50 · 1,250"


@pytest.mark.parametrize(
    ("name", "indonesian", "english"),
    [
        ("DATE_FORMAT", "3 Okt. 2022", "3 Oct 2022"),
        ("SHORT_DATE_FORMAT", "03-10-2022", "03/10/2022"),
        ("YEAR_MONTH_FORMAT", "Oktober 2022", "October 2022"),
        ("MONTH_DAY_FORMAT", "3 Oktober", "3 October"),
    ],
)
def test_dates_put_the_day_first_in_both_languages(name, indonesian, english):
    day = date(2022, 10, 3)
    with translation.override("id"):
        assert date_format(day, name) == indonesian
    with translation.override("en"):
        assert date_format(day, name) == english


def test_english_date_times_put_the_day_first():
    moment = datetime(2022, 10, 3, 14, 30)
    with translation.override("en"):
        assert date_format(moment, "DATETIME_FORMAT") == "3 Oct 2022, 2:30 p.m."
        assert date_format(moment, "SHORT_DATETIME_FORMAT") == "03/10/2022 2:30 p.m."


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("03/10/2022", date(2022, 10, 3)),  # 3 October, not 10 March
        ("03/10/22", date(2022, 10, 3)),
        ("3 Oct 2022", date(2022, 10, 3)),
        ("2022-10-03", date(2022, 10, 3)),  # what a date input sends
    ],
)
def test_a_date_typed_in_english_is_read_day_first(typed, expected):
    with translation.override("en"):
        assert forms.DateField().clean(typed) == expected
