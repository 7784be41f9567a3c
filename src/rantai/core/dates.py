"""Calendar months. ``relativedelta`` does the arithmetic and keeps to the month's end:
31 January + 1 month = 28 (or 29) February, 29 February + 1 year = 28 February."""

from datetime import date

from dateutil.relativedelta import relativedelta


def month_end(day: date) -> date:
    """The last day of ``day``'s month."""
    return day + relativedelta(day=31)


def months_between(first: date, last: date) -> int:
    """Calendar months from ``first``'s month to ``last``'s, whatever the days: 31 January to
    1 February is 1, 1 to 31 January is 0; negative when ``last`` is in an earlier month."""
    span = relativedelta(last.replace(day=1), first.replace(day=1))
    return span.years * 12 + span.months


def month_starts(first: date, last: date) -> list[date]:
    """The first day of each month from ``first``'s month to ``last``'s, both included."""
    start = first.replace(day=1)
    return [start + relativedelta(months=n) for n in range(months_between(first, last) + 1)]
