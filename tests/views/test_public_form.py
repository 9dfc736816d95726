"""The public complaint form as a member of the public uses it: no sign-in, one question a
page, answers kept on the server through errors and the back button, "Check your
answers" with change links, then a reference by email; a program filling it in, or a
flood from one address, gets nowhere."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from complaints.auth.roles import Role
from complaints.common.audit_model import AuditEvent
from complaints.common.clock import utcnow
from complaints.public.models import FormDraft, OnlineSubmission, SubmissionStatus

ANSWERS = {
    "who": {"for_whom": "myself"},
    "you": {"title": "Dr", "given_name": "Zoë", "family_name": "Łukasiewicz"},
    "contact": {"email": "zoe@example.org", "contact_by": "email", "postcode": "nt1 1aa"},
    "what": {"what_happened": "An officer shouted at me at the station counter."},
    "when": {"incident_on": "2/11/2026", "place": "Northtown station"},
    "involved": {"involved": "PC with collar number 1234"},
    "files": {},
    "outcome": {"wanted_outcome": "An apology."},
    "before": {"complained_before": "no"},
    "needs": {"needs": ""},
    "equality": {"age_band": "", "ethnicity": ""},
}


def text(response) -> str:
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


def start(client):
    response = client.post("/complain")
    assert response.status_code == 302
    return response.location


def answer_all(client, **changes):
    start(client)
    for slug, answers in ANSWERS.items():
        response = client.post(f"/complain/{slug}", data={**answers, **changes.get(slug, {})})
        assert response.status_code == 302, (slug, text(response)[:3000])
    return response


def test_the_form_asks_one_thing_a_page_and_sends_a_reference(client, db, smtp_server):
    assert "Make a complaint about the police" in text(client.get("/complain"))
    assert start(client).endswith("/complain/who")
    for slug, answers in ANSWERS.items():
        page = client.get(f"/complain/{slug}")
        assert page.status_code == 200
        response = client.post(f"/complain/{slug}", data=answers)
        assert response.status_code == 302, slug
    assert response.location.endswith("/complain/check")
    check = text(client.get("/complain/check"))
    for shown in ("Dr Zoë Łukasiewicz", "zoe@example.org", "2 November 2026", "An apology."):
        assert shown in check
    assert 'href="/complain/what?change=1"' in check

    sent = client.post("/complain/check")
    assert sent.location.endswith("/complain/sent")
    confirmation = text(client.get(sent.location))
    submission = db.scalars(select(OnlineSubmission)).one()
    assert submission.reference in confirmation and "Complaint sent" in confirmation
    assert submission.status == SubmissionStatus.NEW
    assert (submission.given_name, submission.family_name) == ("Zoë", "Łukasiewicz")
    assert submission.postcode == "NT1 1AA"
    assert submission.answers["what_happened"].startswith("An officer shouted")
    (mail,) = smtp_server.received
    assert mail.recipients == ["zoe@example.org"]
    body = mail.message.get_body(("plain",)).get_content()
    assert submission.reference in body and "Dear Zoë Łukasiewicz," in body
    assert db.scalar(select(func.count()).select_from(FormDraft)) == 0  # nothing left behind


def test_a_change_from_check_your_answers_comes_back_to_it(client, db):
    answer_all(client)
    response = client.post(
        "/complain/what?change=1", data={"what_happened": "Changed: I was pushed."}
    )
    assert response.location.endswith("/complain/check")
    assert "Changed: I was pushed." in text(client.get("/complain/check"))


def test_an_error_keeps_the_answer_and_says_what_to_do(client):
    start(client)
    client.post("/complain/who", data={"for_whom": "myself"})
    response = client.post(
        "/complain/contact", data={"contact_by": "email", "phone": "01632 960000"}
    )
    assert response.status_code == 400
    page = text(response)
    assert "There is a problem" in page
    assert "Enter an email address so that we can contact you that way" in page
    assert 'value="01632 960000"' in page


def test_going_back_shows_what_was_answered(client):
    start(client)
    client.post("/complain/who", data={"for_whom": "someone_else"})
    client.post("/complain/you", data={"given_name": "Sam", "family_name": "Carer"})
    page = text(client.get("/complain/you"))
    assert 'value="Sam"' in page and 'value="Carer"' in page
    # Complaining for someone else asks about them, with their agreement.
    them = client.get("/complain/them")
    assert them.status_code == 200
    refused = client.post(
        "/complain/them", data={"their_given_name": "Ali", "their_family_name": "Khan"}
    )
    assert "You need their agreement to complain for them" in text(refused)


def test_the_form_cannot_be_sent_with_a_page_unanswered(client, db):
    start(client)
    client.post("/complain/who", data={"for_whom": "myself"})
    response = client.get("/complain/check")
    assert response.location.endswith("/complain/you")
    assert client.post("/complain/check").location.endswith("/complain/you")
    assert db.scalar(select(func.count()).select_from(OnlineSubmission)) == 0


def test_without_a_form_started_the_pages_send_you_to_the_start(client):
    assert client.get("/complain/what").location.endswith("/complain")
    assert client.get("/complain/check").location.endswith("/complain")
    assert client.get("/complain/sent").status_code == 404


def test_a_program_that_fills_the_hidden_box_sends_nothing(client, db, smtp_server):
    answer_all(client, who={"website": "http://spam.example"})
    response = client.post("/complain/check")
    assert response.location.endswith("/complain/sent")  # told nothing it can use
    assert db.scalar(select(func.count()).select_from(OnlineSubmission)) == 0
    assert smtp_server.received == []
    refused = db.scalars(select(AuditEvent).where(AuditEvent.entity_type == "public_form")).all()
    assert [e.summary for e in refused] == ["automated"]
    assert refused[0].source == "127.0.0.1"


def test_a_form_sent_faster_than_a_person_could_is_dropped(app, client, db):
    app.config["PUBLIC_FORM_MIN_SECONDS"] = 600
    answer_all(client)
    client.post("/complain/check")
    assert db.scalar(select(func.count()).select_from(OnlineSubmission)) == 0


@pytest.mark.usefixtures("db")
def test_one_address_is_stopped_after_too_many_complaints(app, client):
    app.extensions["complaints.throttle"].limits["public_send"] = app.extensions[
        "complaints.throttle"
    ].limits["public_send"][:1]
    for _ in range(3):
        answer_all(client)
        assert client.post("/complain/check").status_code == 302
    answer_all(client)
    limited = client.post("/complain/check")
    assert limited.status_code == 429
    assert "Too many attempts" in text(limited)


PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64


def test_files_are_checked_kept_and_listed(client, db):
    import io

    start(client)
    client.post("/complain/who", data={"for_whom": "myself"})
    added = client.post(
        "/complain/files",
        data={"file": (io.BytesIO(PNG), "counter.png"), "add": "y"},
        content_type="multipart/form-data",
    )
    assert added.location.endswith("/complain/files")
    page = text(client.get("/complain/files"))
    assert "counter.png" in page and "Remove" in page
    refused = client.post(
        "/complain/files",
        data={"file": (io.BytesIO(b"MZ\x90\x00"), "run-me.exe"), "add": "y"},
        content_type="multipart/form-data",
    )
    assert refused.status_code == 400
    assert "The selected file must be a PDF" in text(refused)
    fake = client.post(
        "/complain/files",
        data={"file": (io.BytesIO(b"not a picture"), "photo.jpg"), "add": "y"},
        content_type="multipart/form-data",
    )
    assert "not a real .jpg file" in text(fake)
    removed = client.post("/complain/files", data={"remove": "0"})
    assert removed.location.endswith("/complain/files")
    assert "counter.png" not in text(client.get("/complain/files"))


def test_the_files_reach_the_case_when_it_is_logged(app, client, db, make_user):
    import io

    from complaints.documents.models import Attachment
    from complaints.public import triage
    from complaints.public.models import OnlineSubmission as Submission
    from tests import factories

    start(client)
    for slug, answers in ANSWERS.items():
        if slug == "files":
            client.post(
                "/complain/files",
                data={"file": (io.BytesIO(PNG), "counter.png")},
                content_type="multipart/form-data",
            )
            continue
        client.post(f"/complain/{slug}", data=answers)
    assert "counter.png" in text(client.get("/complain/check"))
    client.post("/complain/check")
    submission = db.scalars(select(Submission)).one()
    assert [f["name"] for f in submission.answers["files"]] == ["counter.png"]

    handler = make_user(Role.HANDLER)
    case = factories.complaint(db, handler=handler)
    from complaints.documents.services import store_for

    triage.mark_logged(
        db, factories.actor_for(handler), submission, case, store_for(app.config), utcnow()
    )
    db.commit()
    (filed,) = db.scalars(select(Attachment).where(Attachment.case_id == case.id)).all()
    assert filed.filename == "counter.png" and submission.reference in filed.description
