"""Long text on the case forms: a GOV.UK character count that says the limit without
JavaScript, and a too-long answer refused with an error that names the field."""

from __future__ import annotations

import html as markup
import re

from complaints.cases.choices import CaseState
from tests import factories
from tests.conftest import sign_in


def text(response) -> str:
    return " ".join(
        markup.unescape(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True))).split()
    )


def counted(page: str, name: str, most: int) -> bool:
    """Whether the page renders the field as a character count with this limit."""
    found = re.search(
        r'class="govuk-form-group[^"]*govuk-character-count"'
        rf' data-module="govuk-character-count" data-maxlength="{most}">'
        rf'.*?<textarea[^>]* name="{name}"',
        page,
        re.S,
    )
    return found is not None and f"You can enter up to {most:,} characters" in page


def post(client, db, case, url, **fields):
    db.refresh(case)
    return client.post(url, data={"version": str(case.version), **fields})


def test_a_too_long_reason_is_refused_with_the_fields_name(client, db, team):
    case = factories.complaint_in_state(
        db, CaseState.INVESTIGATION, handler=team["handler"], aa=team["aa"]
    )
    db.commit()
    sign_in(client, team["aa"].email)
    url = f"/cases/{case.id}/steps/suspend"
    assert counted(client.get(url).get_data(as_text=True), "reason", 2000)
    response = post(client, db, case, url, on="", reason="x" * 2001)
    assert response.status_code == 400
    page = text(response)
    message = "The reason for suspending it must be 2,000 characters or fewer"
    assert page.count(message) == 2  # in the error summary and beside the field
    assert counted(response.get_data(as_text=True), "reason", 2000)


def test_the_allegation_form_counts_and_names_the_description(client, db, team):
    case = factories.complaint(db, handler=team["handler"])
    db.commit()
    sign_in(client, team["handler"].email)
    allegation = case.allegations[0]
    url = f"/cases/{case.id}/allegations/{allegation.id}/edit"
    assert counted(client.get(url).get_data(as_text=True), "description", 5000)
    response = post(
        client,
        db,
        case,
        url,
        category_id=str(allegation.category_id),
        description="y" * 5001,
        incident_place="z" * 201,
    )
    assert response.status_code == 400
    page = text(response)
    assert "The description of the allegation must be 5,000 characters or fewer" in page
    assert "Where it happened must be 200 characters or fewer" in page


def test_a_new_line_counts_once_as_on_the_page(client, db, team):
    """Browsers send a new line as two characters; the count on the page shows one."""
    case = factories.complaint_in_state(
        db, CaseState.HANDLING, handler=team["handler"], aa=team["aa"]
    )
    db.commit()
    sign_in(client, team["aa"].email)
    url = f"/cases/{case.id}/allegations/{case.allegations[0].id}/result"
    assert counted(client.get(url).get_data(as_text=True), "note", 2000)
    note = "\r\n".join(["w" * 199] * 10)  # 1,999 characters as typed, 2,008 as sent
    response = post(client, db, case, url, result="service_acceptable", note=note)
    assert response.status_code == 302, text(response)[:2000]


def test_the_note_form_is_a_character_count(client, db, team):
    case = factories.complaint(db, handler=team["handler"])
    db.commit()
    sign_in(client, team["handler"].email)
    page = client.get(f"/cases/{case.id}/notes/new").get_data(as_text=True)
    assert counted(page, "body", 5000)
    response = post(client, db, case, f"/cases/{case.id}/notes/new", body="n" * 5001)
    assert "Note must be 5,000 characters or fewer" in text(response)
