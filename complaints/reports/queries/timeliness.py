"""The measures of how long complaints take: to log, to first contact and to finalise."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from sqlalchemy import func, not_, select
from sqlalchemy.orm import Session, aliased

from complaints.cases.choices import ContactPurpose
from complaints.cases.models import Case, Contact
from complaints.common import workdays
from complaints.db import days_between, london_day
from complaints.investigations.models import Investigation, SuspensionPeriod
from complaints.reports.periods import Period
from complaints.reports.queries.common import (
    _complaints_finalised_in,
    _complaints_logged_in,
    _is_complaint,
    mean_of,
    mean_of_counts,
)
from complaints.reports.tables import Figure


def working_days_to_log(session: Session, period: Period, forces: Collection[int]) -> Figure:
    """Working days to log: the mean number of working days from the date a complaint was
    received to the date it was logged, over the complaint cases logged in the period.
    Working days leave out weekends and England and Wales bank holidays; a case logged on
    the day it was received took 0 days."""
    logged = london_day(Case.logged_at)
    query = (
        select(Case.received_on, logged, func.count())
        .where(_complaints_logged_in(period, forces))
        .group_by(Case.received_on, logged)
    )
    return _mean_working_days(session.execute(query))


def working_days_to_contact(session: Session, period: Period, forces: Collection[int]) -> Figure:
    """Working days to contact: the mean number of working days from the date a complaint
    was received to the date of its first contact with the complainant (the contact
    recorded as first contact), over the complaint cases whose first contact fell in the
    period. Working days leave out weekends and England and Wales bank holidays."""
    before = aliased(Contact)
    earlier = (
        select(before.id)
        .where(
            before.case_id == Case.id,
            before.purpose == ContactPurpose.FIRST_CONTACT,
            before.occurred_on < period.start,
        )
        .exists()
    )
    first = (
        select(Case.received_on.label("received"), func.min(Contact.occurred_on).label("first"))
        .join(Contact, Contact.case_id == Case.id)
        .where(
            _is_complaint(forces),
            Contact.purpose == ContactPurpose.FIRST_CONTACT,
            Contact.occurred_on >= period.start,
            Contact.occurred_on < period.end,
            not_(earlier),
        )
        .group_by(Case.id, Case.received_on)
        .subquery()
    )
    query = select(first.c.received, first.c.first, func.count()).group_by(
        first.c.received, first.c.first
    )
    return _mean_working_days(session.execute(query))


def _mean_working_days(pairs: Iterable[tuple[dt.date, dt.date, int]]) -> Figure:
    """The mean working days over (start, end, how many cases) rows: the database groups
    the cases by their two dates, so each pair is priced once however many share it."""
    return mean_of_counts((workdays.between(start, end), n) for start, end, n in pairs)


@dataclass(frozen=True)
class FinaliseTimes:
    outside_schedule_3: Figure
    under_schedule_3: Figure
    under_schedule_3_excluding_suspensions: Figure

    def figures(self) -> tuple[Figure, Figure, Figure]:
        return (
            self.outside_schedule_3,
            self.under_schedule_3,
            self.under_schedule_3_excluding_suspensions,
        )


def days_to_finalise(session: Session, period: Period, forces: Collection[int]) -> FinaliseTimes:
    """Days to finalise: the mean number of calendar days from the date a complaint was
    received to the date it was finalised, over the complaint cases finalised in the
    period; given separately for cases handled wholly outside Schedule 3 and for cases
    recorded under Schedule 3, and for the latter also excluding the days their
    investigation was suspended (each suspension counted from the day it began to the day
    it ended, or to the day the case was finalised if it had not ended; a day within two
    overlapping suspensions is left out once)."""
    finalised = london_day(Case.finalised_at)
    recorded = Case.recorded_at.is_not(None)
    query = (
        select(recorded, func.sum(days_between(Case.received_on, finalised)), func.count())
        .where(_complaints_finalised_in(period, forces))
        .group_by(recorded)
    )
    days = {False: (0, 0), True: (0, 0)}  # (days in all, cases) outside and under Sch. 3
    for under, total, n in session.execute(query):
        days[bool(under)] = (int(total), n)
    # Only the cases whose investigation was suspended are read one by one.
    periods = (
        select(
            Investigation.case_id,
            Case.received_on,
            finalised,
            SuspensionPeriod.started_on,
            SuspensionPeriod.ended_on,
        )
        .join(SuspensionPeriod, SuspensionPeriod.investigation_id == Investigation.id)
        .join(Case, Investigation.case_id == Case.id)
        .where(_complaints_finalised_in(period, forces), recorded)
    )
    suspended: dict[int, tuple[dt.date, dt.date, list[tuple[dt.date, dt.date | None]]]] = {}
    if days[True][1]:
        for case_id, received, on, started, ended in session.execute(periods):
            suspended.setdefault(case_id, (received, on, []))[2].append((started, ended))
    lost = sum(days_suspended(spans, received, on) for received, on, spans in suspended.values())
    total, cases = days[True]
    return FinaliseTimes(mean_of(*days[False]), mean_of(total, cases), mean_of(total - lost, cases))


def days_suspended(
    periods: Iterable[tuple[dt.date, dt.date | None]], received: dt.date, finalised: dt.date
) -> int:
    """The days between receipt and finalisation on which a case's investigation was
    suspended: each period from the day it began to the day it ended (or, if it had not
    ended, to finalisation), cut to receipt and finalisation, and the periods merged so
    that a day two of them overlap on is counted once."""
    total = 0
    reached = received  # every day before this is already counted or outside the case
    for started, ended in sorted((s, min(e or finalised, finalised)) for s, e in periods):
        start = max(started, reached)
        if ended > start:
            total += (ended - start).days
            reached = ended
    return total
