"""The register as a list: filters that live in the URL, sorted by due date."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, selectinload

from complaints.learning.models import LearningItem, LearningLevel, LearningSource, LearningStatus
from complaints.learning.services import overdue_clause


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


def register(filters: RegisterFilters, today: dt.date) -> Select[tuple[LearningItem]]:
    """Lessons matching the filters, soonest due first (undated last)."""
    query = select(LearningItem).options(selectinload(LearningItem.owner))
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


def themes(session: Session) -> list[str]:
    """Every theme in use, for the filter."""
    return list(session.scalars(select(LearningItem.theme).distinct().order_by(LearningItem.theme)))
