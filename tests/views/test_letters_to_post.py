"""Letters from the pages: emailed to a complainant who prefers email (the PDF attached),
otherwise on the "Letters to post" page until marked posted; a failed email flagged on
the case with the way to post it instead; the page showing only the letters of cases the
person may see."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import select

from complaints.auth.roles import Role
from complaints.cases.choices import ContactMethod
from complaints.cases.models import Case, Contact
from complaints.cases.services import restrict
from complaints.common.clock import london_today, utcnow
from complaints.mail import sending
from complaints.mail.models import MailStatus, OutboxMessage
from tests import factories
from tests.conftest import sign_in
from tests.readback import pdf_text

ADDRESS = "jo.public@example.org"


def page(response) -> str:
    return response.get_data(as_text=True)


def words(response) -> str:
    """The page's text, tags removed and spaces collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", page(response)).split())


@pytest.fixture()
def handler(login_as):
    return login_as(Role.HANDLER, name="Hana Handler")


def complaint(db, handler, preference: ContactMethod | None) -> Case:
    case = factories.complaint(
        db, handler=handler, received_on=london_today() - dt.timedelta(days=5), now=utcnow()
    )
    case.complainants[0].contact_preference = preference
    db.commit()
    return case


def write_letter(client, db, case: Case):
    db.refresh(case)
    return client.post(
        f"/cases/{case.id}/letters/new",
        data={"version": str(case.version), "kind": "acknowledgement"},
    )


def the_contact(db, case: Case) -> Contact:
    db.expire_all()
    return db.scalars(select(Contact).where(Contact.case_id == case.id)).one()


def test_the_letter_form_says_how_the_letter_will_go(client, db, handler):
    by_email = complaint(db, handler, ContactMethod.EMAIL)
    by_post = complaint(db, handler, ContactMethod.PHONE)
    text = words(client.get(f"/cases/{by_email.id}/letters/new"))
    assert f"Jo Public prefers email: the letter will be emailed to {ADDRESS} as a PDF." in text
    text = words(client.get(f"/cases/{by_post.id}/letters/new"))
    assert "The letter will go on the list of letters to print and post to Jo Public." in text


def test_a_letter_to_someone_who_prefers_email_is_emailed_with_the_pdf(
    client, db, handler, smtp_server
):
    case = complaint(db, handler, ContactMethod.EMAIL)
    response = write_letter(client, db, case)
    assert response.status_code == 302
    banner = words(client.get(response.location))
    assert "Acknowledgement letter created. It will be emailed to the complainant." in banner

    (received,) = smtp_server.received
    assert received.recipients == [ADDRESS]
    contact = the_contact(db, case)
    assert contact.method == ContactMethod.EMAIL
    (attached,) = list(received.message.iter_attachments())
    kept = client.get(f"/cases/{case.id}/documents/{contact.attachment_id}")
    assert attached.get_content() == kept.data  # the letter kept with the case, as sent
    letter = " ".join(pdf_text(kept.data).split())
    assert f"Our reference: {case.reference}" in letter and "Dear Jo Public" in letter

    tab = words(client.get(f"/cases/{case.id}/correspondence"))
    assert f"Email Emailed to {ADDRESS}" in tab
    timeline = words(client.get(f"/cases/{case.id}/timeline"))
    assert "Acknowledgement letter emailed to the complainant: sent" in timeline
    assert "Acknowledgement letter emailed to the complainant: waiting to be sent" in timeline
    assert case.reference not in words(client.get("/queues/to-post"))


def test_a_letter_to_someone_who_prefers_post_waits_on_the_list_until_posted(
    client, db, handler, smtp_server
):
    case = complaint(db, handler, ContactMethod.LETTER)
    response = write_letter(client, db, case)
    assert "It is on the list of letters to post" in words(client.get(response.location))
    assert smtp_server.received == []
    assert db.scalars(select(OutboxMessage)).all() == []

    listed = client.get("/queues/to-post")
    assert listed.status_code == 200
    text = words(listed)
    assert "Letters to post" in text and "Showing 1 to 1 of 1 letter" in text
    assert case.reference in text and "Acknowledgement letter" in text and "Hana Handler" in text
    contact = the_contact(db, case)
    assert f'href="/cases/{case.id}/documents/{contact.attachment_id}"' in page(listed)
    assert "Waiting to be posted" in words(client.get(f"/cases/{case.id}/correspondence"))

    posted = client.post(f"/queues/to-post/{contact.id}/posted?page=1")
    assert posted.status_code == 302 and posted.location.endswith("/queues/to-post?page=1")
    after = words(client.get(posted.location))
    assert f"{case.reference}: the letter is marked as posted." in after
    assert "No letters are waiting to be posted." in after
    contact = the_contact(db, case)
    assert contact.posted_by_id == handler.id and contact.posted_at is not None
    tab = words(client.get(f"/cases/{case.id}/correspondence"))
    assert "Letter Posted" in tab and "by Hana Handler" in tab
    assert "Letter to the complainant posted" in words(client.get(f"/cases/{case.id}/timeline"))

    again = client.post(f"/queues/to-post/{contact.id}/posted")
    assert "not waiting to be posted" in words(client.get(again.location))


def test_a_failed_email_is_flagged_to_the_handler_who_can_post_it_instead(
    client, app, db, handler, smtp_server
):
    smtp_server.refuse = True
    app.config["MAIL_MAX_ATTEMPTS"] = 2
    case = complaint(db, handler, ContactMethod.EMAIL)
    write_letter(client, db, case)  # the first try is refused
    message = db.scalars(select(OutboxMessage)).one()
    db.refresh(message)
    assert (message.status, message.attempts) == (MailStatus.QUEUED, 1)
    assert "could not be sent" not in words(client.get(f"/cases/{case.id}"))
    settings = sending.MailSettings.from_config(app.config)
    assert sending.deliver(db, message.id, settings, message.next_attempt_at) == MailStatus.FAILED
    db.commit()

    overview = words(client.get(f"/cases/{case.id}"))
    assert (
        "Warning The email with the acknowledgement letter of "
        f"{london_today().day} {london_today():%B %Y} could not be sent to the complainant. "
        "Check their email address, and send the letter by post. Send it by post"
    ) in overview
    timeline = words(client.get(f"/cases/{case.id}/timeline"))
    assert "Acknowledgement letter emailed to the complainant: failed" in timeline
    assert "Try 1 failed (SMTPDataError 451); it will be tried again." in timeline
    assert "The email could not be sent after 2 tries." in timeline
    tab = words(client.get(f"/cases/{case.id}/correspondence"))
    assert "Email could not be sent" in tab

    # Someone who may not send the case's letters is not asked to act.
    aa = factories.user(db, Role.APPROPRIATE_AUTHORITY)
    db.commit()
    client.post("/sign-out")
    sign_in(client, aa.email)
    assert "could not be sent" not in words(client.get(f"/cases/{case.id}"))
    client.post("/sign-out")
    sign_in(client, handler.email)

    form = client.get(f"/cases/{case.id}/letters/undelivered")
    assert form.status_code == 200
    text = words(form)
    assert f"Emailed to {ADDRESS}" in text and "Tries 2 (last error: SMTPDataError 451)" in text
    contact = the_contact(db, case)
    db.refresh(case)
    sent = client.post(
        f"/cases/{case.id}/letters/undelivered",
        data={"version": str(case.version), "letter": str(contact.id)},
    )
    assert sent.status_code == 302
    assert "The letter is on the list of letters to post" in words(client.get(sent.location))
    assert "could not be sent to the complainant" not in words(client.get(f"/cases/{case.id}"))
    contact = the_contact(db, case)
    assert contact.method == ContactMethod.LETTER and contact.for_post
    assert case.reference in words(client.get("/queues/to-post"))
    timeline = words(client.get(f"/cases/{case.id}/timeline"))
    assert "to be posted instead, as its email could not be sent" in timeline


@pytest.mark.parametrize("letter", ["", "0", "x", "999999"])
def test_posting_instead_a_letter_that_did_not_fail_is_refused_on_the_form(
    client, db, handler, letter
):
    case = complaint(db, handler, ContactMethod.EMAIL)
    response = client.post(
        f"/cases/{case.id}/letters/undelivered",
        data={"version": str(case.version), "letter": letter},
    )
    assert response.status_code == 400
    text = words(response)
    assert "There is a problem" in text and "Choose a letter whose email could not be sent" in text


def test_no_one_sees_the_letters_of_cases_they_may_not_see(client, db, make_user):
    """Another force's letters, and a restricted case's for anyone not named on it, are not
    on the page, and cannot be marked posted: the answer is the same as for no letter."""
    other = factories.force(db, code="SOU", name="Southshire Police")
    ours, theirs = make_user(Role.HANDLER), make_user(Role.HANDLER, forces=(other.id,))
    aa = make_user(Role.APPROPRIATE_AUTHORITY)
    reader = make_user(Role.APPROPRIATE_AUTHORITY)  # of our force, not named
    open_case = complaint(db, ours, None)
    hidden = complaint(db, ours, None)
    elsewhere = factories.complaint(db, handler=theirs, force_id=other.id, now=utcnow())
    db.commit()
    for user, case in ((ours, open_case), (ours, hidden), (theirs, elsewhere)):
        sign_in(client, user.email)
        assert write_letter(client, db, case).status_code == 302
        client.post("/sign-out")
    db.refresh(hidden)
    restrict(db, factories.actor_for(aa), hidden, "Counter-corruption material", utcnow())
    db.commit()

    sign_in(client, reader.email)
    text = words(client.get("/queues/to-post"))
    assert open_case.reference in text
    assert hidden.reference not in text and elsewhere.reference not in text
    assert "Showing 1 to 1 of 1 letter" in text
    for case in (hidden, elsewhere):
        contact = the_contact(db, case)
        assert client.post(f"/queues/to-post/{contact.id}/posted").status_code == 404
        assert the_contact(db, case).posted_at is None
    missing = client.post("/queues/to-post/999999/posted")
    assert missing.status_code == 404
    client.post("/sign-out")

    sign_in(client, ours.email)  # named on the restricted case as its handler
    text = words(client.get("/queues/to-post"))
    assert hidden.reference in text and "Restricted" in text
    assert elsewhere.reference not in text
    client.post("/sign-out")

    sign_in(client, theirs.email)
    text = words(client.get("/queues/to-post"))
    assert elsewhere.reference in text
    assert open_case.reference not in text and hidden.reference not in text


def test_the_queue_tabs_offer_the_list_to_the_psd(client, handler):
    assert 'href="/queues/to-post"' in page(client.get("/queues/mine"))


def test_a_longer_list_costs_no_more_statements(client, db, handler, statements):
    def letters(how_many: int) -> None:
        for _ in range(how_many):
            writer = factories.user(db, Role.HANDLER)  # a different writer for each letter
            case = complaint(db, writer, None)
            client.post("/sign-out")
            sign_in(client, writer.email)
            write_letter(client, db, case)
        client.post("/sign-out")
        sign_in(client, handler.email)

    def count() -> int:
        statements.clear()
        assert client.get("/queues/to-post").status_code == 200
        return len(statements)

    letters(2)
    short = count()
    letters(6)
    assert count() == short
