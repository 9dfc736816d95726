"""Tables of this domain: dip samples drawn by OPCC oversight and each sampled case's review."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from complaints.auth.models import User
from complaints.cases.choices import CaseType
from complaints.cases.models import Case
from complaints.common.enums import LabelledEnum, db_enum, labelled
from complaints.db import PERSONAL, Base, UTCDateTime
from complaints.forces.models import FIRST_FORCE_ID
from complaints.learning.models import LearningItem


@labelled({"size": "A number of cases", "percentage": "A percentage of the cases"})
class SampleMethod(LabelledEnum):
    SIZE = "size"
    PERCENTAGE = "percentage"


@labelled(
    {
        "outside_schedule_3": "Outside Schedule 3",
        "otherwise": "Schedule 3, otherwise than by investigation",
        "investigation": "Investigation",
        "other": "Other recorded cases (for example DSI matters)",
    }
)
class Stratum(LabelledEnum):
    """How a finalised case was handled, as the dip sample groups it (domain.md B3.3)."""

    OUTSIDE_SCHEDULE_3 = "outside_schedule_3"
    OTHERWISE = "otherwise"
    INVESTIGATION = "investigation"
    OTHER = "other"


@labelled({"yes": "Yes", "no": "No", "not_applicable": "Not applicable"})
class Answer(LabelledEnum):
    YES = "yes"
    NO = "no"
    NOT_APPLICABLE = "not_applicable"


class DipSample(Base):
    """A seeded random draw of finalised cases: the seed and inputs reproduce it exactly."""

    __tablename__ = "dip_samples"

    id: Mapped[int] = mapped_column(primary_key=True)
    force_id: Mapped[int] = mapped_column(
        ForeignKey("forces.id"), index=True, default=FIRST_FORCE_ID
    )
    period_from: Mapped[dt.date] = mapped_column(Date)
    period_to: Mapped[dt.date] = mapped_column(Date)
    method: Mapped[SampleMethod] = mapped_column(db_enum(SampleMethod))
    size: Mapped[int | None] = mapped_column(Integer)
    percentage: Mapped[int | None] = mapped_column(Integer)
    stratified: Mapped[bool] = mapped_column(Boolean, default=False)
    case_type: Mapped[CaseType | None] = mapped_column(db_enum(CaseType, "dip_sample_case_type"))
    seed: Mapped[int] = mapped_column(Integer)
    candidates: Mapped[int] = mapped_column(Integer)
    drawn_by_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    drawn_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    closed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    closed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    version: Mapped[int] = mapped_column(Integer, default=1)

    drawn_by: Mapped[User] = relationship(foreign_keys=[drawn_by_id])
    closed_by: Mapped[User | None] = relationship(foreign_keys=[closed_by_id])
    cases: Mapped[list[SampledCase]] = relationship(
        back_populates="sample", order_by="SampledCase.id", cascade="all, delete-orphan"
    )

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        CheckConstraint("period_from <= period_to", "period_order"),
        CheckConstraint(
            "(method = 'size' AND size > 0 AND percentage IS NULL) OR "
            "(method = 'percentage' AND percentage BETWEEN 1 AND 100 AND size IS NULL)",
            "method_amount",
        ),
        CheckConstraint("seed >= 0", "seed_non_negative"),
        CheckConstraint("candidates >= 0", "candidates_non_negative"),
        CheckConstraint("(closed_at IS NULL) = (closed_by_id IS NULL)", "closed_by_whom"),
    )

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    @property
    def reviewed(self) -> int:
        return sum(1 for row in self.cases if row.reviewed_at is not None)


# The checklist: (column, question as the reviewer reads it).
CHECKLIST = (
    ("contacted_promptly", "Was the complainant contacted promptly?"),
    ("updated_every_four_weeks", "Was the complainant updated at least every four weeks?"),
    ("outcome_letter_clear", "Was the outcome letter clear, and did it name the review right?"),
    ("handling_proportionate", "Was the handling reasonable and proportionate?"),
    ("recording_decision_right", "Was the recording decision right?"),
)


class SampledCase(Base):
    """One case in a dip sample, with the oversight reviewer's checklist and findings."""

    __tablename__ = "dip_sample_cases"

    id: Mapped[int] = mapped_column(primary_key=True)
    sample_id: Mapped[int] = mapped_column(ForeignKey("dip_samples.id"), index=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    stratum: Mapped[Stratum] = mapped_column(db_enum(Stratum))
    contacted_promptly: Mapped[Answer | None] = mapped_column(db_enum(Answer, "answer_contacted"))
    updated_every_four_weeks: Mapped[Answer | None] = mapped_column(
        db_enum(Answer, "answer_updated")
    )
    outcome_letter_clear: Mapped[Answer | None] = mapped_column(db_enum(Answer, "answer_letter"))
    handling_proportionate: Mapped[Answer | None] = mapped_column(
        db_enum(Answer, "answer_handling")
    )
    recording_decision_right: Mapped[Answer | None] = mapped_column(
        db_enum(Answer, "answer_recording")
    )
    findings: Mapped[str | None] = mapped_column(Text, info=PERSONAL)
    reviewed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    reviewed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    learning_item_id: Mapped[int | None] = mapped_column(ForeignKey("learning_items.id"))
    version: Mapped[int] = mapped_column(Integer, default=1)

    sample: Mapped[DipSample] = relationship(back_populates="cases")
    case: Mapped[Case] = relationship()
    reviewed_by: Mapped[User | None] = relationship()
    learning_item: Mapped[LearningItem | None] = relationship()

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (
        UniqueConstraint("sample_id", "case_id", name="uq_dip_sample_cases_case"),
        CheckConstraint("(reviewed_at IS NULL) = (reviewed_by_id IS NULL)", "reviewed_by_whom"),
        CheckConstraint(
            "reviewed_at IS NULL OR ("
            + " AND ".join(f"{column} IS NOT NULL" for column, _ in CHECKLIST)
            + ")",
            "reviewed_complete",
        ),
    )

    def answer(self, column: str) -> Answer | None:
        return getattr(self, column)
