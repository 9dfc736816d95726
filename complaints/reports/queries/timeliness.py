"""The measures of how long complaints take: to log, to first contact and to finalise."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from sqlalchemy import func, not_, select
from sqlalchemy.orm import Session, aliased

from complaints.cases.choices import ContactPurpose
from complaints.cases.models import Case, Contact
from complaints.common import workdays
from complaints.common.clock import london_date
from complaints.investigations.models import Investigation, SuspensionPeriod
from complaints.reports.periods import Period
from complaints.reports.queries.common import (
    _complaints_finalised_in,
    _complaints_logged_in,
    _is_complaint,
    mean,
)
from complaints.reports.tables import Figure


def working_days_to_log(session: Session, period: Period, forces: Collection[int]) -> Figure:
    """Working days to log: the mean number of working days from the date a complaint was
    received to the date it was logged, over the complaint cases logged in the period.
    Working days leave out weekends and England and Wales bank holidays; a case logged on
    the day it was received took 0 days."""
    query = select(Case.received_on, Case.logged_at).where(_complaints_logged_in(period, forces))
    return mean(
        [
            workdays.between(received, london_date(logged))
            for received, logged in session.execute(query)
        ]
    )


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
    query = (
        select(Case.received_on, func.min(Contact.occurred_on))
        .join(Contact, Contact.case_id == Case.id)
        .where(
            _is_complaint(forces),
            Contact.purpose == ContactPurpose.FIRST_CONTACT,
            Contact.occurred_on >= period.start,
            Contact.occurred_on < period.end,
            not_(earlier),
        )
        .group_by(Case.id, Case.received_on)
    )
    return mean([workdays.between(received, first) for received, first in session.execute(query)])


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
    query = select(Case.id, Case.received_on, Case.finalised_at, Case.recorded_at).where(
        _complaints_finalised_in(period, forces)
    )
    outside: list[int] = []
    under: dict[int, tuple[dt.date, dt.date, int]] = {}
    for case_id, received, finalised_at, recorded_at in session.execute(query):
        finalised = london_date(finalised_at)
        days = (finalised - received).days
        if recorded_at is None:
            outside.append(days)
        else:
            under[case_id] = (received, finalised, days)
    suspensions: dict[int, list[tuple[dt.date, dt.date | None]]] = defaultdict(list)
    if under:
        periods = (
            select(Investigation.case_id, SuspensionPeriod.started_on, SuspensionPeriod.ended_on)
            .join(SuspensionPeriod, SuspensionPeriod.investigation_id == Investigation.id)
            .join(Case, Investigation.case_id == Case.id)
            .where(_complaints_finalised_in(period, forces), Case.recorded_at.is_not(None))
        )
        for case_id, started, ended in session.execute(periods):
            suspensions[case_id].append((started, ended))
    return FinaliseTimes(
        mean(outside),
        mean([days for _, _, days in under.values()]),
        mean(
            [
                days - days_suspended(suspensions[case_id], received, finalised)
                for case_id, (received, finalised, days) in under.items()
            ]
        ),
    )


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
