"""What every measure shares: how definitions are read, means and shares, and which cases count."""

from __future__ import annotations

import datetime as dt
import inspect
from collections.abc import Callable, Collection, Iterable

from sqlalchemy import ColumnElement, and_, or_
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.visitors import InternalTraversal

from complaints.cases.choices import CaseType
from complaints.cases.models import Allegation, Case
from complaints.reports.periods import Period, london_midnight
from complaints.reports.tables import Figure, Kind


def definition(measure: Callable) -> str:
    """A measure's docstring as one paragraph, for a table and the appendix."""
    return " ".join(inspect.getdoc(measure).split())


def mean_of(total: int, cases: int) -> Figure:
    """The mean of values adding up to ``total`` over ``cases`` cases."""
    return Figure(total / cases if cases else None, Kind.DAYS, cases)


def mean_of_counts(values: Iterable[tuple[int, int]]) -> Figure:
    """The mean over (value, how many cases have it) pairs, over the cases counted."""
    total = cases = 0
    for value, n in values:
        total += value * n
        cases += n
    return mean_of(total, cases)


def share(part: int, whole: int, *, total: bool = False) -> Figure:
    return Figure(100 * part / whole if whole else None, Kind.PERCENT, whole, part, total)


RESTRICTED_NOTE = (
    "Restricted cases, complaints about the chief officer among them, are counted in every "
    "measure of this report, as the IOPC counts them; like every other case they are never "
    "named, and the circulated version hides the small counts that could identify them."
)


class unindexed(ColumnElement):
    """A column SQLite must not choose an index for (its unary ``+``, as SQLite documents);
    PostgreSQL sees the plain column, so its estimates, and its choice, stay right."""

    inherit_cache = True
    _traverse_internals = [("column", InternalTraversal.dp_clauseelement)]

    def __init__(self, column: ColumnElement) -> None:
        self.column = column
        self.type = column.type


@compiles(unindexed)
def _plain(element: unindexed, compiler, **kw) -> str:
    return compiler.process(element.column, **kw)


@compiles(unindexed, "sqlite")
def _plus(element: unindexed, compiler, **kw) -> str:
    return "+" + compiler.process(element.column, **kw)


def _counted(forces: Collection[int]) -> ColumnElement[bool]:
    """The one filter of every measure: cases of the forces reported on (a pack is one
    force's, or says which forces it combines), restricted ones among them (domain.md A6).
    SQLite is kept from the force index, which holds every case of a one-force
    installation, so that it reads the period's rows by date."""
    return unindexed(Case.force_id).in_(sorted(forces))


def _is_complaint(forces: Collection[int]) -> ColumnElement[bool]:
    """A complaint that is counted. SQLite is kept from the (type, year, number) index,
    which would have it scan a third of a large table for a month's rows."""
    return and_(unindexed(Case.case_type) == CaseType.COMPLAINT.value, _counted(forces))


def _complaints_logged_in(period: Period, forces: Collection[int]) -> ColumnElement[bool]:
    return and_(
        _is_complaint(forces),
        Case.logged_at >= period.utc_start,
        Case.logged_at < period.utc_end,
    )


def _allegation_is_counted(forces: Collection[int]) -> ColumnElement[bool]:
    """An allegation of a counted complaint, from the allegation alone: it carries its
    case's force and type (``complaints.cases.of_case``), so a period's allegations are
    read by the (force, type, logged) index without joining every case of the force."""
    return and_(
        Allegation.force_id.in_(sorted(forces)),
        Allegation.case_type == CaseType.COMPLAINT,
    )


def _allegations_logged_in(period: Period, forces: Collection[int]) -> ColumnElement[bool]:
    """Allegations of counted complaints, logged in the period."""
    return and_(
        _allegation_is_counted(forces),
        Allegation.logged_at >= period.utc_start,
        Allegation.logged_at < period.utc_end,
    )


def _complaints_finalised_in(period: Period, forces: Collection[int]) -> ColumnElement[bool]:
    return and_(
        _is_complaint(forces),
        Case.finalised_at >= period.utc_start,
        Case.finalised_at < period.utc_end,
    )


def _open_at(as_at: dt.date, forces: Collection[int]) -> ColumnElement[bool]:
    """Counted, logged by the end of ``as_at`` and neither finalised nor withdrawn by then.

    The last term says again which cases those can be (open now, or finalised or
    withdrawn since), in the form an index answers: the open cases' partial index and the
    finalised and withdrawn dates' indexes, one each. Without it the database reads every
    case ever logged before the day, so that a year-old snapshot cost as much as all the
    history kept; with it, as much as the cases open then."""
    end = london_midnight(as_at + dt.timedelta(days=1))
    return and_(
        _counted(forces),
        Case.logged_at < end,
        or_(Case.finalised_at.is_(None), Case.finalised_at >= end),
        or_(Case.withdrawn_at.is_(None), Case.withdrawn_at >= end),
        or_(
            and_(Case.finalised_at.is_(None), Case.withdrawn_at.is_(None)),
            Case.finalised_at >= end,
            Case.withdrawn_at >= end,
        ),
    )


def _value(member) -> str | None:
    return None if member is None else getattr(member, "value", member)
