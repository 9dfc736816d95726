"""Retention and disposal (domain.md A12): each force's schedule, legal holds, the record
of each monthly review, and the equality answers of disposed complainants kept as counts.

A case's disposal is marked on the case (``Case.disposed_at``), so that every page and
permission sees it without a join, and recorded here with who approved it and what kinds
of data went (counts, never the data).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from complaints.auth.models import User
from complaints.cases.choices import CaseType
from complaints.common.enums import db_enum
from complaints.db import PERSONAL, Base, UTCDateTime, with_parent


class RetentionRule(Base):
    """How long one force keeps one kind of case, by its type and whether any officer on
    it was found to have committed misconduct. Years count from the day the case closed
    (finalised or withdrawn); where ``years_after_service`` is set they count from the end
    of the officer's service instead, and ``years_after_closure`` is the period used while
    that end is not known."""

    __tablename__ = "retention_rules"

    id: Mapped[int] = mapped_column(primary_key=True)
    force_id: Mapped[int] = mapped_column(ForeignKey("forces.id"))
    case_type: Mapped[CaseType] = mapped_column(db_enum(CaseType))
    misconduct_found: Mapped[bool] = mapped_column(Boolean)
    years_after_closure: Mapped[int] = mapped_column(Integer)
    years_after_service: Mapped[int | None] = mapped_column(Integer)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    version: Mapped[int] = mapped_column(Integer, default=1)

    updated_by: Mapped[User | None] = relationship()

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        UniqueConstraint(
            "force_id", "case_type", "misconduct_found", name="uq_retention_rules_kind"
        ),
    )


class LegalHold(Base):
    """Litigation, a claim or an inquiry that needs a case kept: while a hold stands the
    case is never due for review and cannot be disposed of."""

    __tablename__ = "legal_holds"

    id: Mapped[int] = mapped_column(primary_key=True)
    force_id: Mapped[int] = mapped_column(ForeignKey("forces.id"))
    case_id: Mapped[int] = mapped_column(index=True)  # with its force: ``with_parent``
    reason: Mapped[str] = mapped_column(Text, info=PERSONAL)  # may name the claimant
    placed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    placed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    lifted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    lifted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    lift_reason: Mapped[str | None] = mapped_column(Text, info=PERSONAL)

    placed_by: Mapped[User | None] = relationship(foreign_keys=[placed_by_id])
    lifted_by: Mapped[User | None] = relationship(foreign_keys=[lifted_by_id])

    __table_args__ = (with_parent("case_id", "cases", "force_id"),)


class RetentionReview(Base):
    """That a force's cases due for review were listed in a month, and how many."""

    __tablename__ = "retention_reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    force_id: Mapped[int] = mapped_column(ForeignKey("forces.id"))
    month: Mapped[dt.date] = mapped_column(Date)  # the first of the month
    cases_due: Mapped[int] = mapped_column(Integer)
    recorded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))  # None: the job

    __table_args__ = (
        UniqueConstraint("force_id", "month", name="uq_retention_reviews_force_month"),
    )


class KeptEqualityCount(Base):
    """How many complainants of a force's complaints logged in a month, since disposed of,
    gave each answer to an equality question ('' for no answer): the equality measure
    reads these in place of the answers disposal removed, so its figures still stand."""

    __tablename__ = "kept_equality_counts"

    force_id: Mapped[int] = mapped_column(ForeignKey("forces.id"), primary_key=True)
    month: Mapped[dt.date] = mapped_column(Date, primary_key=True)  # London month logged
    question: Mapped[str] = mapped_column(String(40), primary_key=True)
    answer: Mapped[str] = mapped_column(String(60), primary_key=True)
    complainants: Mapped[int] = mapped_column(Integer)

    __table_args__ = (Index("ix_kept_equality_counts_month", "month", "question"),)


class CaseDisposal(Base):
    """A case's personal data disposed of: when, on whose approval, and how many of each
    kind of record were cleared. It cannot be undone, so nothing ever changes this row."""

    __tablename__ = "case_disposals"

    case_id: Mapped[int] = mapped_column(primary_key=True)  # with its force: ``with_parent``
    force_id: Mapped[int] = mapped_column(ForeignKey("forces.id"))
    disposed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    disposed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    review_due_on: Mapped[dt.date] = mapped_column(Date)  # what the schedule said
    disposed: Mapped[dict[str, Any]] = mapped_column(JSON)  # kind of record -> how many

    disposed_by: Mapped[User | None] = relationship()

    __table_args__ = (with_parent("case_id", "cases", "force_id"),)
