"""An attachment's metadata; the bytes live outside the web root, named by their hash."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import CheckConstraint, ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from complaints.auth.models import User
from complaints.common.enums import LabelledEnum, db_enum
from complaints.db import PERSONAL, Base, UTCDateTime


class AttachmentKind(LabelledEnum):
    EVIDENCE = "evidence"
    CORRESPONDENCE = "correspondence"
    LETTER = "letter"
    REPORT = "report"


class Attachment(Base):
    __tablename__ = "attachments"

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    kind: Mapped[AttachmentKind] = mapped_column(db_enum(AttachmentKind))
    filename: Mapped[str] = mapped_column(String(255), info=PERSONAL)
    content_type: Mapped[str] = mapped_column(String(120))
    size_bytes: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    description: Mapped[str | None] = mapped_column(String(300), info=PERSONAL)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    uploaded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)

    uploaded_by: Mapped[User | None] = relationship()

    __table_args__ = (
        CheckConstraint("size_bytes >= 0", "size_non_negative"),
        CheckConstraint("length(sha256) = 64", "sha256_length"),
    )
