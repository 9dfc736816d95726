"""Working days: Monday to Friday less England and Wales bank holidays (domain.md A5)."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> frozenset[dt.date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year).keys())


@lru_cache(maxsize=64)
def _weekday_holidays(year: int) -> tuple[dt.date, ...]:
    """Sorted, and only those on a weekday: a Saturday Boxing Day is not a day lost twice."""
    return tuple(sorted(day for day in _bank_holidays(year) if day.weekday() < 5))


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def add(start: dt.date, days: int) -> dt.date:
    """The date ``days`` working days after ``start`` (start itself not counted)."""
    day = start
    step = 1 if days >= 0 else -1
    remaining = abs(days)
    while remaining:
        day += dt.timedelta(days=step)
        if is_working_day(day):
            remaining -= 1
    return day


def between(start: dt.date, end: dt.date) -> int:
    """Working days after ``start`` up to and including ``end`` (0 if end <= start).

    Arithmetic rather than a walk over the days: reports call it for every case.
    """
    if end <= start:
        return 0
    return _weekdays_to(end) - _weekdays_to(start) - _holidays_in(start, end)


def _weekdays_to(day: dt.date) -> int:
    """Weekdays from 1 January of year 1 (a Monday) up to and including ``day``."""
    weeks, days = divmod(day.toordinal(), 7)
    return weeks * 5 + min(days, 5)


def _holidays_in(start: dt.date, end: dt.date) -> int:
    """Bank holidays falling on a weekday after ``start`` up to and including ``end``."""
    count = 0
    for year in range(start.year, end.year + 1):
        days = _weekday_holidays(year)
        first = bisect_right(days, start) if year == start.year else 0
        last = bisect_right(days, end) if year == end.year else len(days)
        count += last - first
    return count
