"""The early-intervention scan: which officers cross which policy, in SQL.

The database does the counting: for each policy one ``GROUP BY subject`` over the
allegations (or cases) in its period, ``HAVING`` the threshold, and only the people with
something not yet on an alert of that policy come back. Their alerts are raised, and
every open alert of the policy takes in what counts and it does not yet hold, with one
``INSERT … SELECT``. So a nightly run over a million cases reads each policy's period once
and writes only what is new, and a closed alert never fires again for what it held.

It runs after each recording decision, for the people named on that case
(``after_case_change``), and nightly over the whole force (``flask jobs
early-intervention``). Policies that rank officers against each other ("the top 1%")
need the whole force's counts, so they run nightly only.

What counts: every allegation (or case, or conduct matter) on a case logged in the
force, whatever its state or restriction, by the date the force received it; restricted
cases and complaints about the chief constable count, but are never shown to anyone not
named on them (``alerts.visible_items``). Online complaints awaiting triage are not
cases, so they do not count. Unidentified people and the chief constable (whose conduct
is the OPCC's) are not scanned.
"""

from __future__ import annotations

import datetime as dt
import math
from collections import Counter
from dataclasses import dataclass, field

from sqlalchemy import (
    Integer,
    Select,
    and_,
    case,
    cast,
    exists,
    func,
    insert,
    literal,
    null,
    select,
    text,
)
from sqlalchemy.orm import Session

from complaints.cases.choices import CaseType
from complaints.cases.models import Allegation, Case, CaseSubject, allegation_subjects
from complaints.common import audit
from complaints.common.actor import Actor
from complaints.common.clock import london_date
from complaints.intervention.models import (
    OPEN_STATES,
    Alert,
    AlertItem,
    AlertState,
    Counts,
    Period,
    Plan,
    Policy,
    policy_categories,
)
from complaints.subjects.models import Subject, SubjectKind


@dataclass
class ScanResult:
    policies: int = 0
    raised: list[Alert] = field(default_factory=list)
    grown: dict[int, int] = field(default_factory=dict)  # alert id -> items added

    @property
    def added(self) -> int:
        return sum(self.grown.values())


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day ``months`` calendar months earlier (the last of a shorter month)."""
    total = day.year * 12 + day.month - 1 - months
    year, month = divmod(total, 12)
    month += 1
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable")


def period_start(policy: Policy, today: dt.date) -> dt.date | None:
    """The first day whose cases count (None: from the start of the person's plan)."""
    if policy.period == Period.MONTHS:
        return months_before(today, policy.period_months or 12) + dt.timedelta(days=1)
    if policy.period == Period.THIS_YEAR:
        return dt.date(today.year, 1, 1)
    return None


def _on_plan():
    """The people on an agreed plan not yet complete, each from the day it was agreed."""
    return (
        select(Plan.subject_id, func.min(Plan.agreed_on).label("since"))
        .join(Alert, Alert.id == Plan.alert_id)
        .where(Alert.state == AlertState.PLAN_AGREED, Plan.completed_at.is_(None))
        .group_by(Plan.subject_id)
        .subquery("on_plan")
    )


def counted(policy: Policy, today: dt.date, subject_ids: list[int] | None = None) -> Select:
    """(subject_id, case_id, allegation_id) for everything the policy counts now
    (allegation_id is null for a policy counting cases)."""
    if policy.counts == Counts.ALLEGATIONS:
        query = (
            select(
                CaseSubject.subject_id,
                Case.id.label("case_id"),
                Allegation.id.label("allegation_id"),
            )
            .select_from(Allegation)
            .join(allegation_subjects, allegation_subjects.c.allegation_id == Allegation.id)
            .join(CaseSubject, CaseSubject.id == allegation_subjects.c.case_subject_id)
            .join(Case, Case.id == Allegation.case_id)
        )
        if policy.categories:
            query = query.where(
                Allegation.category_id.in_(
                    select(policy_categories.c.category_id).where(
                        policy_categories.c.policy_id == policy.id
                    )
                )
            )
    else:
        query = select(
            CaseSubject.subject_id,
            Case.id.label("case_id"),
            cast(null(), Integer).label("allegation_id"),
        ).join(Case, Case.id == CaseSubject.case_id)
        if policy.counts == Counts.CONDUCT_MATTERS:
            query = query.where(Case.case_type == CaseType.CONDUCT_MATTER)
    query = query.join(Subject, Subject.id == CaseSubject.subject_id).where(
        Case.force_id == policy.force_id,
        Subject.force_id == policy.force_id,
        Subject.kind != SubjectKind.UNIDENTIFIED,
        Subject.is_chief_constable.is_(False),
    )
    start = period_start(policy, today)
    if start is not None:
        query = query.where(Case.received_on >= start)
    else:
        plans = _on_plan()
        query = query.join(
            plans,
            and_(plans.c.subject_id == CaseSubject.subject_id, Case.received_on >= plans.c.since),
        )
    if subject_ids is not None:
        query = query.where(CaseSubject.subject_id.in_(subject_ids))
    return query


def _key(allegation_id):
    """An allegation's id, or 0 for a whole case: so that "the same thing" is an equality
    the planner can hash."""
    return func.coalesce(allegation_id, 0)


def _held(policy: Policy):
    """What the policy's alerts (open or closed) already hold, person by person."""
    return (
        select(
            Alert.subject_id,
            AlertItem.case_id,
            _key(AlertItem.allegation_id).label("allegation_key"),
        )
        .join(Alert, Alert.id == AlertItem.alert_id)
        .where(Alert.policy_id == policy.id)
        .distinct()
        .subquery("held")
    )


def crossing(session: Session, policy: Policy, rows) -> dict[int, int]:
    """The people whose count crosses the policy and who have something counted that no
    alert of the policy holds yet, with their count: one GROUP BY over the period."""
    held = _held(policy)
    joined = rows.outerjoin(
        held,
        and_(
            held.c.subject_id == rows.c.subject_id,
            held.c.case_id == rows.c.case_id,
            held.c.allegation_key == _key(rows.c.allegation_id),
        ),
    )
    fresh = case((held.c.case_id.is_(None), 1), else_=0)
    return dict(
        session.execute(
            select(rows.c.subject_id, func.count())
            .select_from(joined)
            .group_by(rows.c.subject_id)
            .having(func.count() >= _cutoff(session, policy, rows), func.sum(fresh) > 0)
        ).all()
    )


def _officers(session: Session, force_id: int) -> int:
    return session.scalar(
        select(func.count(Subject.id)).where(
            Subject.force_id == force_id, Subject.kind == SubjectKind.OFFICER
        )
    )


def _cutoff(session: Session, policy: Policy, rows) -> int:
    """The count that crosses the policy: its threshold, or for a "top N%" policy the
    count of the last officer inside that share (ties all in), if higher."""
    if policy.top_percent is None:
        return policy.threshold
    share = math.ceil(_officers(session, policy.force_id) * policy.top_percent / 100)
    per_person = (
        select(func.count().label("n")).select_from(rows).group_by(rows.c.subject_id).subquery()
    )
    last_in = session.scalar(
        select(per_person.c.n).order_by(per_person.c.n.desc()).offset(max(share, 1) - 1).limit(1)
    )
    return max(policy.threshold, last_in or 0)


def scan_policy(
    session: Session,
    policy: Policy,
    now: dt.datetime,
    result: ScanResult,
    subject_ids: list[int] | None = None,
) -> None:
    """Raise the alerts this policy calls for, and grow the open ones."""
    today = london_date(now)
    rows = counted(policy, today, subject_ids).subquery("counted")
    crossed = crossing(session, policy, rows)
    if crossed:
        already = set(
            session.scalars(
                select(Alert.subject_id).where(
                    Alert.policy_id == policy.id,
                    Alert.state.in_(OPEN_STATES),
                    Alert.subject_id.in_(list(crossed)),
                )
            )
        )
        for subject_id, count in crossed.items():
            if subject_id in already:
                continue
            # A new alert takes everything that counts now (below): ``count`` things.
            alert = Alert(
                force_id=policy.force_id,
                policy_id=policy.id,
                subject_id=subject_id,
                state=AlertState.NEW,
                counted=count,
                raised_at=now,
                updated_at=now,
            )
            session.add(alert)
            result.raised.append(alert)
        session.flush()
    _take_in(session, policy, rows, now, result)


def _take_in(session: Session, policy: Policy, rows, now: dt.datetime, result: ScanResult) -> None:
    """Every open alert of the policy takes what counts for its person and it lacks."""
    on_alert = select(AlertItem.id).where(
        AlertItem.alert_id == Alert.id,
        AlertItem.case_id == rows.c.case_id,
        _key(AlertItem.allegation_id) == _key(rows.c.allegation_id),
    )
    source = (
        select(
            Alert.id,
            literal(policy.force_id),
            rows.c.case_id,
            rows.c.allegation_id,
            literal(now, AlertItem.added_at.type),
        )
        .select_from(rows)
        .join(Alert, Alert.subject_id == rows.c.subject_id)
        .where(Alert.policy_id == policy.id, Alert.state.in_(OPEN_STATES), ~exists(on_alert))
    )
    added = session.execute(
        insert(AlertItem)
        .from_select(["alert_id", "force_id", "case_id", "allegation_id", "added_at"], source)
        .returning(AlertItem.alert_id),
    ).scalars()
    grown = Counter(added)
    for alert_id, n in grown.items():
        result.grown[alert_id] = result.grown.get(alert_id, 0) + n
    raised = {alert.id for alert in result.raised}
    earlier = [alert_id for alert_id in grown if alert_id not in raised]
    if not earlier:
        return
    # The audit trail records each grown alert's new count (the scan as the actor).
    for alert in session.scalars(select(Alert).where(Alert.id.in_(earlier))):
        alert.counted += grown[alert.id]
        alert.updated_at = now
    session.flush()


def active_policies(session: Session, force_ids: list[int] | None = None) -> list[Policy]:
    query = select(Policy).where(Policy.active.is_(True)).order_by(Policy.force_id, Policy.id)
    if force_ids is not None:
        query = query.where(Policy.force_id.in_(force_ids))
    return list(session.scalars(query))


def nightly(
    session: Session, actor: Actor, now: dt.datetime, force_ids: list[int] | None = None
) -> ScanResult:
    """Every active policy over every officer of the force (``flask jobs
    early-intervention``)."""
    audit.acting(session, actor, now)
    result = ScanResult()
    for policy in active_policies(session, force_ids):
        before = result.added
        scan_policy(session, policy, now, result)
        result.policies += 1
        if result.added - before >= RESTATE_AFTER:
            _restate(session)
    return result


# Rows added to alerts after which PostgreSQL is told the alert tables' new size: planned
# on the old statistics (an empty table, the first night), the next policy's join of what
# alerts hold against what counts can take minutes instead of seconds.
RESTATE_AFTER = 10_000


def _restate(session: Session) -> None:
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("ANALYZE intervention_alerts, intervention_alert_items"))


def after_case_change(session: Session, case: Case, now: dt.datetime) -> ScanResult:
    """After a case is logged or recorded, or its allegations or people change: the
    threshold policies of its force, for the people it names."""
    result = ScanResult()
    policies = [p for p in active_policies(session, [case.force_id]) if p.top_percent is None]
    if not policies:
        return result
    session.flush()
    subject_ids = sorted({named.subject_id for named in case.subjects})
    if not subject_ids:
        return result
    for policy in policies:
        scan_policy(session, policy, now, result, subject_ids)
        result.policies += 1
    return result
