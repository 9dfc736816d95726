"""Letters as accessible HTML: opening the HTML version of a letter issued on a case, and
emailing it to the person it was written to when they ask for it.

The words are the ones kept when the letter was issued (``letters.html.record``), so the
HTML version says what the PDF says. Opening it is audited as a download of the PDF is,
and sending it is audited and goes through the outbox like every email.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from complaints.cases.addressees import addressees
from complaints.cases.models import Case, Contact
from complaints.cases.services import CaseError
from complaints.common import audit
from complaints.common.actor import Actor
from complaints.letters import html
from complaints.letters.pdf import Letterhead
from complaints.mail import outbox
from complaints.mail.models import OutboxMessage

NO_VERSION = "This letter was issued before letters kept an HTML version: send its PDF"


def issued_letter(case: Case, contact_id: int) -> Contact | None:
    """The contact of a letter issued on this case, or None."""
    return next(
        (c for c in case.contacts if c.id == contact_id and c.attachment_id is not None), None
    )


def opened(session: Session, actor: Actor, contact: Contact, now: dt.datetime) -> None:
    """Audit the opening of a letter's HTML version, as a download of its PDF is."""
    audit.acting(session, actor, now)
    attachment = contact.attachment
    audit.record(
        session,
        "download",
        entity_type="attachments",
        entity_id=attachment.id,
        case_id=attachment.case_id,
        summary=f"{attachment.kind.label}, as HTML",
        actor=actor,
        now=now,
    )
    session.flush()


def email_for(case: Case, head: Letterhead) -> str | None:
    """The email address held for the person the letter was written to, if any: the
    complainant's, or their representative's for a letter to the representative."""
    for complainant in case.complainants:
        for to in addressees(complainant):
            if to.name != head.recipient[0]:
                continue
            if to.email:
                return to.email
            held = complainant.representative.email if to.representative else complainant.email
            if (held or "").strip():
                return held.strip()
    return None


def send_html(
    session: Session,
    actor: Actor,
    case: Case,
    contact: Contact,
    document: bytes,
    now: dt.datetime,
) -> OutboxMessage:
    """Email the letter's HTML version (``document``, made from its kept words) to the
    person it was written to, with a short covering note; sent once this commits."""
    audit.acting(session, actor, now)
    if contact.letter_words is None:
        raise CaseError(NO_VERSION)
    head, _ = html.from_record(contact.letter_words)
    to = email_for(case, head)
    if to is None:
        raise CaseError(
            f"We hold no email address for {head.recipient[0]}: download the HTML file and "
            "send it the way they asked"
        )
    attachment = contact.attachment
    message = outbox.queue(
        session,
        outbox.Email(
            to=to,
            subject=f"{head.force_name}: {head.title.lower()} {head.reference} as a web page",
            body=_covering_note(head),
            kind="letter_html",
            case_id=case.id,
            force_id=case.force_id,
            attachment_name=html.file_name(attachment.filename),
            attachment=document,
        ),
        now,
    )
    audit.record(
        session,
        "send",
        entity_type="attachments",
        entity_id=attachment.id,
        case_id=case.id,
        summary=f"{attachment.kind.label}, as HTML, emailed",
        actor=actor,
        now=now,
    )
    session.flush()
    return message


def _covering_note(head: Letterhead) -> str:
    lines = [
        f"Our {head.title.lower()} of {head.dated.day} {head.dated:%B %Y}, reference "
        f"{head.reference}, is attached as a web page (an HTML file), as you asked. It opens "
        "in any web browser and works with screen readers and text enlargement.",
        "",
        f"If you need it another way, please contact us and quote the reference, {head.reference}.",
        "",
        *head.sender_lines(),
    ]
    return "\n".join(lines) + "\n"
