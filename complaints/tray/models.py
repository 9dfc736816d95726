"""A bring-forward date: a person's own reminder to come back to a case ("chase CCTV").

Personal to the person who set it: no one else sees it, on the case page, in a tray or in
a digest. It carries its case's force, as every case-scoped table does, so that the
database's row-level security keeps it to that force's people on PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import Date, ForeignKey, Index, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from complaints.db import PERSONAL, Base, UTCDateTime, with_parent

if TYPE_CHECKING:
    from complaints.cases.models import Case

NOTE_LENGTH = 120


class BringForward(Base):
    __tablename__ = "bring_forwards"

    id: Mapped[int] = mapped_column(primary_key=True)
    force_id: Mapped[int] = mapped_column(ForeignKey("forces.id"))
    case_id: Mapped[int] = mapped_column(index=True)  # with its force: ``with_parent``
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    due_on: Mapped[dt.date] = mapped_column(Date)
    # Free text about the case may name people, so the audit trail keeps it out.
    note: Mapped[str] = mapped_column(String(NOTE_LENGTH), info=PERSONAL)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    done_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    case: Mapped[Case] = relationship(foreign_keys=[case_id])

    __table_args__ = (
        with_parent("case_id", "cases", "force_id"),
        # The tray's and the digest's question: this person's open reminders by date.
        Index("ix_bring_forwards_user_open", "user_id", "done_at", "due_on"),
    )


class DigestSent(Base):
    """One person's digest of one day, written with its email: the daily run sends each
    person at most one a day, however often it runs."""

    __tablename__ = "digests_sent"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), primary_key=True)
    day: Mapped[dt.date] = mapped_column(Date, primary_key=True)
    outbox_message_id: Mapped[int] = mapped_column(ForeignKey("outbox_messages.id"))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
