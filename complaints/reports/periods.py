"""The periods a measure is taken over: calendar months in London time, and the
comparisons the board reads beside each month (domain.md A6).

Timestamps are stored in UTC but a case logged at 00:30 on 1 April BST was logged in
April, so each period also knows its bounds as UTC instants.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from complaints.cases.deadlines import add_months
from complaints.common.clock import LONDON, london_today

_MONTH = re.compile(r"\s*(\d{4})-(\d{1,2})\s*")


@dataclass(frozen=True)
class Period:
    """London dates from ``start`` up to, not including, ``end``."""

    start: dt.date
    end: dt.date
    label: str

    @property
    def utc_start(self) -> dt.datetime:
        return london_midnight(self.start)

    @property
    def utc_end(self) -> dt.datetime:
        return london_midnight(self.end)

    @property
    def last_day(self) -> dt.date:
        return self.end - dt.timedelta(days=1)


def london_midnight(day: dt.date) -> dt.datetime:
    """The UTC instant at which ``day`` begins in London."""
    return dt.datetime.combine(day, dt.time(), tzinfo=LONDON).astimezone(dt.UTC)


def month_label(month: dt.date) -> str:
    return month.strftime("%B %Y")


def month_period(month: dt.date) -> Period:
    start = month.replace(day=1)
    return Period(start, add_months(start, 1), month_label(start))


def parse_month(text: str | None) -> dt.date | None:
    """'2026-10' (or ' 2026-4 ') as the first day of that month; None if it is not one."""
    match = _MONTH.fullmatch(text or "")
    if not match or not 1 <= int(match[2]) <= 12:
        return None
    return dt.date(int(match[1]), int(match[2]), 1)


def last_complete_month(now: dt.datetime) -> dt.date:
    """The first day of the month before this one, as the force's calendar has it."""
    return add_months(london_today(now).replace(day=1), -1)


def month_ended(month: dt.date, now: dt.datetime) -> bool:
    """Has the whole month passed, as the force counts days (Europe/London)?"""
    return london_today(now) >= month_period(month).end


def months(first: dt.date, count: int) -> list[Period]:
    """``count`` consecutive months from the one containing ``first``."""
    start = first.replace(day=1)
    return [month_period(add_months(start, n)) for n in range(count)]


@dataclass(frozen=True)
class Comparisons:
    """The month and what the board compares it with."""

    month: Period
    previous: Period
    last_year: Period
    rolling: Period  # the 12 months ending with the month

    @property
    def all(self) -> tuple[Period, Period, Period, Period]:
        return (self.month, self.previous, self.last_year, self.rolling)

    @property
    def headings(self) -> tuple[str, str, str, str]:
        return (
            self.month.label,
            self.previous.label,
            self.last_year.label,
            f"12 months to {self.month.label}",
        )


def comparisons(month: dt.date) -> Comparisons:
    this = month_period(month)
    start = this.start
    rolling_start = add_months(start, -11)
    return Comparisons(
        month=this,
        previous=month_period(add_months(start, -1)),
        last_year=month_period(add_months(start, -12)),
        rolling=Period(
            rolling_start,
            this.end,
            f"{rolling_start:%B %Y} to {this.label}",
        ),
    )
