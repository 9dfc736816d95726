"""The one place the product reads the time, so tests and demo data can fix it."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

LONDON = ZoneInfo("Europe/London")


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def london_today(now: dt.datetime | None = None) -> dt.date:
    """Today's date as the force sees it (a case logged at 00:30 BST is logged that day)."""
    return (now or utcnow()).astimezone(LONDON).date()


def london_date(moment: dt.datetime) -> dt.date:
    return moment.astimezone(LONDON).date()


def years_before(day: dt.date, years: int) -> dt.date:
    """The same calendar day ``years`` earlier (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)
