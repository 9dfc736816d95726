"""Sending one message from the outbox over SMTP, with retries and back-off.

Safe to run twice for the same message: a message already sent, given up on, or not
yet due is left alone, and on PostgreSQL the row is locked (``SKIP LOCKED``) while it is
being sent, so two workers never send it at the same time.
"""

from __future__ import annotations

import datetime as dt
import mimetypes
import smtplib
import ssl
from collections.abc import Mapping
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import make_msgid
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from complaints.mail.models import MailStatus, OutboxMessage

FIRST_RETRY = dt.timedelta(minutes=1)
LONGEST_WAIT = dt.timedelta(hours=1)


@dataclass(frozen=True)
class MailSettings:
    """How to reach the mail server; no server means messages are kept, not sent."""

    server: str | None
    port: int = 25
    starttls: bool = False
    username: str | None = None
    password: str | None = None
    sender: str = "complaints@localhost"
    timeout: float = 30.0
    max_attempts: int = 8

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> MailSettings:
        return cls(
            server=config.get("MAIL_SERVER") or None,
            port=int(config.get("MAIL_PORT") or 25),
            starttls=bool(config.get("MAIL_STARTTLS")),
            username=config.get("MAIL_USERNAME") or None,
            password=config.get("MAIL_PASSWORD") or None,
            sender=config.get("MAIL_FROM") or "complaints@localhost",
            timeout=float(config.get("MAIL_TIMEOUT_SECONDS") or 30),
            max_attempts=int(config.get("MAIL_MAX_ATTEMPTS") or 8),
        )


def wait_after(attempts: int) -> dt.timedelta:
    """A minute after the first failure, doubling each time, never more than an hour."""
    return min(FIRST_RETRY * 2 ** max(attempts - 1, 0), LONGEST_WAIT)


def due(session: Session, now: dt.datetime, limit: int = 500) -> list[int]:
    """The messages waiting to be sent whose time has come, oldest first."""
    return list(
        session.scalars(
            select(OutboxMessage.id)
            .where(OutboxMessage.status == MailStatus.QUEUED, OutboxMessage.next_attempt_at <= now)
            .order_by(OutboxMessage.next_attempt_at, OutboxMessage.id)
            .limit(limit)
        )
    )


def deliver(
    session: Session, message_id: int, settings: MailSettings, now: dt.datetime
) -> MailStatus | None:
    """Try to send one message; returns its new status, or None when it was not due."""
    message = session.scalar(
        select(OutboxMessage)
        .where(OutboxMessage.id == message_id)
        .with_for_update(skip_locked=True)
    )
    if message is None or message.status != MailStatus.QUEUED or message.next_attempt_at > now:
        return None
    message.attempts += 1
    if settings.server is None:
        message.status = MailStatus.KEPT
    else:
        try:
            _send(message, settings)
        except (smtplib.SMTPException, OSError) as error:
            message.last_error = _described(error)
            if message.attempts >= settings.max_attempts:
                message.status = MailStatus.FAILED
            else:
                message.next_attempt_at = now + wait_after(message.attempts)
        else:
            message.status = MailStatus.SENT
            message.sent_at = now
            message.last_error = None
    session.flush()
    return message.status


def _described(error: Exception) -> str:
    """What went wrong, without the server's words (which may quote an address)."""
    code = getattr(error, "smtp_code", None)
    return f"{type(error).__name__}{f' {code}' if code else ''}"[:300]


def _send(message: OutboxMessage, settings: MailSettings) -> None:
    email = EmailMessage()
    email["From"] = settings.sender
    email["To"] = message.to_address
    email["Subject"] = message.subject
    email["Message-ID"] = make_msgid(idstring=f"outbox-{message.id}")
    email.set_content(message.body)
    if message.attachment is not None:
        name = message.attachment_name or "letter.pdf"
        maintype, subtype = (mimetypes.guess_type(name)[0] or "application/pdf").split("/")
        email.add_attachment(message.attachment, maintype=maintype, subtype=subtype, filename=name)
    with smtplib.SMTP(settings.server, settings.port, timeout=settings.timeout) as smtp:
        if settings.starttls:
            smtp.starttls(context=ssl.create_default_context())
        if settings.username:
            smtp.login(settings.username, settings.password or "")
        smtp.send_message(email)
