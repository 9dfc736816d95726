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


def format_date(value: dt.date | dt.datetime | None, missing: str = "") -> str:
    """'3 March 2026', in London time for timestamps."""
    if value is None:
        return missing
    if isinstance(value, dt.datetime):
        value = value.astimezone(LONDON).date()
    return f"{value.day} {value:%B %Y}"


def format_datetime(value: dt.datetime | None, missing: str = "") -> str:
    """'3 March 2026 at 2:05pm', in London time."""
    if value is None:
        return missing
    local = value.astimezone(LONDON)
    hour = local.hour % 12 or 12
    return f"{format_date(local.date())} at {hour}:{local:%M}{'am' if local.hour < 12 else 'pm'}"


def years_before(day: dt.date, years: int) -> dt.date:
    """The same calendar day ``years`` earlier (29 February becomes 28 February)."""
    try:
        return day.replace(year=day.year - years)
    except ValueError:
        return day.replace(year=day.year - years, day=28)
