"""The outbox: every email the service sends, from the moment it was decided on.

A message is written in the same transaction as the change that caused it, so a change
that rolled back sends nothing, and a message is never lost because the mail server was
down when the change was made. The sending job moves it on: sent, retried later, or
failed after its last attempt (which is then for a person to act on).
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from complaints.common.enums import LabelledEnum, db_enum, labelled
from complaints.db import PERSONAL, Base, UTCDateTime


@labelled(
    {
        "queued": "Waiting to be sent",
        "sent": "Sent",
        "failed": "Failed",
        "kept": "Kept (not sent: no mail server)",
    }
)
class MailStatus(LabelledEnum):
    QUEUED = "queued"
    SENT = "sent"
    FAILED = "failed"  # gave up after the last attempt
    KEPT = "kept"  # no mail server configured (development): kept for the sent-mail page


class OutboxMessage(Base):
    __tablename__ = "outbox_messages"

    id: Mapped[int] = mapped_column(primary_key=True)
    # Whose message: the force of the case it is about, or none for a staff account's.
    force_id: Mapped[int | None] = mapped_column(ForeignKey("forces.id"))
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    # What it is, for the timeline and the sent-mail page: "two_factor_reset", ...
    kind: Mapped[str] = mapped_column(String(60))
    to_address: Mapped[str] = mapped_column(String(254), info=PERSONAL)
    subject: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, info=PERSONAL)
    attachment_name: Mapped[str | None] = mapped_column(String(200))
    attachment: Mapped[bytes | None] = mapped_column(LargeBinary, info=PERSONAL)
    status: Mapped[MailStatus] = mapped_column(db_enum(MailStatus), default=MailStatus.QUEUED)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    last_error: Mapped[str | None] = mapped_column(String(300))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime)
    sent_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    __table_args__ = (
        # The sending job's question: what is due now?
        Index("ix_outbox_messages_status_due", "status", "next_attempt_at"),
    )
