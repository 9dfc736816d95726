"""Track my complaint: a complainant asks for a link with their reference and email, opens
it once, and sees their own complaint in public words with their letters; nobody learns
from the page whether a pair matched, no link opens another case, and nothing internal
shows."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import select

from complaints.auth.roles import Role
from complaints.cases import correspondence
from complaints.cases.choices import CaseState
from complaints.cases.letters import LetterKind
from complaints.cases.models import Note
from complaints.common.audit_model import AuditEvent
from complaints.common.clock import utcnow
from complaints.documents.storage import FileStore
from complaints.public.models import TrackingLink
from tests import factories
from tests.readback import pdf_text

EMAIL = "jo.public@example.org"  # the factories' complainant's address


def text(response) -> str:
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


@pytest.fixture()
def handler(db):
    user = factories.user(db, Role.HANDLER, name="Hana Handler")
    db.commit()
    return user


@pytest.fixture()
def case(app, db, handler):
    made = factories.complaint(db, handler=handler, now=utcnow())
    correspondence.send_letter(
        db,
        factories.actor_for(handler),
        made,
        LetterKind.ACKNOWLEDGEMENT,
        FileStore(app.config["FILES_DIR"]),
        utcnow(),
    )
    db.add(Note(case_id=made.id, body="Internal: check the notebook", created_at=utcnow()))
    db.commit()
    return made


def link_from(smtp_server) -> str:
    body = smtp_server.received[-1].message.get_body(("plain",)).get_content()
    return re.search(r"http://localhost(/track/link/\S+)", body).group(1)


def ask(client, reference: str, email: str = EMAIL):
    return client.post("/track", data={"reference": reference, "email": email})


def test_a_complainant_follows_their_complaint_in_public_words(client, db, case, smtp_server):
    asked = ask(client, case.reference)
    assert asked.status_code == 200 and "Check your email" in text(asked)
    link = link_from(smtp_server)
    opened = client.get(link)
    assert opened.location.endswith("/track/complaint")
    page = text(client.get("/track/complaint"))
    assert "We are looking at your complaint" in page  # logged, in A9's words
    assert "Professional Standards Department" in page
    assert "We received your complaint" in page
    assert "Acknowledgement letter" in page
    for internal in ("Hana Handler", "Logged", "logged", "notebook", "Stone", "Swore"):
        assert internal not in page, internal
    letter_id = re.search(r"/track/letters/(\d+)", page).group(1)
    download = client.get(f"/track/letters/{letter_id}")
    assert download.status_code == 200 and download.mimetype == "application/pdf"
    # The same letter as a web page, for a screen reader: its words, as the PDF's.
    assert f"/track/letters/{letter_id}/html" in page
    accessible = client.get(f"/track/letters/{letter_id}/html")
    assert accessible.status_code == 200 and accessible.mimetype == "text/html"
    words = accessible.get_data(as_text=True)
    assert '<html lang="en-GB">' in words and case.reference in words
    assert "Dear " in words and "Dear " in pdf_text(download.data)
    views = db.scalars(
        select(AuditEvent).where(AuditEvent.case_id == case.id, AuditEvent.action == "view")
    ).all()
    assert any(e.summary == "track my complaint" and e.source == "127.0.0.1" for e in views)


def test_a_wrong_pair_gets_the_same_answer_and_no_email(client, db, case, smtp_server):
    right = text(ask(client, case.reference))
    wrong_email = text(ask(client, case.reference, "someone.else@example.org"))
    wrong_reference = text(ask(client, "CO/2026/99999"))

    def strip(page: str) -> str:  # the per-request nonce and token differ anyway
        page = re.sub(r'nonce="[^"]*"', "", page)
        return re.sub(r'name="csrf_token" value="[^"]*"', "", page)

    assert strip(right) == strip(wrong_email) == strip(wrong_reference)
    assert len(smtp_server.received) == 1


def test_a_link_works_once_and_not_after_30_minutes(client, db, case, smtp_server):
    ask(client, case.reference)
    link = link_from(smtp_server)
    assert client.get(link).status_code == 302
    again = client.get(link)
    assert again.status_code == 400 and "has expired or has already been used" in text(again)

    ask(client, case.reference)
    late = link_from(smtp_server)
    for row in db.scalars(select(TrackingLink).where(TrackingLink.used_at.is_(None))):
        row.expires_at = utcnow() - dt.timedelta(seconds=1)
    db.commit()
    assert client.get(late).status_code == 400


def test_a_link_for_one_case_never_opens_another(client, db, app, case, handler, smtp_server):
    other = factories.complaint(db, handler=handler, complainant=("Ali", "Khan"), now=utcnow())
    correspondence.send_letter(
        db,
        factories.actor_for(handler),
        other,
        LetterKind.ACKNOWLEDGEMENT,
        FileStore(app.config["FILES_DIR"]),
        utcnow(),
    )
    db.commit()
    ask(client, case.reference)
    client.get(link_from(smtp_server))
    page = text(client.get("/track/complaint"))
    assert case.reference in page and other.reference not in page
    theirs = other.contacts[-1].attachment_id
    assert client.get(f"/track/letters/{theirs}").status_code == 404
    assert client.get(f"/track/letters/{theirs}/html").status_code == 404


def test_without_a_link_there_is_nothing_to_see(client):
    assert client.get("/track/complaint").location.endswith("/track?ended=1")
    assert client.get("/track/letters/1").location.endswith("/track?ended=1")


def test_what_they_add_reaches_the_handler_as_a_note(client, db, case, smtp_server):
    ask(client, case.reference)
    client.get(link_from(smtp_server))
    response = client.post("/track/complaint", data={"information": "I found a witness."})
    assert response.location.endswith("/track/complaint?done=added")
    notes = db.scalars(select(Note).where(Note.case_id == case.id)).all()
    assert any("I found a witness." in n.body for n in notes)
    empty = client.post("/track/complaint", data={"information": "  "})
    assert empty.status_code == 400 and "Enter what you want to tell us" in text(empty)


def test_link_requests_are_limited_per_address(app, client, case):
    throttle = app.extensions["complaints.throttle"]
    throttle.limits["tracking"] = throttle.limits["tracking"][:1]
    for _ in range(10):
        assert ask(client, case.reference).status_code == 200
    assert ask(client, case.reference).status_code == 429


def test_the_review_window_is_told_after_the_outcome(client, db, handler, smtp_server):
    aa = factories.user(db, Role.APPROPRIATE_AUTHORITY)
    notified = factories.complaint_in_state(db, CaseState.OUTCOME_NOTIFIED, handler=handler, aa=aa)
    db.commit()
    ask(client, notified.reference)
    client.get(link_from(smtp_server))
    page = text(client.get("/track/complaint"))
    assert "We have written to you with the outcome" in page
    assert "The last day to ask is" in page


def signed_in(client, case, smtp_server) -> None:
    ask(client, case.reference)
    client.get(link_from(smtp_server))


def test_the_complainant_changes_how_we_contact_them(client, db, case, smtp_server):
    from complaints.cases.choices import ContactMethod

    signed_in(client, case, smtp_server)
    response = client.post("/track/contact-preference", data={"contact_by": "phone"})
    assert response.location.endswith("/track/complaint?done=contact")
    db.expire_all()
    assert case.complainants[0].contact_preference == ContactMethod.PHONE
    changed = db.scalars(
        select(AuditEvent).where(
            AuditEvent.entity_type == "complainants", AuditEvent.action == "update"
        )
    ).all()
    assert changed and changed[-1].source == "127.0.0.1"
    refused = client.post("/track/contact-preference", data={"contact_by": "carrier pigeon"})
    assert refused.status_code == 400


def test_asking_to_withdraw_reaches_the_handler(client, db, case, smtp_server):
    signed_in(client, case, smtp_server)
    response = client.post("/track/withdraw", data={"reason": "It was sorted out."})
    assert response.location.endswith("/track/complaint?done=withdraw")
    notes = db.scalars(select(Note).where(Note.case_id == case.id)).all()
    assert any("asked through Track my complaint to withdraw" in n.body for n in notes)
    db.expire_all()
    assert case.state == CaseState.LOGGED  # withdrawn only once a signed notice is recorded


def test_a_review_asked_for_online_reaches_the_opcc_queue(client, db, handler, smtp_server):
    from complaints.reviews.models import Review, ReviewBody

    aa = factories.user(db, Role.APPROPRIATE_AUTHORITY)
    reviewer = factories.user(db, Role.OPCC_REVIEWER, name="Rhea Reviewer")
    notified = factories.complaint_in_state(
        db, CaseState.OUTCOME_NOTIFIED, handler=handler, aa=aa, now=utcnow()
    )
    notified.review_body = ReviewBody.OPCC
    db.commit()
    signed_in(client, notified, smtp_server)
    page = text(client.get("/track/complaint"))
    assert "Ask for a review" in page
    empty = client.post("/track/review", data={"grounds": ""})
    assert empty.status_code == 400
    assert "Tell us why you are not satisfied with the outcome" in text(empty)

    asked = client.post("/track/review", data={"grounds": "Nobody looked at the CCTV."})
    assert asked.location.endswith("/track/complaint?done=review")
    db.expire_all()
    review = db.scalars(select(Review).where(Review.case_id == notified.id)).one()
    assert (review.body, review.received_by) == (ReviewBody.OPCC, ReviewBody.OPCC)
    assert db.get(type(notified), notified.id).state == CaseState.UNDER_REVIEW
    notes = db.scalars(select(Note).where(Note.case_id == notified.id)).all()
    assert any("Nobody looked at the CCTV." in n.body for n in notes)
    assert "Your review is being considered by" in text(client.get("/track/complaint"))

    client.post("/track/sign-out")
    from tests.conftest import sign_in as staff_sign_in

    staff_sign_in(client, reviewer.email)
    assert notified.reference in text(client.get("/reviews"))


def test_a_complainant_can_act_only_on_their_own_case():
    from complaints.auth.permissions import Permission, can
    from complaints.common.actor import Actor

    class Case:
        id = 7

    mine, theirs = Case(), Case()
    theirs.id = 8
    me = Actor.complainant(7, "127.0.0.1")
    assert can(me, Permission.APPLY_FOR_REVIEW, mine)
    assert not can(me, Permission.APPLY_FOR_REVIEW, theirs)
    assert not can(me, Permission.APPLY_FOR_REVIEW)
    for permission in Permission:
        if permission != Permission.APPLY_FOR_REVIEW:
            assert not can(me, permission, mine), permission


def test_a_file_they_send_is_filed_with_the_case(client, db, case, smtp_server):
    import io

    from complaints.documents.models import Attachment, AttachmentKind

    signed_in(client, case, smtp_server)
    png = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
    sent = client.post(
        "/track/complaint",
        data={"information": "A photo of my door.", "file": (io.BytesIO(png), "door.png")},
        content_type="multipart/form-data",
    )
    assert sent.location.endswith("/track/complaint?done=added")
    filed = db.scalars(
        select(Attachment).where(
            Attachment.case_id == case.id, Attachment.kind == AttachmentKind.EVIDENCE
        )
    ).all()
    assert [a.filename for a in filed] == ["door.png"]
    refused = client.post(
        "/track/complaint",
        data={"file": (io.BytesIO(b"MZ"), "run.exe")},
        content_type="multipart/form-data",
    )
    assert refused.status_code == 400 and "The selected file must be a PDF" in text(refused)


def test_a_restricted_case_shows_only_what_its_letters_said(client, db, handler, smtp_server):
    aa = factories.user(db, Role.APPROPRIATE_AUTHORITY)
    restricted = factories.complaint_in_state(
        db, CaseState.RECORDED, handler=handler, aa=aa, now=utcnow()
    )
    restricted.restricted = True
    db.commit()
    ask(client, restricted.reference)
    client.get(link_from(smtp_server))
    page = text(client.get("/track/complaint"))
    assert "Your complaint is being dealt with" in page
    assert "We received your complaint" in page
    assert "We recorded your complaint" not in page
    assert "We will write to you when there is news." in page
