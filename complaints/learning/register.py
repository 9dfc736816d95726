"""The register as a list: filters that live in the URL, sorted by due date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, selectinload

from complaints.common.actor import Actor
from complaints.learning.models import LearningItem, LearningLevel, LearningSource, LearningStatus
from complaints.learning.services import overdue_clause, visible_items


@dataclass(frozen=True)
class RegisterFilters:
    statuses: tuple[LearningStatus, ...] = ()
    sources: tuple[LearningSource, ...] = ()
    levels: tuple[LearningLevel, ...] = ()
    theme: str | None = None
    overdue: bool = False

    @property
    def any(self) -> bool:
        return bool(self.statuses or self.sources or self.levels or self.theme or self.overdue)


def register(filters: RegisterFilters, today: dt.date, actor: Actor) -> Select[tuple[LearningItem]]:
    """The lessons this actor may see that match the filters, soonest due first (undated
    last)."""
    query = (
        select(LearningItem).options(selectinload(LearningItem.owner)).where(visible_items(actor))
    )
    if filters.statuses:
        query = query.where(LearningItem.status.in_(filters.statuses))
    if filters.sources:
        query = query.where(LearningItem.source.in_(filters.sources))
    if filters.levels:
        query = query.where(LearningItem.level.in_(filters.levels))
    if filters.theme:
        query = query.where(LearningItem.theme == filters.theme)
    if filters.overdue:
        query = query.where(overdue_clause(today))
    return query.order_by(LearningItem.due_on.is_(None), LearningItem.due_on, LearningItem.id)


def themes(session: Session, actor: Actor) -> list[str]:
    """Every theme in use on a lesson this actor may see, for the filter."""
    return list(
        session.scalars(
            select(LearningItem.theme)
            .where(visible_items(actor))
            .distinct()
            .order_by(LearningItem.theme)
        )
    )


def overdue_count(session: Session, today: dt.date, actor: Actor) -> int:
    """How many of the lessons this actor may see are overdue."""
    return session.scalar(
        select(func.count())
        .select_from(LearningItem)
        .where(overdue_clause(today), visible_items(actor))
    )
