"""The measures taken at a date, open cases and overdue work, and the learning register's counts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection

from sqlalchemy import ColumnElement, case, func, or_, select
from sqlalchemy.orm import Session

from complaints.cases.choices import DeadlineKind
from complaints.cases.deadlines import FIRST_REPORT_MONTHS, add_months
from complaints.cases.models import Case
from complaints.investigations.models import Investigation
from complaints.learning.models import LearningItem, LearningStatus
from complaints.learning.services import overdue_clause
from complaints.reports.periods import Period
from complaints.reports.queries.common import _is_complaint, _open_at, _value
from complaints.reports.tables import Figure

AGE_BANDS = (
    (3, "Under 3 months"),
    (6, "3 to 6 months"),
    (12, "6 to 12 months"),
    (None, "12 months or more"),
)


def open_cases_by_age(session: Session, as_at: dt.date, forces: Collection[int]) -> dict[str, int]:
    """Open caseload by age: cases of every type (complaints, conduct and DSI matters)
    logged by the end of the day and not then finalised or withdrawn, by the time since
    they were received: under 3 months, 3 to 6 months, 6 to 12 months, 12 months or
    more."""
    whens = [
        (Case.received_on > add_months(as_at, -months), label)
        for months, label in AGE_BANDS
        if months is not None
    ]
    band = case(*whens, else_=AGE_BANDS[-1][1])
    query = select(band, func.count()).where(_open_at(as_at, forces)).group_by(band)
    return dict(session.execute(query).all())


LATENESS_BANDS = (
    (7, "1 to 7 days late"),
    (28, "8 to 28 days late"),
    (None, "More than 28 days late"),
)


def updates_overdue(session: Session, as_at: dt.date, forces: Collection[int]) -> dict[str, int]:
    """Updates overdue: open complaint cases whose next deadline, as the case stands when
    the pack is made, is a complainant update (every 4 weeks until the outcome is
    notified) that fell due before the day, by how late it is."""
    whens = [
        (Case.next_deadline_on >= as_at - dt.timedelta(days=days), label)
        for days, label in LATENESS_BANDS
        if days is not None
    ]
    band = case(*whens, else_=LATENESS_BANDS[-1][1])
    query = (
        select(band, func.count())
        .where(
            _is_complaint(forces),
            Case.next_deadline_kind == DeadlineKind.UPDATE,
            Case.next_deadline_on < as_at,
            _open_at(as_at, forces),
        )
        .group_by(band)
    )
    return dict(session.execute(query).all())


def investigations_past_12_months(
    session: Session, as_at: dt.date, forces: Collection[int]
) -> dict[str, tuple[int, int]]:
    """Investigations past 12 months: investigations open at the end of the day (started,
    report not yet submitted, case neither finalised nor withdrawn) whose case was
    received 12 months or more before, by investigation mode."""
    cutoff = add_months(as_at, -FIRST_REPORT_MONTHS)
    past = func.sum(case((Case.received_on <= cutoff, 1), else_=0))
    query = (
        select(Investigation.mode, func.count(), past)
        .join(Case, Investigation.case_id == Case.id)
        .where(
            Investigation.started_on <= as_at,
            or_(
                Investigation.report_submitted_on.is_(None),
                Investigation.report_submitted_on > as_at,
            ),
            _open_at(as_at, forces),
        )
        .group_by(Investigation.mode)
    )
    return {_value(mode): (n, int(p or 0)) for mode, n, p in session.execute(query).all()}


def oldest_open_investigation(
    session: Session, as_at: dt.date, forces: Collection[int]
) -> dt.date | None:
    """The oldest open investigation: the day the complaint or matter was received of the
    investigation open at the end of the day (as for investigations past 12 months) whose
    case was received first."""
    query = (
        select(func.min(Case.received_on))
        .join(Investigation, Investigation.case_id == Case.id)
        .where(
            Investigation.started_on <= as_at,
            or_(
                Investigation.report_submitted_on.is_(None),
                Investigation.report_submitted_on > as_at,
            ),
            _open_at(as_at, forces),
        )
    )
    return session.scalar(query)


def open_cases(session: Session, as_at: dt.date, forces: Collection[int]) -> Figure:
    """Open cases: cases of every type logged by the end of the day and not then finalised
    or withdrawn."""
    return Figure(session.scalar(select(func.count()).where(_open_at(as_at, forces))))


# Learning. ------------------------------------------------------------------------------


def _learning_counted(forces: Collection[int]) -> ColumnElement[bool]:
    """Learning of the forces reported on, from any case (restricted ones among them) or
    none."""
    return LearningItem.force_id.in_(sorted(forces))


def learning_raised(session: Session, period: Period, forces: Collection[int]) -> Figure:
    """Learning opened: learning items raised in the period, from any source."""
    query = select(func.count()).where(
        _learning_counted(forces),
        LearningItem.raised_on >= period.start,
        LearningItem.raised_on < period.end,
    )
    return Figure(session.scalar(query))


def learning_implemented(session: Session, period: Period, forces: Collection[int]) -> Figure:
    """Learning implemented: learning items implemented, with evidence, in the period."""
    query = select(func.count()).where(
        _learning_counted(forces),
        LearningItem.status == LearningStatus.IMPLEMENTED,
        LearningItem.completed_on >= period.start,
        LearningItem.completed_on < period.end,
    )
    return Figure(session.scalar(query))


def learning_overdue(session: Session, as_at: dt.date, forces: Collection[int]) -> Figure:
    """Learning overdue: learning items raised by the day that were then past their due
    date and are neither implemented nor not accepted, or IOPC recommendations still
    unanswered after their 56 days (the learning register's own definition, applied to
    the items as they stand when the pack is made)."""
    query = select(func.count()).where(
        _learning_counted(forces), LearningItem.raised_on <= as_at, overdue_clause(as_at)
    )
    return Figure(session.scalar(query))


def learning_open(session: Session, as_at: dt.date, forces: Collection[int]) -> Figure:
    """Learning open: learning items raised by the day and not implemented by then; items
    not accepted are left out."""
    query = select(func.count()).where(
        _learning_counted(forces),
        LearningItem.raised_on <= as_at,
        LearningItem.status != LearningStatus.NOT_ACCEPTED,
        or_(LearningItem.completed_on.is_(None), LearningItem.completed_on > as_at),
    )
    return Figure(session.scalar(query))
