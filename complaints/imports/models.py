"""One import of a legacy extract: which file (by its SHA-256), for which force, by whom,
and what it made. Each imported case points at the import that brought it."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from complaints.auth.models import User
from complaints.db import Base, UTCDateTime


class CaseImport(Base):
    __tablename__ = "case_imports"

    id: Mapped[int] = mapped_column(primary_key=True)
    force_id: Mapped[int] = mapped_column(ForeignKey("forces.id"), index=True)
    filename: Mapped[str] = mapped_column(String(200))
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    mapping_name: Mapped[str] = mapped_column(String(80))
    imported_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    imported_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    rows: Mapped[int] = mapped_column(Integer)
    cases_created: Mapped[int] = mapped_column(Integer)
    allegations_created: Mapped[int] = mapped_column(Integer)
    subjects_created: Mapped[int] = mapped_column(Integer)
    rows_already_imported: Mapped[int] = mapped_column(Integer)
    rows_skipped: Mapped[int] = mapped_column(Integer)  # refused, with --skip-bad-rows

    imported_by: Mapped[User | None] = relationship()
