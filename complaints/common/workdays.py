"""Working days: Monday to Friday less England and Wales bank holidays (domain.md A5)."""

from __future__ import annotations

import datetime as dt
from bisect import bisect_right
from functools import cache, lru_cache

import holidays


@lru_cache(maxsize=64)
def _bank_holidays(year: int) -> frozenset[dt.date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year).keys())


@cache
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

    A difference of two counts from a fixed day, each worked out once a process: reports
    call it for every pair of dates in a year of cases.
    """
    if end <= start:
        return 0
    return _working_days_to(end) - _working_days_to(start)


@lru_cache(maxsize=65536)
def _working_days_to(day: dt.date) -> int:
    """Working days from a fixed origin up to and including ``day`` (negative before it)."""
    holidays_this_year = bisect_right(_weekday_holidays(day.year), day)
    return _weekdays_to(day) - _holidays_before(day.year) - holidays_this_year


def _weekdays_to(day: dt.date) -> int:
    """Weekdays from 1 January of year 1 (a Monday) up to and including ``day``."""
    weeks, days = divmod(day.toordinal(), 7)
    return weeks * 5 + min(days, 5)


_ORIGIN_YEAR = 2000


@cache
def _holidays_before(year: int) -> int:
    """Weekday bank holidays from 1 January 2000 to the start of ``year`` (negative for an
    earlier year): only differences of these are used, so the origin cancels out."""
    if year >= _ORIGIN_YEAR:
        return sum(len(_weekday_holidays(y)) for y in range(_ORIGIN_YEAR, year))
    return -sum(len(_weekday_holidays(y)) for y in range(year, _ORIGIN_YEAR))
