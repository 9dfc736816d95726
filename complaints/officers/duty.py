"""Recording a subject's duty status, and its reviews (domain.md A10).

Only the appropriate authority decides, for its forces' people. A person has at most one
duty status open at a time: a change (from restricted duties to suspension, say) ends
the one before. A suspension carries the date its next review falls due, four weeks on
from its start and from each review (Conduct Regulations reg. 11).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, contains_eager

from complaints.auth.permissions import Permission, role_can
from complaints.common import audit
from complaints.common.actor import Actor
from complaints.common.errors import Refused
from complaints.common.limits import too_long
from complaints.officers.models import DutyKind, DutyReview, DutyStatus
from complaints.subjects.models import Subject

REVIEW_EVERY = dt.timedelta(weeks=4)
MAX_REASON = 2000


class DutyRefused(Refused):
    """A duty-status decision or review the rules refuse."""


@dataclass(frozen=True)
class NewDutyStatus:
    kind: DutyKind
    reason: str
    started_on: dt.date


def current(subject: Subject, statuses: list[DutyStatus]) -> DutyStatus | None:
    return next((s for s in statuses if s.ended_on is None), None)


def of_subject(session: Session, subject: Subject) -> list[DutyStatus]:
    """Every duty status the person has had, the newest first."""
    return list(
        session.scalars(
            select(DutyStatus)
            .where(DutyStatus.subject_id == subject.id)
            .order_by(DutyStatus.started_on.desc(), DutyStatus.id.desc())
        )
    )


def _may_decide(actor: Actor, subject: Subject) -> None:
    if not role_can(actor.role, Permission.DECIDE) or subject.force_id not in actor.decides_for:
        raise DutyRefused("Only the appropriate authority decides a person's duty status")


def _reason(text: str, field: str, what: str) -> str:
    text = text.strip()
    if not text:
        raise DutyRefused(f"Enter {what}", field)
    if len(text) > MAX_REASON:
        raise DutyRefused(too_long(what.capitalize(), MAX_REASON), field)
    return text


def start(
    session: Session, actor: Actor, subject: Subject, data: NewDutyStatus, now: dt.datetime
) -> DutyStatus:
    """Record the decision; a status still open ends the day this one starts."""
    audit.acting(session, actor, now)
    _may_decide(actor, subject)
    reason = _reason(data.reason, "reason", "the reason for the decision")
    if data.started_on > now.date() + dt.timedelta(days=1):
        raise DutyRefused("The start date must be today or in the past", "started_on")
    open_one = current(subject, of_subject(session, subject))
    if open_one is not None:
        if data.started_on < open_one.started_on:
            raise DutyRefused("It cannot start before the current duty status did", "started_on")
        open_one.ended_on = data.started_on
        open_one.end_reason = f"Replaced: {data.kind.label.lower()}"
    status = DutyStatus(
        subject_id=subject.id,
        force_id=subject.force_id,
        kind=data.kind,
        reason=reason,
        decided_by_id=actor.user_id,
        started_on=data.started_on,
        review_due_on=(data.started_on + REVIEW_EVERY if data.kind == DutyKind.SUSPENDED else None),
        created_at=now,
    )
    session.add(status)
    session.flush()
    return status


def review(
    session: Session,
    actor: Actor,
    status: DutyStatus,
    *,
    reviewed_on: dt.date,
    continued: bool,
    note: str,
    now: dt.datetime,
) -> DutyReview:
    """A review: the status continues (the next review four weeks on) or ends that day."""
    audit.acting(session, actor, now)
    _may_decide(actor, status.subject)
    if status.ended_on is not None:
        raise DutyRefused("This duty status has ended")
    if reviewed_on < status.started_on or reviewed_on > now.date() + dt.timedelta(days=1):
        raise DutyRefused(
            "The review date must be on or after the start, and not in the future",
            "reviewed_on",
        )
    note = note.strip()
    if not continued:
        note = _reason(note, "note", "why it ends")
    record = DutyReview(
        duty_status_id=status.id,
        reviewed_on=reviewed_on,
        reviewed_by_id=actor.user_id,
        continued=continued,
        note=note or None,
        created_at=now,
    )
    session.add(record)
    if continued:
        if status.kind == DutyKind.SUSPENDED:
            status.review_due_on = reviewed_on + REVIEW_EVERY
    else:
        status.ended_on = reviewed_on
        status.end_reason = note[:500]
    session.flush()
    return record


def reviews_due(actor: Actor, by: dt.date) -> Select[tuple[DutyStatus]]:
    """Open suspensions in the forces this actor decides for, whose review falls due by
    ``by``, the most overdue first."""
    if not role_can(actor.role, Permission.DECIDE):
        return select(DutyStatus).where(DutyStatus.id.is_(None))
    return (
        select(DutyStatus)
        .join(DutyStatus.subject)
        .where(
            DutyStatus.force_id.in_(actor.decides_for),
            DutyStatus.ended_on.is_(None),
            DutyStatus.review_due_on <= by,
        )
        .options(contains_eager(DutyStatus.subject))
        .order_by(DutyStatus.review_due_on, DutyStatus.id)
    )
