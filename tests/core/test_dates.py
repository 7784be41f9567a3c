from datetime import date

import pytest

from rantai.core.dates import month_end, month_starts, months_between


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2024, 1, 31), date(2024, 1, 31)),
        (date(2024, 2, 1), date(2024, 2, 29)),
        (date(2023, 2, 28), date(2023, 2, 28)),
        (date(2100, 2, 10), date(2100, 2, 28)),  # not a leap year
        (date(2024, 12, 1), date(2024, 12, 31)),
    ],
)
def test_month_end(day, expected):
    assert month_end(day) == expected


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [
        (date(2024, 1, 1), date(2024, 1, 31), 0),
        (date(2024, 1, 31), date(2024, 2, 1), 1),
        (date(2024, 1, 31), date(2024, 2, 29), 1),
        (date(2023, 2, 28), date(2024, 2, 29), 12),
        (date(2024, 12, 31), date(2025, 1, 1), 1),
        (date(2024, 12, 1), date(2026, 11, 30), 23),
        (date(2024, 3, 1), date(2024, 1, 31), -2),
    ],
)
def test_months_between_counts_calendar_months(first, last, expected):
    assert months_between(first, last) == expected


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [
        (date(2024, 1, 31), date(2024, 1, 31), [date(2024, 1, 1)]),
        (date(2024, 1, 31), date(2024, 3, 1), [date(2024, m, 1) for m in (1, 2, 3)]),
        (
            date(2024, 11, 15),
            date(2025, 2, 28),
            [*(date(2024, m, 1) for m in (11, 12)), *(date(2025, m, 1) for m in (1, 2))],
        ),
        (date(2024, 3, 1), date(2024, 2, 29), []),
    ],
)
def test_month_starts(first, last, expected):
    assert month_starts(first, last) == expected
