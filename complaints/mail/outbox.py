"""Putting a message in the outbox: the one way anything in the service sends email."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy.orm import Session

from complaints.mail.models import MailStatus, OutboxMessage

# Session.info key: the messages this transaction queued, handed to the job queue once
# it commits (complaints.mail.jobs).
QUEUED_HERE = "complaints.mail.queued"


@dataclass(frozen=True)
class Email:
    to: str
    subject: str
    body: str
    kind: str
    case_id: int | None = None
    force_id: int | None = None
    attachment_name: str | None = None
    attachment: bytes | None = None


def queue(session: Session, email: Email, now: dt.datetime) -> OutboxMessage:
    """Write the message with the change that caused it; it is sent after the commit."""
    message = OutboxMessage(
        force_id=email.force_id,
        case_id=email.case_id,
        kind=email.kind,
        to_address=email.to,
        subject=email.subject[:200],
        body=email.body,
        attachment_name=email.attachment_name,
        attachment=email.attachment,
        status=MailStatus.QUEUED,
        attempts=0,
        next_attempt_at=now,
        created_at=now,
    )
    session.add(message)
    session.flush()
    session.info.setdefault(QUEUED_HERE, []).append(message.id)
    return message
