"""An investigation of a case, and what is decided about each subject in it."""

from __future__ import annotations

import datetime as dt

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
from sqlalchemy.orm import Mapped, mapped_column, relationship

from complaints.auth.models import User
from complaints.cases import deadlines
from complaints.common.enums import LabelledEnum, db_enum, labelled
from complaints.db import LEADS_TO_CASE, PERSONAL, Base, UTCDateTime


@labelled(
    {
        "local": "Local",
        "directed": "Directed (IOPC)",
        "independent": "Independent (IOPC)",
    }
)
class InvestigationMode(LabelledEnum):
    LOCAL = "local"
    DIRECTED = "directed"
    INDEPENDENT = "independent"


@labelled({"none": "Neither", "misconduct": "Misconduct", "gross_misconduct": "Gross misconduct"})
class Severity(LabelledEnum):
    NONE = "none"
    MISCONDUCT = "misconduct"
    GROSS_MISCONDUCT = "gross_misconduct"


@labelled(
    {
        "meeting": "Misconduct meeting",
        "hearing": "Misconduct hearing",
        "accelerated_hearing": "Accelerated hearing",
    }
)
class Proceedings(LabelledEnum):
    MEETING = "meeting"
    HEARING = "hearing"
    ACCELERATED_HEARING = "accelerated_hearing"

    @property
    def is_hearing(self) -> bool:
        """A hearing has a chair and panel, is publicly notified and may be held in
        public (regs 28, 36, 39); a meeting is one person's, in private."""
        return self != Proceedings.MEETING


@labelled(
    {
        "not_proven": "Not proven",
        "misconduct": "Misconduct proven",
        "gross_misconduct": "Gross misconduct proven",
    }
)
class Finding(LabelledEnum):
    NOT_PROVEN = "not_proven"
    MISCONDUCT = "misconduct"
    GROSS_MISCONDUCT = "gross_misconduct"


@labelled(
    {
        "written_warning": "Written warning",
        "final_written_warning": "Final written warning",
        "reduction_in_rank": "Reduction in rank",
        "dismissal_with_notice": "Dismissal with notice",
        "dismissal_without_notice": "Dismissal without notice",
    }
)
class Sanction(LabelledEnum):
    WRITTEN_WARNING = "written_warning"
    FINAL_WRITTEN_WARNING = "final_written_warning"
    REDUCTION_IN_RANK = "reduction_in_rank"
    DISMISSAL_WITH_NOTICE = "dismissal_with_notice"
    DISMISSAL_WITHOUT_NOTICE = "dismissal_without_notice"


class Investigation(Base):
    __tablename__ = "investigations"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), unique=True)
    mode: Mapped[InvestigationMode] = mapped_column(db_enum(InvestigationMode))
    investigator_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    terms_of_reference: Mapped[str | None] = mapped_column(Text, info=PERSONAL)
    special_procedures: Mapped[bool] = mapped_column(Boolean, default=False)
    started_on: Mapped[dt.date] = mapped_column(Date)
    report_submitted_on: Mapped[dt.date | None] = mapped_column(Date)
    report_summary: Mapped[str | None] = mapped_column(Text, info=PERSONAL)
    version: Mapped[int] = mapped_column(Integer, default=1)

    investigator: Mapped[User | None] = relationship()
    suspensions: Mapped[list[SuspensionPeriod]] = relationship(
        back_populates="investigation",
        order_by="SuspensionPeriod.started_on",
        cascade="all, delete-orphan",
    )
    reports: Mapped[list[TwelveMonthReport]] = relationship(
        back_populates="investigation", order_by="TwelveMonthReport.number"
    )

    __mapper_args__ = {"version_id_col": version}

    @property
    def open_suspension(self) -> SuspensionPeriod | None:
        return next((s for s in self.suspensions if s.ended_on is None), None)


class SuspensionPeriod(Base):
    """Kept so that 'days to finalise' can be reported with and without suspensions."""

    __tablename__ = "suspension_periods"

    id: Mapped[int] = mapped_column(primary_key=True)
    investigation_id: Mapped[int] = mapped_column(
        ForeignKey("investigations.id"), index=True, info=LEADS_TO_CASE
    )
    started_on: Mapped[dt.date] = mapped_column(Date)
    ended_on: Mapped[dt.date | None] = mapped_column(Date)
    reason: Mapped[str] = mapped_column(String(300), info=PERSONAL)

    investigation: Mapped[Investigation] = relationship(back_populates="suspensions")

    __table_args__ = (
        CheckConstraint("ended_on IS NULL OR ended_on >= started_on", "period_order"),
    )


class SeverityAssessment(Base):
    """One assessment of a subject's conduct; a revision is a new row, never an edit."""

    __tablename__ = "severity_assessments"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_subject_id: Mapped[int] = mapped_column(
        ForeignKey("case_subjects.id"), index=True, info=LEADS_TO_CASE
    )
    severity: Mapped[Severity] = mapped_column(db_enum(Severity))
    assessed_on: Mapped[dt.date] = mapped_column(Date)
    assessed_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    by_iopc: Mapped[bool] = mapped_column(Boolean, default=False)
    rationale: Mapped[str | None] = mapped_column(Text, info=PERSONAL)

    assessed_by: Mapped[User | None] = relationship()


class ConductOutcome(Base):
    """What became of one subject: notice, case to answer, proceedings, finding, sanction."""

    __tablename__ = "conduct_outcomes"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_subject_id: Mapped[int] = mapped_column(
        ForeignKey("case_subjects.id"), unique=True, info=LEADS_TO_CASE
    )
    # The Regulation 17 notice (Conduct Regs reg 17): when, who served it, and when the
    # officer's response (reg 18, within 10 working days) came in.
    regulation_17_served_on: Mapped[dt.date | None] = mapped_column(Date)
    regulation_17_served_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    regulation_17_response_on: Mapped[dt.date | None] = mapped_column(Date)
    case_to_answer: Mapped[bool | None] = mapped_column(Boolean)
    proceedings: Mapped[Proceedings | None] = mapped_column(db_enum(Proceedings))
    finding: Mapped[Finding | None] = mapped_column(db_enum(Finding))
    sanction: Mapped[Sanction | None] = mapped_column(db_enum(Sanction))
    rprp: Mapped[bool] = mapped_column(Boolean, default=False)
    practice_requiring_improvement: Mapped[bool] = mapped_column(Boolean, default=False)
    cps_referral: Mapped[bool] = mapped_column(Boolean, default=False)
    decided_on: Mapped[dt.date | None] = mapped_column(Date)
    # Reg 42: a finding of misconduct at a hearing allows reduction in rank or dismissal
    # with notice only if a final written warning was in force, or the findings cover
    # several unconnected incidents.
    final_warning_or_several_incidents: Mapped[bool] = mapped_column(Boolean, default=False)

    regulation_17_served_by: Mapped[User | None] = relationship()

    __table_args__ = (
        CheckConstraint("proceedings IS NULL OR case_to_answer", "proceedings_need_case"),
        CheckConstraint(
            "sanction IS NULL OR finding IN ('misconduct', 'gross_misconduct')",
            "sanction_needs_finding",
        ),
        Index("ix_conduct_outcomes_decided", "decided_on"),
    )


class TwelveMonthReport(Base):
    """A progress report on an investigation still open 12 months after the complaint
    arrived (number 1), then every 6 months (2, 3, ...): C&M Regs reg 13, domain.md B T12.

    It goes to the IOPC and the OPCC; the OPCC's copy may be withheld where telling it
    could prejudice the investigation (the harm test, B7), and the reason is kept.
    """

    __tablename__ = "twelve_month_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    investigation_id: Mapped[int] = mapped_column(
        ForeignKey("investigations.id"), index=True, info=LEADS_TO_CASE
    )
    number: Mapped[int] = mapped_column(Integer)
    due_on: Mapped[dt.date] = mapped_column(Date)
    sent_on: Mapped[dt.date] = mapped_column(Date)
    sent_to_iopc: Mapped[bool] = mapped_column(Boolean)
    sent_to_opcc: Mapped[bool] = mapped_column(Boolean)
    withheld_reason: Mapped[str | None] = mapped_column(String(300), info=PERSONAL)
    progress: Mapped[str] = mapped_column(Text, info=PERSONAL)
    recorded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    recorded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)

    investigation: Mapped[Investigation] = relationship(back_populates="reports")

    @property
    def name(self) -> str:
        return deadlines.report_name(self.number)

    recorded_by: Mapped[User | None] = relationship()

    __table_args__ = (
        UniqueConstraint("investigation_id", "number", name="uq_twelve_month_reports_number"),
        CheckConstraint("number >= 1", "number_positive"),
        CheckConstraint("sent_to_iopc", "iopc_told"),
        CheckConstraint("sent_to_opcc = (withheld_reason IS NULL)", "opcc_told_or_withheld"),
    )
