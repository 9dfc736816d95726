"""The periods a return covers: a month, a quarter or a year of the financial year the
IOPC reports by (April to March)."""

from __future__ import annotations

import datetime as dt
import re

from complaints.cases.deadlines import add_months
from complaints.reports.periods import Period, month_period, parse_month

_QUARTER = re.compile(r"\s*(\d{4})-Q([1-4])\s*", re.IGNORECASE)
_YEAR = re.compile(r"\s*(\d{4})\s*")


def financial_quarter(year: int, quarter: int) -> Period:
    """Quarter 1 of the year 2026 to 2027 is April to June 2026; quarter 4 is January to
    March 2027."""
    start = add_months(dt.date(year, 4, 1), 3 * (quarter - 1))
    return Period(start, add_months(start, 3), f"Quarter {quarter} of {year} to {year + 1}")


def financial_year(year: int) -> Period:
    start = dt.date(year, 4, 1)
    return Period(start, add_months(start, 12), f"April {year} to March {year + 1}")


def parse_period(text: str | None) -> Period | None:
    """'2026-Q3' (October to December 2026), '2026' (April 2026 to March 2027) or a month,
    '2026-10'; None if the text is none of these."""
    if match := _QUARTER.fullmatch(text or ""):
        return financial_quarter(int(match[1]), int(match[2]))
    if match := _YEAR.fullmatch(text or ""):
        return financial_year(int(match[1]))
    month = parse_month(text)
    return month_period(month) if month else None


def last_complete_quarter(today: dt.date) -> str:
    """The quarter before the one ``today`` is in, as '2026-Q2'."""
    year = today.year if today.month >= 4 else today.year - 1
    quarter = (today.month - 4) % 12 // 3 + 1
    if quarter == 1:
        return f"{year - 1}-Q4"
    return f"{year}-Q{quarter - 1}"
