"""Subject access pages as the appropriate authority uses them: find the person's
records, open the request, gather, redact, download both copies (audited) and record the
copy as sent; an appropriate authority of another force finds no such request."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

import pytest
from pypdf import PdfReader
from sqlalchemy import select

from complaints.access.models import AccessRequest, Redaction, RequestState
from complaints.auth.roles import Role
from complaints.cases import services as cases
from complaints.common.audit_model import AuditEvent
from complaints.common.clock import london_today
from tests import factories
from tests.conftest import sign_in


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))


def day(d: dt.date) -> str:
    return f"{d.day}/{d.month}/{d.year}"


def pdf_text(zipped: bytes) -> str:
    parts = []
    with zipfile.ZipFile(io.BytesIO(zipped)) as archive:
        for name in archive.namelist():
            if name.endswith(".pdf"):
                reader = PdfReader(io.BytesIO(archive.read(name)))
                parts += [page.extract_text() or "" for page in reader.pages]
    return " ".join(" ".join(parts).split())


@pytest.fixture()
def cases_of_alex(db):
    first = factories.complaint(db, complainant=("Alex", "Rivers"), summary="Stopped on Mill St")
    handler = factories.actor_for(factories.user(db, Role.HANDLER))
    cases.add_complainant(
        db, handler, first, cases.ComplainantData(given_name="Tamsin", family_name="Thirdparty")
    )
    cases.add_note(db, handler, first, "Tamsin Thirdparty saw it too.", factories.NOW)
    second = factories.complaint(db, complainant=("Alex", "Rivers"), summary="Rude on the phone")
    other = factories.complaint(db, complainant=("Una", "Related"), summary="Parking at the depot")
    db.commit()
    return first, second, other


def test_the_appropriate_authority_answers_a_request_from_start_to_finish(
    client, db, aa, cases_of_alex
):
    first, second, other = cases_of_alex
    found = client.get("/subject-access/new?kind=complainant&words=rivers")
    assert found.status_code == 200
    page = text(found)
    assert first.reference in page and second.reference in page
    assert other.reference not in page
    received = london_today() - dt.timedelta(days=3)
    opened = client.post(
        "/subject-access/new?kind=complainant&words=rivers",
        data={
            "person_name": "Alex Rivers",
            "received_on": day(received),
            "records": [str(first.complainants[0].id), str(second.complainants[0].id)],
        },
    )
    assert opened.status_code == 302
    request = db.scalars(select(AccessRequest)).one()
    assert len(request.records) == 2
    url = f"/subject-access/{request.id}"
    assert "Gather everything held" in text(client.get(url))

    assert client.post(f"{url}/assemble").status_code == 302
    page = text(client.get(url))
    assert "Tamsin Thirdparty" in page and "Suggested by the service" in page
    assert "Una" not in page

    missing = client.post(f"{url}/redactions", data={"extract_id": "*", "phrase": "Mill St"})
    assert missing.status_code == 400
    assert "There is a problem" in text(missing) and "Choose the reason" in text(missing)
    marked = client.post(
        f"{url}/redactions",
        data={"extract_id": f"case-{first.id}", "phrase": "Mill St", "reason": "law_enforcement"},
    )
    assert marked.status_code == 302
    assert (
        db.scalars(select(Redaction).where(Redaction.phrase == "Mill St")).one().created_by_id
        == aa.id
    )

    redacted = client.get(f"{url}/bundle/redacted.zip")
    unredacted = client.get(f"{url}/bundle/unredacted.zip")
    assert redacted.mimetype == "application/zip"
    plain, copy = pdf_text(unredacted.data), pdf_text(redacted.data)
    assert "Mill St" in plain and "Mill St" not in copy
    assert "Tamsin Thirdparty" in plain and "Tamsin" not in copy
    assert "Rude on the phone" in copy
    assert "Una" not in plain and "depot" not in plain
    exports = db.scalars(select(AuditEvent).where(AuditEvent.action == "export")).all()
    assert [e.summary for e in exports] == [
        "subject access bundle (redacted)",
        "subject access bundle (unredacted)",
    ]
    assert all(e.actor_id == aa.id and e.entity_id == request.id for e in exports)

    assert client.post(f"{url}/redacted").status_code == 302
    assert client.get(f"{url}/complete").status_code == 200
    sent = client.post(f"{url}/complete", data={"on": day(london_today())})
    assert sent.status_code == 302
    db.refresh(request)
    assert (request.state, request.sent_on) == (RequestState.COMPLETED, london_today())
    listing = text(client.get("/subject-access/"))
    assert f"SAR-{request.id}" in listing and "sent" in listing


def test_a_subjects_request_is_opened_for_the_one_person(client, db, aa):
    officer = factories.subject(db, family_name="Okafor", collar="NP1234")
    factories.complaint(db, subject_=officer)
    db.commit()
    found = client.get("/subject-access/new?kind=subject&words=Okafor")
    assert "PC Sam Okafor (NP1234)" in text(found)
    opened = client.post(
        "/subject-access/new?kind=subject&words=Okafor",
        data={
            "person_name": "Sam Okafor",
            "received_on": day(london_today()),
            "subject_id": str(officer.id),
        },
    )
    assert opened.status_code == 302
    request = db.scalars(select(AccessRequest)).one()
    assert request.subject_id == officer.id
    client.post(f"/subject-access/{request.id}/assemble")
    assert "Jo Public" in text(client.get(f"/subject-access/{request.id}"))  # suggested


def test_opening_without_choosing_a_record_is_shown_as_an_error(client, db, aa, cases_of_alex):
    response = client.post(
        "/subject-access/new?kind=complainant&words=rivers",
        data={"person_name": "Alex Rivers", "received_on": day(london_today())},
    )
    assert response.status_code == 400
    assert "Choose the records that are the person" in text(response)
    assert db.scalars(select(AccessRequest)).all() == []


def test_another_forces_appropriate_authority_finds_no_such_request(client, db, aa, cases_of_alex):
    first = cases_of_alex[0]
    client.post(
        "/subject-access/new?kind=complainant&words=rivers",
        data={
            "person_name": "Alex Rivers",
            "received_on": day(london_today()),
            "records": [str(first.complainants[0].id)],
        },
    )
    request = db.scalars(select(AccessRequest)).one()
    other_force = factories.force(db, code="XX", name="Other Constabulary")
    stranger = factories.user(db, Role.APPROPRIATE_AUTHORITY, forces=(other_force.id,))
    db.commit()
    client.post("/sign-out")
    sign_in(client, stranger.email)
    assert client.get(f"/subject-access/{request.id}").status_code == 404
    assert client.get(f"/subject-access/{request.id}/bundle/unredacted.zip").status_code == 404
    assert "Alex Rivers" not in text(client.get("/subject-access/"))
    assert "Rivers" not in text(client.get("/subject-access/new?kind=complainant&words=rivers"))


@pytest.mark.parametrize(
    "role", [Role.HANDLER, Role.OPCC_REVIEWER, Role.OPCC_OVERSIGHT, Role.ADMIN]
)
def test_no_one_else_may_open_subject_access(client, login_as, role):
    login_as(role)
    assert client.get("/subject-access/").status_code == 403
    assert "Subject access" not in text(
        client.get("/tray" if role != Role.ADMIN else "/admin/users")
    )
