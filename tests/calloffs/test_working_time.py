"""Working hours, with the default week (Monday to Friday, 08:00–16:00)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from rantai.calloffs.working_time import add_working_hours

WIB = ZoneInfo("Asia/Jakarta")


def at(day, hour, minute=0):
    return datetime(2026, 6, day, hour, minute, tzinfo=WIB)  # 15 June 2026 is a Monday


@pytest.mark.parametrize(
    ("start", "hours", "end"),
    [
        (at(15, 10), 4, at(15, 14)),  # inside one day
        (at(15, 14), 4, at(16, 10)),  # two hours today, two tomorrow
        (at(19, 14), 4, at(22, 10)),  # Friday afternoon: on to Monday
        (at(20, 9), 4, at(22, 12)),  # Saturday: counting starts on Monday morning
        (at(15, 6), 4, at(15, 12)),  # before opening: from 08:00
        (at(15, 17), 1, at(16, 9)),  # after closing: from the next opening
        (at(15, 10, 30), 8, at(16, 10, 30)),  # a whole working day
        (at(15, 10), 40, at(22, 10)),  # a whole working week
    ],
)
def test_working_hours_skip_nights_and_weekends(start, hours, end):
    assert add_working_hours(start, hours) == end


def test_a_saturday_morning_counts_where_the_week_has_one():
    six_days = frozenset(range(6))
    assert add_working_hours(at(19, 14), 4, days=six_days) == at(20, 10)


def test_a_week_without_working_days_is_refused():
    with pytest.raises(ValueError, match="working weekday"):
        add_working_hours(at(15, 10), 4, days=frozenset())
