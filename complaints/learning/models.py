"""A lesson: where it came from, who owns it, and how far it has got."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from complaints.auth.models import User
from complaints.common.enums import LabelledEnum, db_enum, labelled
from complaints.db import PERSONAL, Base, UTCDateTime, with_parent
from complaints.forces.models import FIRST_FORCE_ID


@labelled(
    {
        "case_outcome": "Case outcome",
        "review": "Review recommendation",
        "iopc": "IOPC recommendation",
        "dip_sample": "Dip-sample finding",
        "inspection": "Inspection area for improvement",
    }
)
class LearningSource(LabelledEnum):
    CASE_OUTCOME = "case_outcome"
    REVIEW = "review"
    IOPC = "iopc"
    DIP_SAMPLE = "dip_sample"
    INSPECTION = "inspection"


class LearningLevel(LabelledEnum):
    INDIVIDUAL = "individual"
    ORGANISATIONAL = "organisational"
    NATIONAL = "national"


@labelled({"implemented": "Implemented", "not_accepted": "Not accepted"})
class LearningStatus(LabelledEnum):
    PROPOSED = "proposed"
    ACCEPTED = "accepted"
    IN_PROGRESS = "in_progress"
    IMPLEMENTED = "implemented"
    NOT_ACCEPTED = "not_accepted"

    @property
    def tag_colour(self) -> str:
        return _TAG_COLOURS[self.value]

    @property
    def closed(self) -> bool:
        """Nothing more is owed on it: done, or decided against with a reason."""
        return self in (LearningStatus.IMPLEMENTED, LearningStatus.NOT_ACCEPTED)


_TAG_COLOURS = {
    "proposed": "grey",
    "accepted": "blue",
    "in_progress": "light-blue",
    "implemented": "green",
    "not_accepted": "orange",
}


class LearningItem(Base):
    __tablename__ = "learning_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[LearningSource] = mapped_column(db_enum(LearningSource))
    # Which report, recommendation or inspection it came from: "HMICFRS PEEL 2025".
    source_detail: Mapped[str | None] = mapped_column(String(200))
    force_id: Mapped[int] = mapped_column(
        ForeignKey("forces.id"), index=True, default=FIRST_FORCE_ID
    )
    # Each with the item's force (``with_parent``): a lesson is its case's force's.
    case_id: Mapped[int | None] = mapped_column(index=True)
    review_id: Mapped[int | None] = mapped_column()
    theme: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, info=PERSONAL)
    level: Mapped[LearningLevel] = mapped_column(db_enum(LearningLevel))
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    raised_on: Mapped[dt.date] = mapped_column(Date)
    due_on: Mapped[dt.date | None] = mapped_column(Date)
    status: Mapped[LearningStatus] = mapped_column(db_enum(LearningStatus))
    evidence: Mapped[str | None] = mapped_column(Text, info=PERSONAL)
    not_accepted_reason: Mapped[str | None] = mapped_column(Text, info=PERSONAL)
    shared_how: Mapped[str | None] = mapped_column(Text, info=PERSONAL)
    shared_on: Mapped[dt.date | None] = mapped_column(Date)
    completed_on: Mapped[dt.date | None] = mapped_column(Date)
    # An IOPC recommendation (PRA Sch 3 para 28A) needs a written response within 56 days
    # of its receipt (domain.md A5, B3.7).
    received_on: Mapped[dt.date | None] = mapped_column(Date)
    response_due_on: Mapped[dt.date | None] = mapped_column(Date)
    response: Mapped[str | None] = mapped_column(Text, info=PERSONAL)
    response_sent_on: Mapped[dt.date | None] = mapped_column(Date)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    version: Mapped[int] = mapped_column(Integer, default=1)

    owner: Mapped[User | None] = relationship()

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        with_parent("case_id", "cases", "force_id"),
        with_parent("review_id", "reviews", "force_id"),
        CheckConstraint(
            "status <> 'implemented' OR (evidence IS NOT NULL AND completed_on IS NOT NULL)",
            "implemented_evidence",
        ),
        CheckConstraint(
            "status <> 'not_accepted' OR not_accepted_reason IS NOT NULL", "not_accepted_reason"
        ),
        CheckConstraint("(shared_how IS NULL) = (shared_on IS NULL)", "shared_when"),
        CheckConstraint(
            "source <> 'iopc' OR (received_on IS NOT NULL AND response_due_on IS NOT NULL)",
            "iopc_response_due",
        ),
        CheckConstraint("(response IS NULL) = (response_sent_on IS NULL)", "response_dated"),
        CheckConstraint("source = 'iopc' OR response IS NULL", "response_only_iopc"),
        Index("ix_learning_items_status_due", "status", "due_on"),
        Index("ix_learning_items_response_due", "response_due_on"),
    )
