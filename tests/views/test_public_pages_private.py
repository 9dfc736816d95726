"""Nothing internal reaches a public page: every page of the complaint form and of Track
my complaint, opened as the public opens them, is searched for the staff's names, the
subject's name, notes, internal state names and another complainant's name."""

from __future__ import annotations

import re

from complaints.auth.roles import Role
from complaints.cases.choices import CaseState
from complaints.cases.models import Note
from complaints.common.clock import utcnow
from tests import factories
from tests.views.test_public_form import ANSWERS

STAFF = ("Hana Handler", "Aled Authority")
SUBJECT = "Stonebridge"
NOTE = "Internal: the sergeant's notebook is missing"


def text(response) -> str:
    return re.sub(r"\s+", " ", response.get_data(as_text=True))


def test_no_public_page_shows_anything_internal(client, db, smtp_server):
    handler = factories.user(db, Role.HANDLER, name=STAFF[0])
    aa = factories.user(db, Role.APPROPRIATE_AUTHORITY, name=STAFF[1])
    officer = factories.subject(db, family_name=SUBJECT)
    case = factories.complaint_in_state(
        db, CaseState.HANDLING, handler=handler, aa=aa, subject_=officer
    )
    factories.complaint(db, handler=handler, complainant=("Other", "Complainant"))
    db.add(Note(case_id=case.id, body=NOTE, created_at=utcnow()))
    db.commit()

    pages = [client.get("/complain")]
    client.post("/complain")
    for slug, answers in ANSWERS.items():
        pages.append(client.get(f"/complain/{slug}"))
        client.post(f"/complain/{slug}", data=answers)
    pages.append(client.get("/complain/check"))
    client.post("/complain/check")
    pages.append(client.get("/complain/sent"))
    pages.append(client.get("/track"))
    pages.append(
        client.post("/track", data={"reference": case.reference, "email": "jo.public@example.org"})
    )
    body = smtp_server.received[-1].message.get_body(("plain",)).get_content()
    link = re.search(r"http://localhost(/track/link/\S+)", body).group(1)
    client.get(link)
    tracking = client.get("/track/complaint")
    assert "Your complaint is being dealt with" in text(tracking)  # handling, in public words
    pages.append(tracking)

    internal = (*STAFF, SUBJECT, NOTE, "Other Complainant", "Handling", "handling", "Swore")
    for page in pages:
        shown = text(page)
        for word in internal:
            assert word not in shown, (page.request.path, word)
