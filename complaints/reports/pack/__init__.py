"""The monthly pack: every measure of domain.md A6 for a month, as sections of tables.

Each figure comes from one function of ``queries``, and each table carries that
function's definition. Figures at a date (open cases, overdue updates) are taken at the
end of the month, or today while the month is still running. Summaries are made from the
figures alone, twice: for the full version with every figure, and for the circulated
version as its tables hold them, "a number of" wherever a figure is withheld.

Every figure that states a quantity another table states too (a headline and the table it
heads) carries the same ``measure``, and every count that is one part of a quantity stated
elsewhere carries ``part_of``, so that ``tables.protected`` can close each group of parts
of a published whole and hide a withheld part everywhere it is stated.

Each section is one module with a ``section`` function, which builds its tables from the
shared ``Context``, and a ``summary`` function, which words the protected tables.

Before any summary is worded the protected pack passes the disclosure check
(``disclosure.secured``), which may withhold more, so the circulated summaries word the
figures the circulated tables finally show.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from sqlalchemy.orm import Session

from complaints.common.clock import london_today
from complaints.reports import queries as q
from complaints.reports.disclosure import secured
from complaints.reports.pack import (
    caseload,
    categories,
    disproportionality,
    divisions,
    equality,
    handling,
    headlines,
    investigations,
    learning,
    outcomes,
    proceedings,
    reviews,
    timeliness,
    trends,
)
from complaints.reports.pack.context import Context, as_sentence
from complaints.reports.periods import comparisons
from complaints.reports.tables import MonthlyPack, ReportSettings

# The sections in the order the pack gives them.
SECTIONS = (
    headlines,
    trends,
    categories,
    handling,
    timeliness,
    caseload,
    investigations,
    reviews,
    outcomes,
    proceedings,
    learning,
    divisions,
    equality,
    disproportionality,
)


def _months_since(day: dt.date | None, as_at: dt.date) -> int | None:
    """Whole months from ``day`` to ``as_at``."""
    if day is None:
        return None
    months = (as_at.year - day.year) * 12 + as_at.month - day.month
    return months - (1 if as_at.day < day.day else 0)


def monthly_pack(
    session: Session,
    month: dt.date,
    settings: ReportSettings,
    today: dt.date | None = None,
) -> MonthlyPack:
    """The figures for the month that starts on ``month``, with their comparisons.

    ``today`` (London) bounds the figures taken at a date while the month is running.
    """
    periods = comparisons(month)
    context = Context(session, periods, settings, today or london_today())
    pack = MonthlyPack(
        force_name=settings.force_name,
        month=periods.month.start,
        sections=tuple(part.section(context) for part in SECTIONS),
    )
    pack = secured(pack, settings.threshold)
    full, circulated = context.wording(circulated=False), context.wording(circulated=True)
    return replace(
        pack,
        oldest_investigation_months=_months_since(
            context.once(q.oldest_open_investigation, context.as_at(periods.month)),
            context.as_at(periods.month),
        ),
        sections=tuple(
            replace(
                s,
                summary=as_sentence(part.summary(full, pack)),
                circulated_summary=as_sentence(part.summary(circulated, pack)),
            )
            for s, part in zip(pack.sections, SECTIONS, strict=True)
        ),
    )
