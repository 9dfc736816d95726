"""The mail jobs: send a message once its transaction has committed; send what is due."""

from __future__ import annotations

from typing import Any

from flask import current_app, has_app_context
from sqlalchemy import event
from sqlalchemy.orm import Session

from complaints import jobs
from complaints.common import audit
from complaints.common.actor import Actor
from complaints.common.clock import utcnow
from complaints.mail import sending
from complaints.mail.outbox import QUEUED_HERE


def send_mail(message_id: int) -> None:
    """Send one message if it is due (the job; safe to run twice)."""
    from complaints.web import SESSION_FACTORY

    with current_app.extensions[SESSION_FACTORY]() as session:
        audit.act_as(session, Actor.system("mail"))
        settings = sending.MailSettings.from_config(current_app.config)
        sending.deliver(session, message_id, settings, utcnow())
        session.commit()


def send_due() -> int:
    """Send every message whose time has come (retries, and any job that was lost)."""
    from complaints.web import SESSION_FACTORY

    with current_app.extensions[SESSION_FACTORY]() as session:
        due = sending.due(session, utcnow())
    for message_id in due:
        send_mail(message_id)
    return len(due)


def _committed(session: Session) -> None:
    queued = session.info.pop(QUEUED_HERE, None)
    if queued and has_app_context():
        app = current_app._get_current_object()
        for message_id in queued:
            jobs.enqueue(app, send_mail, message_id)


def _rolled_back(session: Session, *_args: Any) -> None:
    session.info.pop(QUEUED_HERE, None)  # nothing is sent for a change that rolled back


def install(session_factory: Any) -> None:
    """Hand each committed transaction's messages to the job queue."""
    event.listen(session_factory, "after_commit", _committed)
    event.listen(session_factory, "after_rollback", _rolled_back)
