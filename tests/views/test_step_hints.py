"""The case page's "Not possible yet" list says what each blocked step waits for, who
does that work, and links to the page where it is done when the reader may do it."""

from __future__ import annotations

import html as markup
import re

from complaints.cases.choices import CaseState
from tests import factories
from tests.conftest import sign_in


def hints(client, case) -> str:
    """The "Not possible yet" list of the case page, as text with its links kept."""
    html = client.get(f"/cases/{case.id}").get_data(as_text=True)
    start = html.index("Not possible yet")
    part = html[start : html.index("</details>", start)]
    part = re.sub(r'<a class="govuk-link" href="([^"]+)">', r"[\1] ", part)
    return " ".join(markup.unescape(re.sub(r"<[^>]+>", " ", part)).split())


def test_the_aa_is_told_they_record_the_results_and_sent_to_the_first_missing_one(client, db, team):
    case = factories.complaint_in_state(
        db, CaseState.HANDLING, handler=team["handler"], aa=team["aa"]
    )
    db.commit()
    sign_in(client, team["aa"].email)
    text = hints(client, case)
    allegation = case.allegations[0]
    assert (
        "Determine the outcome : Record a result for every allegation first (missing: 1). "
        "The appropriate authority records the allegations' results. "
        f"[/cases/{case.id}/allegations/{allegation.id}/result] "
        "Record the result of allegation 1"
    ) in text


def test_a_step_waiting_on_someone_else_says_who_without_a_link(client, db, team):
    case = factories.complaint(db, handler=team["handler"])  # no first contact yet
    db.commit()
    sign_in(client, team["aa"].email)
    text = hints(client, case)
    assert (
        "Record under Schedule 3 : Record first contact with the complainant, or why they "
        "could not be reached, before deciding how to handle the complaint. "
        "The case's handler records first contact with the complainant."
    ) in text
    assert "[/cases/" not in text


def test_the_handler_is_sent_to_record_first_contact(client, db, team):
    case = factories.complaint(db, handler=team["handler"])
    db.commit()
    sign_in(client, team["handler"].email)
    text = hints(client, case)
    assert (
        "The case's handler records first contact with the complainant. "
        f"[/cases/{case.id}/contacts/new] Record first contact"
    ) in text


def test_outside_schedule_3_the_handler_records_the_results(client, db, team):
    case = factories.complaint_in_state(
        db, CaseState.INITIAL_HANDLING, handler=team["handler"], aa=team["aa"]
    )
    db.commit()
    sign_in(client, team["handler"].email)
    text = hints(client, case)
    assert "Resolve and finalise : Record a result for every allegation first" in text
    assert (
        "The case's handler records the allegations' results. "
        f"[/cases/{case.id}/allegations/{case.allegations[0].id}/result]"
    ) in text


def test_the_step_page_says_the_same(client, db, team):
    case = factories.complaint(db, handler=team["handler"])
    db.commit()
    sign_in(client, team["aa"].email)
    page = client.get(f"/cases/{case.id}/steps/record").get_data(as_text=True)
    text = " ".join(markup.unescape(re.sub(r"<[^>]+>", " ", page)).split())
    assert (
        "before deciding how to handle the complaint. "
        "The case's handler records first contact with the complainant."
    ) in text
