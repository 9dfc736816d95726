"""A letter template's versions: never changed once saved, so every issued letter can say
which wording it was made from (``Contact.letter_template_id``)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from complaints.auth.models import User
from complaints.common.enums import db_enum
from complaints.db import Base, UTCDateTime
from complaints.letters.fields import TemplateKind


class LetterTemplate(Base):
    """One version of one force's wording for one kind of letter; the highest is current."""

    __tablename__ = "letter_templates"

    id: Mapped[int] = mapped_column(primary_key=True)
    force_id: Mapped[int] = mapped_column(ForeignKey("forces.id"))
    kind: Mapped[TemplateKind] = mapped_column(db_enum(TemplateKind))
    version: Mapped[int] = mapped_column(Integer)
    body: Mapped[str] = mapped_column(Text)
    note: Mapped[str] = mapped_column(String(300), default="")  # what changed, and why
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))  # None: built in
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)

    created_by: Mapped[User | None] = relationship()

    __table_args__ = (
        UniqueConstraint("force_id", "kind", "version", name="uq_letter_templates_version"),
    )
