"""The early-intervention dashboard: open alerts by age, policy and division; the officers
on plans; and alert rates per 100 officers by division.

It is the appropriate authority's (``Permission.EARLY_INTERVENTION``), for the forces they
work for. Domain.md A8 gives the appropriate authority every PSD decision, and what to
do about an officer's pattern of complaints is one: the page names the officers on
plans, which is management information about people, not a measure of how complaints are
handled. So it is not for board members (aggregates only), nor OPCC oversight (who hold
the handling of complaints to account, not the force's management of its officers), nor
handlers and investigators (who work the cases assigned to them).

Counts are of alerts, never of the cases behind them, so a restricted case is not given
away here. Officers per division are the force's subjects of kind officer whose current
posting is that division: the service holds no workforce figure, so the people it knows
stand for the workforce (and rates read high where few officers are known).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import case, func, literal, select
from sqlalchemy.orm import Session

from complaints.common.clock import london_date
from complaints.intervention.models import OPEN_STATES, Alert, Plan, Policy
from complaints.intervention.plans import being_followed
from complaints.intervention.scan import months_before
from complaints.reference.models import Division
from complaints.subjects.models import Subject, SubjectIdentity, SubjectKind

AGE_BANDS = (
    (0, 30, "Under 30 days"),
    (30, 90, "30 to 89 days"),
    (90, 180, "90 to 179 days"),
    (180, None, "180 days or more"),
)
NO_DIVISION = "No division recorded"


@dataclass(frozen=True)
class Rate:
    division: str
    officers: int
    alerts: int

    @property
    def per_100(self) -> float | None:
        return None if not self.officers else round(self.alerts * 100 / self.officers, 1)


@dataclass(frozen=True)
class Dashboard:
    by_age: list[tuple[str, int]]
    by_policy: list[tuple[str, int]]
    by_division: list[tuple[str, int]]
    plans: list[Plan]
    rates: list[Rate]
    open_total: int


def _division_of():
    """Each subject's current posting (division name, or none)."""
    return (
        select(SubjectIdentity.subject_id, Division.name.label("division"))
        .outerjoin(Division, Division.id == SubjectIdentity.division_id)
        .where(SubjectIdentity.valid_to.is_(None))
        .subquery("posting")
    )


def build(session: Session, force_ids: list[int], now: dt.datetime) -> Dashboard:
    today = london_date(now)
    open_alerts = (Alert.force_id.in_(force_ids), Alert.state.in_(OPEN_STATES))
    # Each open alert in the youngest band it fits: raised within 30 days, 90, 180, or older.
    band = case(
        *(
            (Alert.raised_at > now - dt.timedelta(days=high), literal(label))
            for _, high, label in AGE_BANDS
            if high is not None
        ),
        else_=literal(AGE_BANDS[-1][2]),
    )
    ages = dict(
        session.execute(
            select(band.label("band"), func.count()).where(*open_alerts).group_by("band")
        ).all()
    )
    by_policy = session.execute(
        select(Policy.name, func.count(Alert.id))
        .join(Alert, Alert.policy_id == Policy.id)
        .where(*open_alerts)
        .group_by(Policy.name)
        .order_by(func.count(Alert.id).desc(), Policy.name)
    ).all()
    posting = _division_of()
    division = func.coalesce(posting.c.division, NO_DIVISION)
    by_division = session.execute(
        select(division.label("division"), func.count(Alert.id))
        .select_from(Alert)
        .outerjoin(posting, posting.c.subject_id == Alert.subject_id)
        .where(*open_alerts)
        .group_by("division")
        .order_by(func.count(Alert.id).desc(), "division")
    ).all()
    return Dashboard(
        by_age=[(label, ages.get(label, 0)) for _, _, label in AGE_BANDS],
        by_policy=[(name, n) for name, n in by_policy],
        by_division=[(name, n) for name, n in by_division],
        plans=list(session.scalars(being_followed(force_ids))),
        rates=rates(session, force_ids, today),
        open_total=sum(ages.values()),
    )


def rates(session: Session, force_ids: list[int], today: dt.date) -> list[Rate]:
    """Alerts raised in the last 12 months per 100 officers, by the officers' division."""
    posting = _division_of()
    division = func.coalesce(posting.c.division, NO_DIVISION)
    officers = dict(
        session.execute(
            select(division.label("division"), func.count(Subject.id))
            .select_from(Subject)
            .outerjoin(posting, posting.c.subject_id == Subject.id)
            .where(Subject.force_id.in_(force_ids), Subject.kind == SubjectKind.OFFICER)
            .group_by("division")
        ).all()
    )
    since = dt.datetime.combine(months_before(today, 12), dt.time(), tzinfo=dt.UTC)
    raised = dict(
        session.execute(
            select(division.label("division"), func.count(Alert.id))
            .select_from(Alert)
            .join(Subject, Subject.id == Alert.subject_id)
            .outerjoin(posting, posting.c.subject_id == Alert.subject_id)
            .where(
                Alert.force_id.in_(force_ids),
                Subject.kind == SubjectKind.OFFICER,
                Alert.raised_at >= since,
            )
            .group_by("division")
        ).all()
    )
    names = sorted(set(officers) | set(raised), key=lambda n: (n == NO_DIVISION, n))
    return [Rate(name, officers.get(name, 0), raised.get(name, 0)) for name in names]
