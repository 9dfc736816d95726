"""The measures that count cases and allegations over a period, and month by month for trends."""

from __future__ import annotations

from collections.abc import Collection, Sequence

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from complaints.cases.choices import RecordingReason
from complaints.cases.models import Allegation, Case
from complaints.reference.models import AllegationCategory, CategoryGroup
from complaints.reports.periods import Period
from complaints.reports.queries.common import (
    _allegation_is_counted,
    _allegations_logged_in,
    _complaints_finalised_in,
    _complaints_logged_in,
    _is_complaint,
    _value,
)
from complaints.reports.tables import Figure


def cases_logged(session: Session, period: Period, forces: Collection[int]) -> Figure:
    """Cases logged: complaint cases whose logged date (London time) falls in the period.
    Recordable conduct matters and death or serious injury matters are not complaints and
    are not counted."""
    return Figure(session.scalar(select(func.count()).where(_complaints_logged_in(period, forces))))


def allegations_logged(session: Session, period: Period, forces: Collection[int]) -> Figure:
    """Allegations logged: the allegations on complaint cases whose own logged date (London
    time) falls in the period. Each allegation counts in the period in which it was itself
    logged: those made at intake when their case was logged, one found later when it was
    added, whenever its case was logged."""
    query = select(func.count(Allegation.id)).where(_allegations_logged_in(period, forces))
    return Figure(session.scalar(query))


def cases_finalised(session: Session, period: Period, forces: Collection[int]) -> Figure:
    """Cases finalised: complaint cases whose finalised date (London time) falls in the
    period. Withdrawn cases are not finalised."""
    return Figure(
        session.scalar(select(func.count()).where(_complaints_finalised_in(period, forces)))
    )


def allegations_by_category(
    session: Session, period: Period, forces: Collection[int]
) -> dict[str | None, int]:
    """Allegations by category: the allegations logged in the period (see Allegations
    logged) counted by the IOPC category group (A to L) of their category; legacy pre-2020
    categories have no group."""
    query = (
        select(CategoryGroup.code, func.count(Allegation.id))
        .select_from(Allegation)
        .join(AllegationCategory, Allegation.category_id == AllegationCategory.id)
        .outerjoin(CategoryGroup, AllegationCategory.group_id == CategoryGroup.id)
        .where(_allegations_logged_in(period, forces))
        .group_by(CategoryGroup.code)
    )
    return dict(session.execute(query).all())


def category_groups(session: Session) -> list[tuple[str, str]]:
    """The A4 groups in their order: (code, name)."""
    query = select(CategoryGroup.code, CategoryGroup.name).order_by(
        CategoryGroup.sort_order, CategoryGroup.code
    )
    return [tuple(row) for row in session.execute(query).all()]


def recorded_by_reason(
    session: Session, period: Period, forces: Collection[int]
) -> tuple[int, dict[str | None, int]]:
    """Recorded under Schedule 3, by reason: of the complaint cases logged in the period,
    the share recorded under Schedule 3 so far, in all and for each recording reason (the
    complainant wished it, the appropriate authority decided it, the complainant was
    dissatisfied after initial handling, or recording was mandatory). Cases not recorded
    are those handled outside Schedule 3 or not yet decided."""
    query = (
        select(Case.recording_reason, func.count())
        .where(_complaints_logged_in(period, forces), Case.recorded_at.is_not(None))
        .group_by(Case.recording_reason)
    )
    by_reason = {
        (RecordingReason(r).value if r is not None else None): n
        for r, n in session.execute(query).all()
    }
    return int(cases_logged(session, period, forces).value or 0), by_reason


def handling_types(
    session: Session, period: Period, forces: Collection[int]
) -> dict[str | None, int]:
    """Handling types: complaint cases finalised in the period, by how they were last
    handled: outside Schedule 3, otherwise than by investigation, or by a local, directed
    or independent investigation."""
    query = (
        select(Case.handling_type, func.count())
        .where(_complaints_finalised_in(period, forces))
        .group_by(Case.handling_type)
    )
    return {_value(h): n for h, n in session.execute(query).all()}


# Trends. --------------------------------------------------------------------------------


def _monthly(session: Session, column, months: Sequence[Period], query_of) -> list[int]:
    """Counts per month in one query: a CASE puts each instant in its month."""
    bounds = [m.utc_end for m in months]
    bucket = case(*[(column < b, i) for i, b in enumerate(bounds)], else_=len(bounds))
    query = query_of(bucket).where(column >= months[0].utc_start, column < bounds[-1])
    counts = dict(session.execute(query.group_by(bucket)).all())
    return [int(counts.get(i, 0)) for i in range(len(months))]


def monthly_cases_logged(
    session: Session, months: Sequence[Period], forces: Collection[int]
) -> list[int]:
    """Cases logged per month (see Cases logged)."""
    return _monthly(
        session,
        Case.logged_at,
        months,
        lambda b: select(b, func.count()).where(_is_complaint(forces)),
    )


def monthly_allegations_logged(
    session: Session, months: Sequence[Period], forces: Collection[int]
) -> list[int]:
    """Allegations logged per month (see Allegations logged)."""
    return _monthly(
        session,
        Allegation.logged_at,
        months,
        lambda b: select(b, func.count(Allegation.id)).where(_allegation_is_counted(forces)),
    )


def monthly_cases_finalised(
    session: Session, months: Sequence[Period], forces: Collection[int]
) -> list[int]:
    """Cases finalised per month (see Cases finalised)."""
    return _monthly(
        session,
        Case.finalised_at,
        months,
        lambda b: select(b, func.count()).where(_is_complaint(forces)),
    )
