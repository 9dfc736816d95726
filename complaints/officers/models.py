"""An officer's or staff member's duty status while a matter is dealt with: suspended from
duty, on restricted duties, or reposted, with the decision and its reviews.

A suspension must be reviewed at least every four weeks (Police (Conduct) Regulations
2020, reg. 11; domain.md A10): ``review_due_on`` is when the next review falls due, and
the work tray of the force's appropriate authorities shows it as it comes close.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from complaints.auth.models import User
from complaints.common.enums import LabelledEnum, db_enum, labelled
from complaints.db import PERSONAL, Base, UTCDateTime
from complaints.subjects.models import Subject


@labelled(
    {
        "suspended": "Suspended from duty",
        "restricted_duties": "On restricted duties",
        "reposted": "Reposted",
    }
)
class DutyKind(LabelledEnum):
    SUSPENDED = "suspended"
    RESTRICTED_DUTIES = "restricted_duties"
    REPOSTED = "reposted"


class DutyStatus(Base):
    __tablename__ = "duty_statuses"

    id: Mapped[int] = mapped_column(primary_key=True)
    subject_id: Mapped[int] = mapped_column(ForeignKey("subjects.id"))
    force_id: Mapped[int] = mapped_column(ForeignKey("forces.id"))
    kind: Mapped[DutyKind] = mapped_column(db_enum(DutyKind))
    reason: Mapped[str] = mapped_column(Text, info=PERSONAL)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    started_on: Mapped[dt.date] = mapped_column(Date)
    review_due_on: Mapped[dt.date | None] = mapped_column(Date)  # suspensions only
    ended_on: Mapped[dt.date | None] = mapped_column(Date)
    end_reason: Mapped[str | None] = mapped_column(String(500), info=PERSONAL)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    subject: Mapped[Subject] = relationship()
    decided_by: Mapped[User | None] = relationship()
    reviews: Mapped[list[DutyReview]] = relationship(
        back_populates="status", order_by="DutyReview.reviewed_on"
    )

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        CheckConstraint("ended_on IS NULL OR ended_on >= started_on", "ends_after_start"),
        CheckConstraint("kind <> 'suspended' OR review_due_on IS NOT NULL", "suspension_reviewed"),
        Index("ix_duty_statuses_subject", "subject_id", "ended_on"),
        Index("ix_duty_statuses_reviews_due", "force_id", "review_due_on"),
    )


class DutyReview(Base):
    """A review of a duty status: continued (with the next review's date) or ended."""

    __tablename__ = "duty_reviews"

    id: Mapped[int] = mapped_column(primary_key=True)
    duty_status_id: Mapped[int] = mapped_column(ForeignKey("duty_statuses.id"), index=True)
    reviewed_on: Mapped[dt.date] = mapped_column(Date)
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    continued: Mapped[bool]
    note: Mapped[str | None] = mapped_column(Text, info=PERSONAL)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)

    status: Mapped[DutyStatus] = relationship(back_populates="reviews")
    reviewed_by: Mapped[User | None] = relationship()
