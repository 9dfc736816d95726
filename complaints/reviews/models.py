"""A review application and its decision by the relevant review body (domain.md A7)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Boolean, CheckConstraint, Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from complaints.auth.models import User
from complaints.cases.choices import CaseState
from complaints.common.enums import LabelledEnum, db_enum, labelled
from complaints.db import Base, UTCDateTime


@labelled({"opcc": "OPCC (local policing body)", "iopc": "IOPC"})
class ReviewBody(LabelledEnum):
    OPCC = "opcc"
    IOPC = "iopc"


@labelled(
    {
        "upheld": "Upheld (not reasonable and proportionate)",
        "not_upheld": "Not upheld (reasonable and proportionate)",
    }
)
class ReviewOutcome(LabelledEnum):
    UPHELD = "upheld"
    NOT_UPHELD = "not_upheld"


class Review(Base):
    __tablename__ = "reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    received_on: Mapped[dt.date] = mapped_column(Date)
    received_by: Mapped[ReviewBody] = mapped_column(db_enum(ReviewBody, "received_by"))
    body: Mapped[ReviewBody] = mapped_column(db_enum(ReviewBody))
    routing_reason: Mapped[str] = mapped_column(String(300))
    valid: Mapped[bool] = mapped_column(Boolean, default=True)
    late_special_reason: Mapped[str | None] = mapped_column(Text)
    investigated: Mapped[bool] = mapped_column(Boolean, default=False)  # para 25 vs 6A
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    decided_on: Mapped[dt.date | None] = mapped_column(Date)
    outcome: Mapped[ReviewOutcome | None] = mapped_column(db_enum(ReviewOutcome))
    rationale: Mapped[str | None] = mapped_column(Text)
    # Where an upheld review sends the case back to (A2: recorded, handling, investigation).
    sent_back_to: Mapped[CaseState | None] = mapped_column(db_enum(CaseState))
    recommendations: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)

    reviewer: Mapped[User | None] = relationship()

    __table_args__ = (
        CheckConstraint("(decided_on IS NULL) = (outcome IS NULL)", "decision_dated"),
        CheckConstraint("outcome = 'upheld' OR sent_back_to IS NULL", "only_upheld_sent_back"),
        Index("ix_reviews_body_decided", "body", "decided_on"),
    )
