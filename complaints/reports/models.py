"""Monthly board reports: the draft the force and the OPCC comment on and the OPCC
approves, and the PDFs as generated when it is published, so a copy can be verified later."""

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
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from complaints.auth.models import User
from complaints.common.enums import LabelledEnum, db_enum, labelled
from complaints.db import PERSONAL, Base, UTCDateTime
from complaints.forces.models import FIRST_FORCE_ID


@labelled(
    {
        "circulated": "Circulated version: figures that could identify people withheld",
        "full": "Full version: not for circulation",
    }
)
class ReportVersion(LabelledEnum):
    CIRCULATED = "circulated"  # for the board: figures that could identify people withheld
    FULL = "full"  # for PSD and OPCC (VIEW_FULL_REPORTS): every count shown


class GeneratedReport(Base):
    """One PDF as it was made; the bytes are in the file store under ``sha256``, and the
    content of its web page, rendered when the report was approved, under ``html_sha256``."""

    __tablename__ = "generated_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    force_id: Mapped[int] = mapped_column(
        ForeignKey("forces.id"), index=True, default=FIRST_FORCE_ID
    )
    month: Mapped[dt.date] = mapped_column(Date)  # the first day of the month reported on
    version: Mapped[ReportVersion] = mapped_column(db_enum(ReportVersion))
    generated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    generated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    generated_by_name: Mapped[str] = mapped_column(String(200))  # "System" for the CLI
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    size_bytes: Mapped[int] = mapped_column(Integer)
    filename: Mapped[str] = mapped_column(String(255))
    # The signed-off report this PDF was published from; None for one made outside it
    # (``flask reports monthly``) or before reports were signed off.
    board_report_id: Mapped[int | None] = mapped_column(ForeignKey("board_reports.id"), index=True)
    # Given to the board: a circulated version published from an approved report (or, for
    # reports made before sign-off, every circulated version, as it then was).
    published: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())
    # The version's web page as approved (``reports.views.pages``), kept so that it says
    # what the PDF says whatever changes later; None for a version made without one (the
    # CLI's, and those made before pages were kept), whose page is worked out afresh.
    html_sha256: Mapped[str | None] = mapped_column(String(64))

    generated_by: Mapped[User | None] = relationship()

    __table_args__ = (
        CheckConstraint("size_bytes > 0", "size_positive"),
        CheckConstraint("length(sha256) = 64", "sha256_length"),
        CheckConstraint("html_sha256 IS NULL OR length(html_sha256) = 64", "html_sha256_length"),
        Index("ix_generated_reports_month_version", "month", "version"),
    )


class FigureStamp(Base):
    """How many times a force's figures for a month have changed. A pack kept in memory
    (``reports.kept``) stands while the stamps it was made at still stand; ``month`` is
    ``EVERY_MONTH`` for a change that touches all of a force's months (a division's name)."""

    __tablename__ = "figure_stamps"

    force_id: Mapped[int] = mapped_column(ForeignKey("forces.id"), primary_key=True)
    month: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    stamp: Mapped[int] = mapped_column(Integer, default=1)


@labelled({"draft": "Draft", "published": "Approved and published"})
class BoardReportState(LabelledEnum):
    DRAFT = "draft"  # the force and the OPCC write commentary; the board cannot see it
    PUBLISHED = "published"  # approved by the OPCC: frozen, and the board may read it


@labelled(
    {
        "force": "Professional Standards Department",
        "opcc": "Office of the Police and Crime Commissioner",
    }
)
class CommentaryVoice(LabelledEnum):
    FORCE = "force"  # the head of the PSD: the appropriate authority
    OPCC = "opcc"  # OPCC oversight


class BoardReport(Base):
    """A month's report to the board as it is signed off: made as a draft, commented on by
    the force and the OPCC section by section, then approved by the OPCC, which publishes
    it (the PDFs, frozen under their SHA-256, are its ``generated`` reports)."""

    __tablename__ = "board_reports"

    id: Mapped[int] = mapped_column(primary_key=True)
    force_id: Mapped[int] = mapped_column(ForeignKey("forces.id"), default=FIRST_FORCE_ID)
    month: Mapped[dt.date] = mapped_column(Date)  # the first day of the month reported on
    state: Mapped[BoardReportState] = mapped_column(
        db_enum(BoardReportState), default=BoardReportState.DRAFT
    )
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    approved_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    approved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    approved_by_name: Mapped[str | None] = mapped_column(String(200))

    commentaries: Mapped[list[ReportCommentary]] = relationship(
        back_populates="report", order_by="ReportCommentary.id"
    )
    generated: Mapped[list[GeneratedReport]] = relationship(order_by="GeneratedReport.id")

    __table_args__ = (
        UniqueConstraint("force_id", "month"),
        CheckConstraint(
            "state <> 'published' OR approved_at IS NOT NULL", "published_when_approved"
        ),
    )

    @property
    def is_draft(self) -> bool:
        return self.state == BoardReportState.DRAFT


class ReportCommentary(Base):
    """What the force or the OPCC says about one section of a report: words beside the
    figures, never in them. It may name people, so it is personal data; two people may
    edit it at once, so it is versioned."""

    __tablename__ = "report_commentaries"

    id: Mapped[int] = mapped_column(primary_key=True)
    force_id: Mapped[int] = mapped_column(ForeignKey("forces.id"), default=FIRST_FORCE_ID)
    board_report_id: Mapped[int] = mapped_column(ForeignKey("board_reports.id"))
    section: Mapped[str] = mapped_column(String(40))  # a pack section's key, or "summary"
    voice: Mapped[CommentaryVoice] = mapped_column(db_enum(CommentaryVoice))
    text: Mapped[str] = mapped_column(Text, default="", info=PERSONAL)
    updated_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    updated_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    version: Mapped[int] = mapped_column(Integer, default=1)

    report: Mapped[BoardReport] = relationship(back_populates="commentaries")
    updated_by: Mapped[User | None] = relationship()

    __mapper_args__ = {"version_id_col": version}
    __table_args__ = (UniqueConstraint("board_report_id", "section", "voice"),)
