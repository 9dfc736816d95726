"""An issued letter as accessible HTML: the same words as its PDF, read by whoever may
read the PDF, audited as its download is, downloaded as a file of its own, and emailed to
the person it was written to."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from sqlalchemy import select

from complaints.auth.roles import Role
from complaints.cases.choices import CaseState
from complaints.cases.models import Contact
from complaints.common.audit_model import AuditEvent
from complaints.common.clock import london_today, utcnow
from complaints.mail.models import OutboxMessage
from complaints.reviews.models import ReviewBody
from tests import factories
from tests.conftest import sign_in as _sign_in
from tests.readback import pdf_text


def _flat(text: str) -> str:
    return " ".join(text.split())


def _words(markup: str) -> str:
    """A page's text as a reader hears it: tags gone, entities read, spaces collapsed."""
    body = markup[markup.index("<main") :] if "<main" in markup else markup
    body = re.sub(r"</?strong>", "", body)  # bold runs are words within a paragraph
    return _flat(html.unescape(re.sub(r"<[^>]+>", " ", body)))


@pytest.fixture()
def handler(login_as):
    return login_as(Role.HANDLER, name="Hana Handler")


def _issue(client, db, case, kind: str, **data) -> Contact:
    response = client.post(
        f"/cases/{case.id}/letters/new", data={"version": str(case.version), "kind": kind, **data}
    )
    assert response.status_code == 302
    return db.scalars(
        select(Contact).where(Contact.case_id == case.id, Contact.attachment_id.is_not(None))
    ).one()


def test_the_html_version_says_what_the_pdf_says(client, db, handler):
    aa = factories.user(db, Role.APPROPRIATE_AUTHORITY)
    case = factories.complaint_in_state(
        db, CaseState.OUTCOME_NOTIFIED, handler=handler, aa=aa, now=utcnow() - dt.timedelta(days=2)
    )
    case.review_body = ReviewBody.OPCC
    db.commit()
    contact = _issue(client, db, case, "outcome", explanation="We looked at the CCTV & notes.")
    assert contact.letter_words is not None

    listed = client.get(f"/cases/{case.id}/correspondence").get_data(as_text=True)
    url = f"/cases/{case.id}/letters/{contact.id}"
    assert f'href="{url}"' in listed
    page = client.get(url)
    assert page.status_code == 200
    shown = _words(page.get_data(as_text=True))
    letter = _flat(pdf_text(client.get(f"/cases/{case.id}/documents/{contact.attachment_id}").data))
    # Every paragraph of the PDF is on the page, word for word, in the same order.
    head, blocks = contact.letter_words["head"], contact.letter_words["blocks"]
    assert len(blocks) > 4
    at = 0
    for _style, text in blocks:
        words = _flat(text.replace("**", ""))
        assert words in letter
        at = shown.index(words, at)
    for line in (*head["recipient"], f"Our reference: {case.reference}", "Yours sincerely,"):
        assert line in letter and line in shown
    assert "We looked at the CCTV & notes." in shown

    file = client.get(f"{url}/letter.html")
    assert file.status_code == 200 and file.mimetype == "text/html"
    assert "attachment" in file.headers["Content-Disposition"]
    assert file.headers["Content-Disposition"].endswith('.html"')
    document = file.get_data(as_text=True)
    assert document.startswith("<!DOCTYPE html>") and '<html lang="en-GB">' in document
    assert "<script" not in document and "<link" not in document
    assert f"<h1>{head['title']}</h1>" in document
    assert _flat(blocks[-1][1].replace("**", "")) in _words(document)

    opened = db.scalars(
        select(AuditEvent).where(
            AuditEvent.entity_type == "attachments",
            AuditEvent.entity_id == contact.attachment_id,
            AuditEvent.action == "download",
        )
    ).all()
    assert sum("as HTML" in (e.summary or "") for e in opened) == 2


def test_the_html_version_is_emailed_to_the_person_written_to(client, db, handler):
    case = factories.complaint(
        db, handler=handler, received_on=london_today() - dt.timedelta(days=5), now=utcnow()
    )
    case.complainants[0].email = "jo@example.org"
    db.commit()
    contact = _issue(client, db, case, "acknowledgement")
    url = f"/cases/{case.id}/letters/{contact.id}"
    assert "jo@example.org" in client.get(url).get_data(as_text=True)
    sent = client.post(f"{url}/send-html", data={})
    assert sent.status_code == 302 and sent.location.endswith(url)
    message = db.scalars(select(OutboxMessage).where(OutboxMessage.kind == "letter_html")).one()
    assert message.to_address == "jo@example.org"
    assert message.attachment_name.endswith(".html")
    assert b"<!DOCTYPE html>" in message.attachment
    assert case.reference in message.subject
    assert "The HTML version will be emailed to jo@example.org" in client.get(url).get_data(
        as_text=True
    )


def test_only_those_who_may_read_the_pdf_open_the_html_version(client, db, handler):
    case = factories.complaint(
        db, handler=handler, received_on=london_today() - dt.timedelta(days=5), now=utcnow()
    )
    db.commit()
    contact = _issue(client, db, case, "acknowledgement")
    url = f"/cases/{case.id}/letters/{contact.id}"
    # A letter issued before HTML versions were kept has none to open.
    contact.letter_words = None
    db.commit()
    assert client.get(url).status_code == 404
    board = factories.user(db, Role.BOARD_MEMBER)
    db.commit()
    client.post("/sign-out")
    _sign_in(client, board.email)
    assert client.get(url).status_code == 403
