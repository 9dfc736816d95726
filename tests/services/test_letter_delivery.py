"""Letters reach the complainant the way they asked: emailed with the PDF attached when they
prefer email (through the outbox, after the commit, retried, and flagged when it fails),
otherwise listed to post until someone marks them posted. Nothing is sent for a letter
that rolled back, and no one sees another force's or a restricted case's letters."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from complaints.auth.roles import Role
from complaints.cases import correspondence, delivery
from complaints.cases import services as cases
from complaints.cases.choices import CaseState, ContactMethod
from complaints.cases.letters import LetterKind
from complaints.cases.models import Contact
from complaints.cases.services import CaseError
from complaints.cases.timeline import timeline
from complaints.common.audit_model import AuditEvent
from complaints.common.clock import utcnow
from complaints.documents.storage import FileStore
from complaints.mail import sending
from complaints.mail.models import MailStatus, OutboxMessage
from complaints.reviews import services as reviews
from tests import factories
from tests.readback import pdf_text

ADDRESS = "jo.public@example.org"
FORCE = "Northshire Police"


@pytest.fixture()
def store(tmp_path) -> FileStore:
    return FileStore(tmp_path / "files")


@pytest.fixture()
def people(db):
    return {
        "handler": factories.user(db, Role.HANDLER, name="Hana Handler"),
        "aa": factories.user(db, Role.APPROPRIATE_AUTHORITY),
        "reviewer": factories.user(db, Role.OPCC_REVIEWER, name="Rhea Reviewer"),
    }


def prefers(case, method: ContactMethod | None, email: str | None = ADDRESS):
    complainant = case.complainants[0]
    complainant.contact_preference = method
    complainant.email = email
    return case


def acknowledge(db, people, case, store, now=None) -> Contact:
    return correspondence.send_letter(
        db,
        factories.actor_for(people["handler"]),
        case,
        LetterKind.ACKNOWLEDGEMENT,
        store,
        now or utcnow(),
    )


def messages(db) -> list[OutboxMessage]:
    db.expire_all()
    return list(db.scalars(select(OutboxMessage).order_by(OutboxMessage.id)))


def flat(text: str) -> str:
    return " ".join(text.split())


# By email. ----------------------------------------------------------------------------------


def test_a_letter_to_someone_who_prefers_email_reaches_them_with_the_pdf_attached(
    app, db, people, store, smtp_server
):
    case = prefers(factories.complaint(db, handler=people["handler"]), ContactMethod.EMAIL)
    with app.app_context():
        contact = acknowledge(db, people, case, store)
        assert smtp_server.received == []  # nothing leaves before the commit
        db.commit()

    (received,) = smtp_server.received
    assert received.recipients == [ADDRESS]
    email = received.message
    assert email["Subject"].strip() == (  # a long subject is folded onto a second line
        f"{FORCE}: acknowledgement letter about your complaint {case.reference}"
    )
    body = flat(email.get_body(("plain",)).get_content())
    assert body.startswith("Dear Jo Public,")
    assert f"your complaint to {FORCE}, reference {case.reference}" in body
    assert "Professional Standards Department" in body
    (attached,) = list(email.iter_attachments())
    assert attached.get_content_type() == "application/pdf"
    assert attached.get_filename() == contact.attachment.filename
    pdf = attached.get_content()
    assert pdf == store.get(contact.attachment.sha256)  # the very letter kept with the case
    letter = flat(pdf_text(pdf))
    assert case.reference in letter and "Dear Jo Public" in letter

    assert contact.method == ContactMethod.EMAIL and not contact.for_post
    (message,) = messages(db)
    assert contact.outbox_message_id == message.id
    assert (message.status, message.kind) == (MailStatus.SENT, "letter_acknowledgement")
    assert (message.case_id, message.force_id) == (case.id, case.force_id)


def test_the_covering_email_is_personal_data_in_the_audit_trail(app, db, people, store):
    case = prefers(factories.complaint(db, handler=people["handler"]), ContactMethod.EMAIL)
    with app.app_context():
        acknowledge(db, people, case, store)
        db.commit()
    created = db.scalars(
        select(AuditEvent).where(
            AuditEvent.entity_type == "outbox_messages", AuditEvent.action == "create"
        )
    ).one()
    for field in ("body", "to_address", "attachment"):
        assert created.changes[field] == ["[personal data]", "[personal data]"], field
    assert created.case_id == case.id


def test_the_outcome_letter_goes_by_email_when_the_complainant_asked_for_email(
    app, db, people, store, smtp_server
):
    """The issue's fault: an outcome letter was logged as sent by post regardless."""
    case = factories.complaint_in_state(
        db, CaseState.OUTCOME_DETERMINED, handler=people["handler"], aa=people["aa"]
    )
    case.review_body = reviews.ReviewBody.OPCC
    prefers(case, ContactMethod.EMAIL)
    with app.app_context():
        contact = correspondence.notify_outcome(
            db, factories.actor_for(people["handler"]), case, {}, store, utcnow()
        )
        db.commit()
    assert contact.method == ContactMethod.EMAIL
    (received,) = smtp_server.received
    assert "outcome letter" in received.message["Subject"]
    (attached,) = list(received.message.iter_attachments())
    letter = flat(pdf_text(attached.get_content()))
    assert "Your right to a review" in letter and case.reference in letter


def test_an_opcc_review_decision_is_emailed_in_the_opccs_name(app, db, people, store, smtp_server):
    case = factories.complaint_in_state(
        db, CaseState.UNDER_REVIEW, handler=people["handler"], aa=people["aa"]
    )
    prefers(case, ContactMethod.EMAIL)
    review = case.reviews[0]
    reviewer = factories.actor_for(people["reviewer"])
    reviews.take_review(db, reviewer, review, utcnow())
    with app.app_context():
        reviews.decide_review(
            db,
            reviewer,
            review,
            {"outcome": "not_upheld", "rationale": "The outcome was reasonable"},
            reviews.LetterSettings(store=store),
            utcnow(),
        )
        db.commit()
    (received,) = smtp_server.received
    body = flat(received.message.get_body(("plain",)).get_content())
    assert "Office of the Police and Crime Commissioner" in body
    (message,) = messages(db)
    assert message.kind == "review_letter_decision"
    contact = db.scalars(select(Contact).where(Contact.outbox_message_id == message.id)).one()
    assert contact.method == ContactMethod.EMAIL


# By post. -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "method, email",
    [(ContactMethod.LETTER, ADDRESS), (None, ADDRESS), (ContactMethod.EMAIL, None)],
    ids=["prefers-post", "no-preference", "prefers-email-without-an-address"],
)
def test_otherwise_the_letter_is_listed_to_post_and_never_emailed(
    app, db, people, store, smtp_server, method, email
):
    case = prefers(factories.complaint(db, handler=people["handler"]), method, email)
    with app.app_context():
        contact = acknowledge(db, people, case, store)
        db.commit()
    assert smtp_server.received == [] and messages(db) == []
    assert contact.method == ContactMethod.LETTER
    assert contact.for_post and contact.posted_at is None and contact.outbox_message_id is None
    waiting = db.scalars(delivery.to_post(factories.actor_for(people["aa"]))).all()
    assert waiting == [contact]


def test_marking_a_letter_posted_records_who_and_when_once(db, people, store, now):
    case = factories.complaint(db, handler=people["handler"])
    contact = acknowledge(db, people, case, store, now)
    aa = factories.actor_for(people["aa"])
    later = now + dt.timedelta(hours=2)
    delivery.mark_posted(db, aa, contact, later)
    assert (contact.posted_at, contact.posted_by_id) == (later, people["aa"].id)
    assert db.scalars(delivery.to_post(aa)).all() == []
    with pytest.raises(CaseError, match="not waiting to be posted"):
        delivery.mark_posted(db, factories.actor_for(people["handler"]), contact, later)
    assert contact.posted_by_id == people["aa"].id
    titles = [item.title for item in timeline(db, case)]
    assert "Letter to the complainant posted" in titles
    assert "Letter to the complainant waiting to be posted" in titles
    assert delivery.delivery_of(contact).label == "Posted"


def test_only_the_psd_and_the_opcc_as_authority_mark_letters_posted(db, people, store, now):
    case = factories.complaint(db, handler=people["handler"])
    contact = acknowledge(db, people, case, store, now)
    investigator = factories.actor_for(factories.user(db, Role.INVESTIGATOR))
    with pytest.raises(CaseError, match="permission"):
        delivery.mark_posted(db, investigator, contact, now)
    assert contact.posted_at is None


# When the email fails. ------------------------------------------------------------------------


def test_an_email_that_keeps_failing_is_flagged_and_the_timeline_says_so(
    app, db, people, store, smtp_server
):
    smtp_server.refuse = True
    app.config["MAIL_MAX_ATTEMPTS"] = 3
    case = prefers(factories.complaint(db, handler=people["handler"]), ContactMethod.EMAIL)
    with app.app_context():
        contact = acknowledge(db, people, case, store)
        db.commit()  # the first try, refused
    (message,) = messages(db)
    assert (message.status, message.attempts) == (MailStatus.QUEUED, 1)
    assert delivery.delivery_of(contact).label == "Email not sent yet: trying again"
    assert delivery.undelivered(db, case) == []  # not yet for a person to act on

    settings = sending.MailSettings.from_config(app.config)
    while message.status == MailStatus.QUEUED:
        sending.deliver(db, message.id, settings, message.next_attempt_at)
    db.commit()
    assert (message.status, message.attempts) == (MailStatus.FAILED, 3)
    assert smtp_server.received == []

    assert delivery.undelivered(db, case) == [contact]
    assert delivery.delivery_of(contact).label == "Email could not be sent"
    items = {item.title: item for item in timeline(db, case)}
    queued = "Acknowledgement letter emailed to the complainant: waiting to be sent"
    retried = "Acknowledgement letter emailed to the complainant: not sent yet, trying again"
    failed = items["Acknowledgement letter emailed to the complainant: failed"]
    assert queued in items and retried in items
    assert "could not be sent after 3 tries" in failed.detail
    assert "send the letter by post" in failed.detail

    # The handler sends it by post instead: it is listed to post and no longer flagged.
    delivery.post_instead(db, factories.actor_for(people["handler"]), case, contact.id, utcnow())
    assert delivery.undelivered(db, case) == []
    assert contact.method == ContactMethod.LETTER and contact.for_post
    assert db.scalars(delivery.to_post(factories.actor_for(people["aa"]))).all() == [contact]


def test_a_letter_that_was_emailed_cannot_be_posted_instead(app, db, people, store, smtp_server):
    case = prefers(factories.complaint(db, handler=people["handler"]), ContactMethod.EMAIL)
    with app.app_context():
        contact = acknowledge(db, people, case, store)
        db.commit()
    with pytest.raises(CaseError, match="Choose a letter whose email could not be sent"):
        delivery.post_instead(
            db, factories.actor_for(people["handler"]), case, contact.id, utcnow()
        )


# Rolled back. ---------------------------------------------------------------------------------


def test_a_letter_that_rolled_back_sends_nothing(app, db, people, store, smtp_server):
    case = prefers(factories.complaint(db, handler=people["handler"]), ContactMethod.EMAIL)
    db.commit()
    with app.app_context():
        acknowledge(db, people, case, store)
        db.rollback()
        db.commit()
    assert smtp_server.received == []
    assert messages(db) == []
    assert db.scalars(select(Contact).where(Contact.case_id == case.id)).all() == []


# Who sees the letters to post. ------------------------------------------------------------------


def test_the_letters_to_post_are_only_those_of_cases_the_person_may_see(db, people, store, now):
    other_force = factories.force(db, code="SOU", name="Southshire Police")
    theirs = factories.user(db, Role.HANDLER, forces=(other_force.id,))
    ours = factories.complaint(db, handler=people["handler"])
    elsewhere = factories.complaint(db, handler=theirs, force_id=other_force.id)
    hidden = factories.complaint(db, handler=people["handler"])
    mine = acknowledge(db, people, ours, store, now)
    correspondence.send_letter(
        db, factories.actor_for(theirs), elsewhere, LetterKind.ACKNOWLEDGEMENT, store, now
    )
    secret = acknowledge(db, people, hidden, store, now)
    aa = factories.actor_for(people["aa"])
    cases.restrict(db, aa, hidden, "Counter-corruption material", now)
    db.flush()

    other_aa = factories.actor_for(factories.user(db, Role.APPROPRIATE_AUTHORITY))
    assert db.scalars(delivery.to_post(other_aa)).all() == [mine]
    # Named on the restricted case (its handler is named on restriction), they see it too.
    assert db.scalars(delivery.to_post(aa)).all() == [mine, secret]
    assert delivery.load_to_post(db, other_aa, secret.id) is None
    reviewer = factories.actor_for(people["reviewer"])
    assert db.scalars(delivery.to_post(reviewer)).all() == []


# To a representative. -------------------------------------------------------------------------

REPRESENTATIVE = "rep@solicitors.example"


def represented(db, case, *, consent: bool = True, copy: bool = False):
    from complaints.cases.models import Representative

    complainant = case.complainants[0]
    complainant.title = "Dr"
    db.add(
        Representative(
            complainant_id=complainant.id,
            name="Rhiannon Price",
            organisation="Price and Co Solicitors",
            email=REPRESENTATIVE,
            address="1 Law Lane\nNorthtown NT3 3AA",
            consent_received_on=dt.date(2026, 11, 1) if consent else None,
            copy_to_complainant=copy,
        )
    )
    db.flush()
    db.refresh(complainant)
    return case


def test_a_letter_goes_to_the_representative_once_consent_is_in(
    app, db, people, store, smtp_server
):
    case = prefers(factories.complaint(db, handler=people["handler"]), ContactMethod.LETTER)
    represented(db, case)
    with app.app_context():
        contact = acknowledge(db, people, case, store)
        db.commit()

    (received,) = smtp_server.received
    assert received.recipients == [REPRESENTATIVE]
    body = flat(received.message.get_body(("plain",)).get_content())
    assert body.startswith("Dear Rhiannon Price,")
    assert "the complaint you are helping with" in body
    letter = flat(pdf_text(store.get(contact.attachment.sha256)))
    assert "Rhiannon Price Price and Co Solicitors 1 Law Lane Northtown NT3 3AA" in letter
    assert "Complaint by: Dr Jo Public" in letter
    assert "Dear Rhiannon Price," in letter
    assert contact.summary == "Acknowledgement letter sent to the complainant's representative"
    assert len([c for c in case.contacts if c.attachment_id]) == 1  # no copy was asked for


def test_the_complainant_gets_a_copy_their_way_when_they_asked(app, db, people, store, smtp_server):
    case = prefers(factories.complaint(db, handler=people["handler"]), ContactMethod.EMAIL)
    represented(db, case, copy=True)
    with app.app_context():
        acknowledge(db, people, case, store)
        db.commit()

    by_address = {r.recipients[0]: r.message for r in smtp_server.received}
    assert set(by_address) == {REPRESENTATIVE, ADDRESS}
    copy = flat(by_address[ADDRESS].get_body(("plain",)).get_content())
    assert copy.startswith("Dear Dr Public,")
    assert "This is your copy of a letter we have sent to the person acting for you" in copy
    pdfs = {address: next(m.iter_attachments()).get_content() for address, m in by_address.items()}
    assert pdfs[ADDRESS] == pdfs[REPRESENTATIVE]  # the same letter, addressed to the representative
    summaries = sorted(c.summary for c in case.contacts if c.attachment_id)
    assert summaries == [
        "Acknowledgement letter sent (a copy for the complainant)",
        "Acknowledgement letter sent to the complainant's representative",
    ]


def test_until_consent_is_in_letters_go_to_the_complainant(app, db, people, store, smtp_server):
    case = prefers(factories.complaint(db, handler=people["handler"]), ContactMethod.EMAIL)
    represented(db, case, consent=False, copy=True)
    with app.app_context():
        contact = acknowledge(db, people, case, store)
        db.commit()
    (received,) = smtp_server.received
    assert received.recipients == [ADDRESS]
    assert "Dear Dr Public," in flat(pdf_text(store.get(contact.attachment.sha256)))
    assert "Complaint by" not in flat(pdf_text(store.get(contact.attachment.sha256)))
