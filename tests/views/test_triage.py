"""A handler triages complaints sent online, each beside the cases it may match: one is
logged as a new case (received on the day it was sent), one is added to the case it is
about, one is recorded as not a complaint; each person gets the email that says so."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import select

from complaints.auth.roles import Role
from complaints.cases.choices import Channel
from complaints.cases.models import Case, Note
from complaints.common.clock import london_date
from complaints.forces.models import FIRST_FORCE_ID
from complaints.public.forms import FORMS
from complaints.public.models import NotAComplaint, OnlineSubmission, SubmissionStatus
from complaints.public.questions import QUESTIONS
from tests import factories
from tests.conftest import sign_in

SENT = dt.datetime(2026, 11, 30, 21, 30, tzinfo=dt.UTC)


def text(response) -> str:
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


def sent_online(db, given: str, family: str, email: str, **answers) -> OnlineSubmission:
    incident = answers.get("incident_on")
    submission = OnlineSubmission(
        force_id=FIRST_FORCE_ID,
        reference=f"WEB-{family[:4].upper():X<4}-TEST",
        status=SubmissionStatus.NEW,
        received_at=SENT,
        answers={
            "for_whom": "myself",
            "given_name": given,
            "family_name": family,
            "email": email,
            "contact_by": "email",
            "what_happened": "An officer was rude to me at the front counter.",
            **answers,
        },
        given_name=given,
        family_name=family,
        email=email,
        incident_on=dt.date.fromisoformat(incident) if incident else None,
    )
    db.add(submission)
    db.commit()
    return submission


@pytest.fixture()
def handler(client, db):
    user = factories.user(db, Role.HANDLER, name="Hana Handler")
    db.commit()
    sign_in(client, user.email)
    return user


def test_every_question_page_has_its_form():
    assert [q.slug for q in QUESTIONS] == list(FORMS)


def test_three_submissions_triaged_three_ways(client, db, handler, smtp_server):
    existing = factories.complaint(db, handler=handler, complainant=("Priya", "Shah"))
    existing.complainants[0].email = "priya@example.org"
    db.commit()
    new = sent_online(db, "Zoë", "Łukasiewicz", "zoe@example.org", incident_on="2026-11-28")
    again = sent_online(db, "Priya", "Shah", "priya@example.org")
    not_one = sent_online(db, "Sam", "Needs", "sam@example.org")

    queue = text(client.get("/submissions"))
    for submission in (new, again, not_one):
        assert submission.reference in queue

    # 1. Logged as a new case, from the new-case form filled in with what was sent.
    form = client.get(f"/cases/new?submission={new.id}")
    page = text(form)
    assert 'value="Zoë"' in page and 'value="Łukasiewicz"' in page
    assert 'value="30/11/2026"' in page  # received on the day it was sent (London)
    logged = client.post(
        f"/cases/new?submission={new.id}",
        data={
            "case_type": "complaint",
            "received_on": "30/11/2026",
            "channel": "online",
            "summary": "An officer was rude to me at the front counter.",
            "given_name": "Zoë",
            "family_name": "Łukasiewicz",
            "email": "zoe@example.org",
            "contact_preference": "email",
            "matches_checked": "y",
        },
    )
    assert logged.status_code == 302, text(logged)[:2000]
    db.expire_all()
    new = db.get(OnlineSubmission, new.id)
    case = db.get(Case, new.case_id)
    assert new.status == SubmissionStatus.LOGGED and new.decided_by_id == handler.id
    assert case.received_on == london_date(SENT) and case.channel == Channel.ONLINE

    # 2. Added to the case it is about, which is shown as a possible match.
    detail = text(client.get(f"/submissions/{again.id}"))
    assert existing.reference in detail
    added = client.post(
        f"/submissions/{again.id}",
        data={"add-reference": existing.reference, "add-version": "1", "add-add": "y"},
    )
    assert added.status_code == 302, text(added)[:3000]
    notes = db.scalars(select(Note).where(Note.case_id == existing.id)).all()
    assert any(again.reference in n.body and "front counter" in n.body for n in notes)

    # 3. Not a complaint: a request for a service.
    rejected = client.post(
        f"/submissions/{not_one.id}",
        data={
            "reject-reason": NotAComplaint.SERVICE_REQUEST.value,
            "reject-note": "To report a lost phone, call 101.",
            "reject-version": "1",
            "reject-reject": "y",
        },
    )
    assert rejected.status_code == 302
    db.expire_all()
    assert db.get(OnlineSubmission, not_one.id).status == SubmissionStatus.NOT_A_COMPLAINT
    assert "No complaints sent online are waiting" in text(client.get("/submissions"))

    mail = {
        r.recipients[0]: r.message.get_body(("plain",)).get_content() for r in smtp_server.received
    }
    assert case.reference in mail["zoe@example.org"]
    assert "We have logged the complaint you sent us online" in mail["zoe@example.org"]
    assert existing.reference in mail["priya@example.org"]
    assert "already dealing with" in mail["priya@example.org"]
    assert "asks the police for a service" in mail["sam@example.org"]
    assert "call 101" in mail["sam@example.org"]


def test_spam_is_recorded_and_nobody_is_written_to(client, db, handler, smtp_server):
    spam = sent_online(db, "Buy", "Pills", "pills@spam.example")
    client.post(
        f"/submissions/{spam.id}",
        data={"reject-reason": "spam", "reject-version": "1", "reject-reject": "y"},
    )
    db.expire_all()
    assert db.get(OnlineSubmission, spam.id).not_a_complaint == NotAComplaint.SPAM
    assert smtp_server.received == []


def test_a_submission_is_decided_once(client, db, handler):
    submission = sent_online(db, "Ann", "Twice", "ann@example.org")
    data = {"reject-reason": "duplicate", "reject-version": "1", "reject-reject": "y"}
    assert client.post(f"/submissions/{submission.id}", data=data).status_code == 302
    again = client.post(f"/submissions/{submission.id}", data=data)
    assert again.status_code == 400
    assert "Someone else dealt with this submission meanwhile" in text(again)


def test_adding_to_a_case_needs_one_the_handler_can_see(client, db, handler):
    submission = sent_online(db, "Kim", "Lost", "kim@example.org")
    refused = client.post(
        f"/submissions/{submission.id}",
        data={"add-reference": "CO/2026/99999", "add-version": "1", "add-add": "y"},
    )
    assert refused.status_code == 400
    assert "Enter the reference of a case you can see" in text(refused)


def test_other_forces_and_other_roles_do_not_see_submissions(client, db, make_user):
    other = factories.force(db, code="OTH", name="Other Police")
    submission = sent_online(db, "Lee", "Private", "lee@example.org")
    board = make_user(Role.BOARD_MEMBER)
    sign_in(client, board.email)
    assert client.get("/submissions").status_code == 403
    assert client.get(f"/submissions/{submission.id}").status_code == 403
    handler = make_user(Role.HANDLER, forces=(other.id,))
    client.post("/sign-out")
    sign_in(client, handler.email)
    assert client.get(f"/submissions/{submission.id}").status_code == 404
    assert submission.reference not in text(client.get("/submissions"))


def test_viewing_a_submission_is_audited(client, db, handler):
    from complaints.common.audit_model import AuditEvent

    submission = sent_online(db, "Vi", "Ewed", "vi@example.org")
    client.get(f"/submissions/{submission.id}")
    events = db.scalars(
        select(AuditEvent).where(
            AuditEvent.entity_type == "online_submissions", AuditEvent.action == "view"
        )
    ).all()
    assert [e.actor_id for e in events] == [handler.id]


def test_a_submission_is_matched_by_phone_number(client, db, handler):
    existing = factories.complaint(db, handler=handler, complainant=("Kit", "Different"))
    existing.complainants[0].phone = "01632 960 123"
    db.commit()
    submission = sent_online(db, "Christopher", "Other", "kit@example.org", phone="01632960123")
    page = text(client.get(f"/submissions/{submission.id}"))
    assert existing.reference in page and "Complainant with the same phone number" in page
