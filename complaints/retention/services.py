"""Changes to retention: an administrator's schedule, the appropriate authority's legal
holds, and the record of each month's review. Each is audited by the flush; disposal
itself is ``complaints.retention.disposal``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from complaints.cases.choices import CaseType
from complaints.cases.models import Case
from complaints.common import audit
from complaints.common.actor import Actor
from complaints.common.errors import Refused
from complaints.retention import schedule
from complaints.retention.models import LegalHold, RetentionReview, RetentionRule

MAX_YEARS = 150
MAX_REASON = 2000


class RetentionRefused(Refused):
    """A retention step the rules refuse; ``field`` names the form field it is about."""


@dataclass(frozen=True)
class RuleData:
    force_id: int
    case_type: CaseType
    misconduct_found: bool
    years_after_closure: int
    years_after_service: int | None


def set_rule(session: Session, actor: Actor, data: RuleData, now: dt.datetime) -> RetentionRule:
    """Set how long one kind of case is kept by one force (stored the first time it is set)."""
    audit.acting(session, actor, now)
    if data.force_id not in actor.forces:
        raise RetentionRefused("You do not work for that force")
    for value, field in (
        (data.years_after_closure, "years_after_closure"),
        (data.years_after_service, "years_after_service"),
    ):
        if value is not None and not 1 <= value <= MAX_YEARS:
            raise RetentionRefused(f"Enter a number of years from 1 to {MAX_YEARS}", field)
    rule = session.scalars(
        select(RetentionRule).where(
            RetentionRule.force_id == data.force_id,
            RetentionRule.case_type == data.case_type,
            RetentionRule.misconduct_found == data.misconduct_found,
        )
    ).first()
    if rule is None:
        rule = RetentionRule(
            force_id=data.force_id,
            case_type=data.case_type,
            misconduct_found=data.misconduct_found,
        )
        session.add(rule)
    rule.years_after_closure = data.years_after_closure
    rule.years_after_service = data.years_after_service
    rule.updated_at = now
    rule.updated_by_id = actor.user_id
    session.flush()
    return rule


def _reason(text: str, field: str = "reason") -> str:
    reason = (text or "").strip()
    if not reason:
        raise RetentionRefused("Give the reason", field)
    if len(reason) > MAX_REASON:
        raise RetentionRefused(f"The reason must be {MAX_REASON} characters or fewer", field)
    return reason


def place_hold(
    session: Session, actor: Actor, case: Case, reason: str, now: dt.datetime
) -> LegalHold:
    """Keep a case whatever the schedule says: litigation, a claim or an inquiry."""
    audit.acting(session, actor, now)
    if case.disposed_at is not None:
        raise RetentionRefused("This case's personal data has been disposed of")
    if schedule.on_hold(session, case.id) is not None:
        raise RetentionRefused("This case is already on legal hold")
    hold = LegalHold(
        force_id=case.force_id,
        case_id=case.id,
        reason=_reason(reason),
        placed_at=now,
        placed_by_id=actor.user_id,
    )
    session.add(hold)
    session.flush()
    return hold


def lift_hold(
    session: Session, actor: Actor, case: Case, reason: str, now: dt.datetime
) -> LegalHold:
    """End the hold on a case: from then on the schedule decides when it is reviewed."""
    audit.acting(session, actor, now)
    hold = schedule.on_hold(session, case.id)
    if hold is None:
        raise RetentionRefused("This case is not on legal hold")
    hold.lift_reason = _reason(reason, "reason")
    hold.lifted_at = now
    hold.lifted_by_id = actor.user_id
    session.flush()
    return hold


def record_review(
    session: Session, actor: Actor, force_id: int, today: dt.date, now: dt.datetime
) -> RetentionReview:
    """Record that a force's cases due for review were listed this month, and how many
    (once a month: a second run in the month brings the count up to date)."""
    audit.acting(session, actor, now)
    month = today.replace(day=1)
    due = schedule.count_due(session, force_id, today)
    review = session.scalars(
        select(RetentionReview).where(
            RetentionReview.force_id == force_id, RetentionReview.month == month
        )
    ).first()
    if review is None:
        review = RetentionReview(force_id=force_id, month=month)
        session.add(review)
    review.cases_due = due
    review.recorded_at = now
    review.recorded_by_id = actor.user_id
    session.flush()
    return review


def last_review(session: Session, force_id: int) -> RetentionReview | None:
    return session.scalars(
        select(RetentionReview)
        .where(RetentionReview.force_id == force_id)
        .order_by(RetentionReview.month.desc())
    ).first()
