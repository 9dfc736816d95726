"""How a letter reaches the complainant: by email, with the PDF attached, when they prefer
email and we hold their address; otherwise printed and posted from the list of letters
to post.

Either way the letter is logged as a contact in the same transaction as the change that
caused it. An email is an outbox row (``complaints.mail.outbox``) that a job sends after
the commit, retrying with back-off, so a change that rolls back sends nothing. A letter
to post waits on the list until someone marks it posted, which records who and when. An
email that fails after its last try is flagged on the case to the handler, who can send
the letter by post instead.

Why the state lives on the contact: the contact *is* the letter's entry in the case's
correspondence (its PDF, its date, its purpose, the update clock), so how it went (the
email that carries it, or waiting for the post, posted when and by whom) belongs beside
it, and the list of letters to post is one indexed query on it, behind the same
visibility rule as every case list.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Select, false, select, true, update
from sqlalchemy.orm import Session, contains_eager, selectinload

from complaints.auth.permissions import Permission, can, may_hold
from complaints.cases.addressees import Addressee, addressees
from complaints.cases.choices import ContactMethod, ContactPurpose
from complaints.cases.models import Case, Complainant, Contact
from complaints.cases.services import CaseError
from complaints.cases.visibility import visible_to
from complaints.common import audit
from complaints.common.actor import Actor
from complaints.common.clock import london_date
from complaints.documents.models import Attachment
from complaints.mail import outbox
from complaints.mail.models import MailStatus, OutboxMessage

NOT_WAITING = "This letter is not waiting to be posted: someone may have marked it posted already"
NOT_UNDELIVERED = "Choose a letter whose email could not be sent"


@dataclass(frozen=True)
class Letter:
    """A letter just written to a complainant and kept with the case, ready to go."""

    case: Case
    complainant: Complainant
    kind: str  # what the outbox calls it: "letter_outcome", "review_letter_decision", ...
    title: str  # in words: "Outcome letter"
    office: str  # who writes: the force's PSD or its OPCC, by name
    office_address: tuple[str, ...]
    purpose: ContactPurpose
    attachment: Attachment
    pdf: bytes
    template_id: int | None = None  # the template version it was made from
    words: dict | None = None  # its letterhead and blocks, for its HTML version


# Which way a letter goes. --------------------------------------------------------------------


def deliver(session: Session, actor: Actor, letter: Letter, now: dt.datetime) -> Contact:
    """Log the letter as a contact and send it to each of its addressees their way
    (``addressees``): an email queued in this transaction (sent once it commits), or a
    letter on the list to post. Returns the contact of the letter's own addressee; a copy
    for the complainant is a contact of its own. Only flushes."""
    sent = [_deliver_to(session, actor, letter, to, now) for to in addressees(letter.complainant)]
    session.flush()
    return sent[0]


def _deliver_to(
    session: Session, actor: Actor, letter: Letter, to: Addressee, now: dt.datetime
) -> Contact:
    case = letter.case
    if to.copy:
        summary = f"{letter.title} sent (a copy for the complainant)"
    elif to.representative:
        summary = f"{letter.title} sent to the complainant's representative"
    else:
        summary = f"{letter.title} sent"
    contact = Contact(
        case_id=case.id,
        occurred_on=london_date(now),
        method=ContactMethod.LETTER,
        purpose=letter.purpose,
        summary=summary,
        recorded_by_id=actor.user_id,
        recorded_at=now,
        attachment_id=letter.attachment.id,
        letter_template_id=letter.template_id,
        letter_words=letter.words,
    )
    if to.email is None:
        contact.for_post = True
    else:
        subject, body = covering_email(letter, to, now)
        message = outbox.queue(
            session,
            outbox.Email(
                to=to.email,
                subject=subject,
                body=body,
                kind=letter.kind,
                case_id=case.id,
                force_id=case.force_id,
                attachment_name=letter.attachment.filename,
                attachment=letter.pdf,
            ),
            now,
        )
        contact.method = ContactMethod.EMAIL
        contact.outbox_message_id = message.id
    case.contacts.append(contact)
    return contact


def covering_email(letter: Letter, to: Addressee, now: dt.datetime) -> tuple[str, str]:
    """The subject and plain-text body of the email that carries a letter: short, in
    plain English, naming the force and the reference, and offering the post instead."""
    case = letter.case
    force = case.force
    dated = london_date(now)
    whose = "your complaint" if not to.representative else "the complaint you are helping with"
    subject = f"{force.name}: {letter.title.lower()} about {whose} {case.reference}"
    if to.copy:
        about = (
            "This is your copy of a letter we have sent to the person acting for you about "
            f"your complaint to {force.name}, reference {case.reference}."
        )
    else:
        about = f"We have written to you about {whose} to {force.name}, reference {case.reference}."
    lines = [
        f"Dear {to.greeting},",
        "",
        about,
        "",
        f"Our letter is attached to this email as a PDF file ({letter.title.lower()}, "
        f"dated {dated.day} {dated:%B %Y}). Please read it carefully, as it may say what "
        "you can do next and by when.",
        "",
        "If you cannot open the letter, or you would rather we wrote to you by post, "
        f"please contact us and quote the reference, {case.reference}.",
        "",
        letter.office,
        force.name,
        *(line for line in letter.office_address if line not in (letter.office, force.name)),
    ]
    return subject, "\n".join(lines) + "\n"


# Letters to post. ----------------------------------------------------------------------------


def waiting_to_post() -> list[ColumnElement[bool]]:
    """The letters still to be printed and posted: written as the partial index
    ``ix_contacts_to_post`` is, so that both databases read the list from it."""
    return [Contact.for_post == true(), Contact.posted_at.is_(None)]


def to_post(actor: Actor) -> Select[tuple[Contact]]:
    """The letters waiting to be posted on the cases this actor may see, oldest first: of
    their forces only, and a restricted case's only for the people named on it."""
    return (
        select(Contact)
        .join(Contact.case)
        .where(*waiting_to_post(), visible_to(actor))
        .options(
            contains_eager(Contact.case),
            selectinload(Contact.attachment),
            selectinload(Contact.recorded_by),
        )
        .order_by(Contact.recorded_at, Contact.id)
    )


def load_to_post(session: Session, actor: Actor, contact_id: int) -> Contact | None:
    """A letter's contact, only on a case this actor may see (None otherwise, as for one
    that does not exist), whether or not it is still waiting to be posted."""
    return session.scalar(
        select(Contact)
        .join(Contact.case)
        .where(Contact.id == contact_id, Contact.for_post == true(), visible_to(actor))
        .options(contains_eager(Contact.case))
    )


def may_post(actor: Actor, case: Case) -> bool:
    """Who may mark a case's letter posted: the PSD staff who keep the list of letters to
    post (and the OPCC, as appropriate authority of complaints about the chief constable),
    on a case whose personal data they may see."""
    return may_hold(actor.role, Permission.EDIT_CASE) and can(
        actor, Permission.VIEW_PERSONAL_DATA, case
    )


def mark_posted(session: Session, actor: Actor, contact: Contact, now: dt.datetime) -> Contact:
    """Record that the letter was printed and posted, by whom and when. One conditional
    update, so of two people marking the same letter, the second is told it was done."""
    audit.acting(session, actor, now)
    if not may_post(actor, contact.case):
        raise CaseError("You do not have permission to mark letters on this case as posted")
    session.flush()
    marked = session.execute(
        update(Contact)
        .where(Contact.id == contact.id, *waiting_to_post())
        .values(posted_at=now, posted_by_id=actor.user_id)
        .execution_options(synchronize_session=False)
    )
    session.refresh(contact)
    if marked.rowcount != 1:
        raise CaseError(NOT_WAITING)
    # A bulk update passes the unit of work by, so its audit event is written here.
    audit.record(
        session,
        "update",
        entity_type="contacts",
        entity_id=contact.id,
        case_id=contact.case_id,
        changes={"posted_at": [None, now], "posted_by_id": [None, actor.user_id]},
        actor=actor,
        now=now,
    )
    session.flush()
    return contact


# Emails that could not be sent. ------------------------------------------------------------


def undelivered(session: Session, case: Case) -> list[Contact]:
    """The case's letters whose email failed after its last try and that have not been
    sent by post instead: each is for the handler to act on."""
    return list(
        session.scalars(
            select(Contact)
            .join(OutboxMessage, Contact.outbox_message_id == OutboxMessage.id)
            .where(
                Contact.case_id == case.id,
                OutboxMessage.status == MailStatus.FAILED,
                Contact.for_post == false(),
            )
            .options(contains_eager(Contact.email), selectinload(Contact.attachment))
            .order_by(Contact.recorded_at, Contact.id)
        )
    )


def post_instead(
    session: Session, actor: Actor, case: Case, contact_id: int, now: dt.datetime
) -> Contact:
    """Send by post a letter whose email could not be sent: it goes on the list of letters
    to post, and the case's contact log says it went by letter."""
    audit.acting(session, actor, now)
    if not can(actor, Permission.SEND_CORRESPONDENCE, case):
        raise CaseError("You do not have permission to send letters on this case")
    contact = next((c for c in undelivered(session, case) if c.id == contact_id), None)
    if contact is None:
        raise CaseError(NOT_UNDELIVERED)
    contact.method = ContactMethod.LETTER
    contact.for_post = True
    session.flush()
    return contact


# How each letter went, for the correspondence tab. -------------------------------------------


@dataclass(frozen=True)
class Delivery:
    """How a letter went, as a tag and the facts beside it."""

    label: str
    colour: str  # a GOV.UK tag colour
    at: dt.datetime | None = None
    by: str | None = None
    to: str | None = None  # the email address: personal data, shown only to those who may


def delivery_of(contact: Contact) -> Delivery | None:
    """How the letter of this contact went, or None for a contact that was not a letter
    generated here (or one generated before letters were emailed or listed to post)."""
    if contact.for_post:
        if contact.posted_at is not None:
            by = contact.posted_by.full_name if contact.posted_by else None
            return Delivery("Posted", "green", contact.posted_at, by)
        return Delivery("Waiting to be posted", "yellow")
    message = contact.email
    if message is None:
        return None
    to = message.to_address
    if message.status == MailStatus.SENT:
        return Delivery("Emailed", "green", message.sent_at, to=to)
    if message.status == MailStatus.FAILED:
        return Delivery("Email could not be sent", "red", to=to)
    if message.status == MailStatus.KEPT:
        return Delivery("Email kept, not sent (no mail server)", "grey", to=to)
    if message.attempts:
        return Delivery("Email not sent yet: trying again", "yellow", to=to)
    return Delivery("Email waiting to be sent", "blue", to=to)
