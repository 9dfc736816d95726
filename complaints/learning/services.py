"""Raising lessons into the register, so that what a case taught is followed up (A3, B3.7)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from complaints.auth.models import User
from complaints.cases.models import Case
from complaints.cases.services import CaseError
from complaints.common import audit
from complaints.common.actor import Actor
from complaints.common.clock import london_date
from complaints.learning.models import LearningItem, LearningLevel, LearningSource, LearningStatus

MAX_THEME = 120
MAX_DESCRIPTION = 5000


@dataclass(frozen=True)
class LearningData:
    theme: str
    description: str
    level: LearningLevel
    owner_id: int | None = None
    due_on: dt.date | None = None


def raise_learning(
    session: Session, actor: Actor, case: Case, data: LearningData, now: dt.datetime
) -> LearningItem:
    """A lesson from a case's outcome, proposed for the owner to accept and act on."""
    return record_learning(
        session, actor, data, now, source=LearningSource.CASE_OUTCOME, case_id=case.id
    )


def record_learning(
    session: Session,
    actor: Actor,
    data: LearningData,
    now: dt.datetime,
    *,
    source: LearningSource,
    case_id: int | None = None,
    review_id: int | None = None,
) -> LearningItem:
    """A lesson from any source (A3), proposed for its owner to accept and act on."""
    audit.acting(session, actor, now)
    theme, description = data.theme.strip(), data.description.strip()
    if not theme:
        raise CaseError("Enter the theme of the learning")
    if len(theme) > MAX_THEME:
        raise CaseError("Give the theme in 120 characters or fewer")
    if not description:
        raise CaseError("Describe what should be learned")
    if len(description) > MAX_DESCRIPTION:
        raise CaseError("Describe the learning in 5,000 characters or fewer")
    if data.owner_id is not None:
        owner = session.get(User, data.owner_id)
        if owner is None or not owner.active:
            raise CaseError("Choose an active user as the owner")
    today = london_date(now)
    if data.due_on is not None and data.due_on < today:
        raise CaseError("The due date must be today or in the future")
    item = LearningItem(
        source=source,
        case_id=case_id,
        review_id=review_id,
        theme=theme,
        description=description,
        level=data.level,
        owner_id=data.owner_id,
        raised_on=today,
        due_on=data.due_on,
        status=LearningStatus.PROPOSED,
        created_at=now,
    )
    session.add(item)
    session.flush()
    return item


def learning_for_case(session: Session, case: Case) -> list[LearningItem]:
    """The lessons raised from one case, oldest first."""
    return list(
        session.scalars(
            select(LearningItem)
            .where(LearningItem.case_id == case.id)
            .order_by(LearningItem.raised_on, LearningItem.id)
        )
    )
