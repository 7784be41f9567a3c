"""Working hours: when "within 4 working hours" ends. Plain Python, no Django.

A working day runs from ``start`` to ``end`` (hours, local time) on the weekdays in ``days``
(Monday = 0). Time released outside working hours starts counting at the next opening.
"""

from datetime import datetime, time, timedelta


def add_working_hours(
    moment: datetime,
    hours: float,
    *,
    start: int = 8,
    end: int = 16,
    days: frozenset[int] = frozenset(range(5)),
) -> datetime:
    """``moment`` plus ``hours`` of working time (``moment``'s timezone is kept)."""
    if not 0 <= start < end <= 24 or not days:
        raise ValueError("a working day needs start < end and at least one working weekday")
    left = timedelta(hours=hours)
    current = moment
    while True:
        day = current.date()
        opening = current.replace(hour=start, minute=0, second=0, microsecond=0)
        closing = current.replace(hour=0, minute=0, second=0, microsecond=0) + timedelta(hours=end)
        if day.weekday() in days and current < closing:
            current = max(current, opening)
            if current + left <= closing:
                return current + left
            left -= closing - current
        following = datetime.combine(day + timedelta(days=1), time(start), tzinfo=moment.tzinfo)
        current = following
