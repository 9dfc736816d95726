"""A review application and its decision by the relevant review body (domain.md A7, B3.6)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy import text as sql_text  # the recommendations have a column named text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from complaints.auth.models import User
from complaints.cases.choices import CaseState
from complaints.common.enums import LabelledEnum, db_enum, labelled
from complaints.db import PERSONAL, Base, UTCDateTime, with_parent
from complaints.documents.models import Attachment

if TYPE_CHECKING:
    from complaints.cases.models import Case


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
    case_id: Mapped[int] = mapped_column(index=True)  # with its force: ``with_parent``
    force_id: Mapped[int] = mapped_column(ForeignKey("forces.id"))  # the case's (of_case)
    received_on: Mapped[dt.date] = mapped_column(Date)
    received_by: Mapped[ReviewBody] = mapped_column(db_enum(ReviewBody, "received_by"))
    body: Mapped[ReviewBody] = mapped_column(db_enum(ReviewBody))
    routing_reason: Mapped[str] = mapped_column(String(300))
    # Invalid applications (late without a special reason) are kept but never decided,
    # and left out of every rate (B3.6).
    valid: Mapped[bool] = mapped_column(Boolean, default=True)
    late_special_reason: Mapped[str | None] = mapped_column(Text, info=PERSONAL)
    investigated: Mapped[bool] = mapped_column(Boolean, default=False)  # para 25 vs 6A
    # A misdirected application (received by the body that does not review it) is sent on.
    forwarded_on: Mapped[dt.date | None] = mapped_column(Date)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # The OPCC reviewer who took the review (A8: they alone read the case file meanwhile).
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    allocated_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    decided_on: Mapped[dt.date | None] = mapped_column(Date)
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    outcome: Mapped[ReviewOutcome | None] = mapped_column(db_enum(ReviewOutcome))
    rationale: Mapped[str | None] = mapped_column(Text, info=PERSONAL)
    # Where an upheld review sends the case back to (A2: recorded, handling, investigation).
    sent_back_to: Mapped[CaseState | None] = mapped_column(db_enum(CaseState))
    forwarding_letter_id: Mapped[int | None] = mapped_column(ForeignKey("attachments.id"))
    decision_letter_id: Mapped[int | None] = mapped_column(ForeignKey("attachments.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)

    # Read-only: Case.reviews is the side that adds reviews to a case.
    case: Mapped[Case] = relationship(viewonly=True, foreign_keys=[case_id])
    reviewer: Mapped[User | None] = relationship(foreign_keys=[reviewer_id])
    recorded_by: Mapped[User | None] = relationship(foreign_keys=[recorded_by_id])
    decided_by: Mapped[User | None] = relationship(foreign_keys=[decided_by_id])
    forwarding_letter: Mapped[Attachment | None] = relationship(foreign_keys=[forwarding_letter_id])
    decision_letter: Mapped[Attachment | None] = relationship(foreign_keys=[decision_letter_id])
    recommendations: Mapped[list[ReviewRecommendation]] = relationship(
        back_populates="review",
        foreign_keys="ReviewRecommendation.review_id",
        order_by="ReviewRecommendation.number",
    )

    @property
    def misdirected(self) -> bool:
        return self.received_by != self.body

    @property
    def review_type(self) -> str:
        """B3.6: a review of an investigation (para 25) or of other handling (para 6A)."""
        return "Investigation (para 25)" if self.investigated else "Not investigated (para 6A)"

    @property
    def decided(self) -> bool:
        return self.decided_on is not None

    __table_args__ = (
        with_parent("case_id", "cases", "force_id"),
        Index("uq_reviews_id_force", "id", "force_id", unique=True),  # its recommendations' key
        CheckConstraint("(decided_on IS NULL) = (outcome IS NULL)", "decision_dated"),
        CheckConstraint("outcome = 'upheld' OR sent_back_to IS NULL", "only_upheld_sent_back"),
        CheckConstraint("valid OR outcome IS NULL", "only_valid_decided"),
        CheckConstraint("(reviewer_id IS NULL) = (allocated_at IS NULL)", "allocation_dated"),
        CheckConstraint(
            "forwarded_on IS NULL OR received_by <> body", "only_misdirected_forwarded"
        ),
        Index("ix_reviews_body_decided", "body", "decided_on"),
    )


class ReviewRecommendation(Base):
    """One recommendation of a review, and the appropriate authority's response to it."""

    __tablename__ = "review_recommendations"

    id: Mapped[int] = mapped_column(primary_key=True)
    review_id: Mapped[int] = mapped_column(index=True)  # with its force: ``with_parent``
    # The review's case's force, set as the row is saved (``cases.of_case``): row-level
    # security tests it, and the recommendations awaiting an answer are found by it.
    force_id: Mapped[int] = mapped_column(ForeignKey("forces.id"))
    number: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text, info=PERSONAL)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    response: Mapped[str | None] = mapped_column(Text, info=PERSONAL)
    accepted: Mapped[bool | None] = mapped_column(Boolean)
    responded_on: Mapped[dt.date | None] = mapped_column(Date)
    responded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    learning_item_id: Mapped[int | None] = mapped_column(ForeignKey("learning_items.id"))

    review: Mapped[Review] = relationship(
        back_populates="recommendations", foreign_keys=[review_id]
    )
    responded_by: Mapped[User | None] = relationship()

    __table_args__ = (
        with_parent("review_id", "reviews", "force_id"),
        UniqueConstraint("review_id", "number", name="uq_review_recommendations_number"),
        # A force's recommendations still without a response (the appropriate authority's
        # start page): a few among every force's answered ones.
        Index(
            "ix_review_recommendations_unanswered",
            "force_id",
            "review_id",
            postgresql_where=sql_text("responded_on IS NULL"),
            sqlite_where=sql_text("responded_on IS NULL"),
        ),
        CheckConstraint(
            "(responded_on IS NULL) = (response IS NULL) "
            "AND (responded_on IS NULL) = (accepted IS NULL) "
            "AND (responded_on IS NULL) = (responded_by_id IS NULL)",
            "response_complete",
        ),
    )
