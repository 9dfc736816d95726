"""Monthly board reports as generated: what was sent, so a copy can be verified later."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, Date, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from complaints.auth.models import User
from complaints.common.enums import LabelledEnum, db_enum, labelled
from complaints.db import Base, UTCDateTime
from complaints.forces.models import FIRST_FORCE_ID


@labelled(
    {
        "circulated": "Circulated version: small counts suppressed",
        "full": "Full version: not for circulation",
    }
)
class ReportVersion(LabelledEnum):
    CIRCULATED = "circulated"  # for the board: counts 1..threshold-1 hidden
    FULL = "full"  # for PSD and OPCC (VIEW_FULL_REPORTS): every count shown


class GeneratedReport(Base):
    """One PDF as it was made; the bytes are in the file store under ``sha256``."""

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

    generated_by: Mapped[User | None] = relationship()

    __table_args__ = (
        CheckConstraint("size_bytes > 0", "size_positive"),
        CheckConstraint("length(sha256) = 64", "sha256_length"),
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
