"""The timeline says what a change did: each field from its old value to its new one, as
the case pages write them (labels, dates in words, names, long text cut short); fields
holding personal data are named without their values."""

from __future__ import annotations

import re

from complaints.cases.choices import CaseState
from complaints.common.clock import format_date, london_today
from tests import factories
from tests.conftest import sign_in


def words(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)).split())


def post(client, db, case, url, **fields):
    db.refresh(case)
    response = client.post(url, data={"version": str(case.version), **fields})
    assert response.status_code == 302, words(response)[:2000]
    return response


def test_a_changed_result_shows_its_old_and_new_values(client, db, team):
    case = factories.complaint_in_state(
        db, CaseState.HANDLING, handler=team["handler"], aa=team["aa"]
    )
    db.commit()
    sign_in(client, team["aa"].email)
    url = f"/cases/{case.id}/allegations/{case.allegations[0].id}/result"
    note = "The officer apologised in person at the front counter. " * 6
    post(client, db, case, url, result="service_acceptable", actions=["apology"], note=note)
    post(client, db, case, url, result="service_not_acceptable", actions=["apology"], note=note)

    timeline = words(client.get(f"/cases/{case.id}/timeline"))
    assert "Changed: result" not in timeline
    assert "Result: from not recorded to Service acceptable" in timeline
    assert "Result: from Service acceptable to Service not acceptable" in timeline
    assert f"Result recorded: from not recorded to {format_date(london_today())} at" in timeline
    # Each action taken by its label; the note, which may name people, only as changed.
    assert "Action on an allegation added by Appropriate authority" in timeline
    assert timeline.count("Action on an allegation added") == 1  # kept, not added again
    assert "Apology" in timeline and "Action note: changed" in timeline
    assert "The officer apologised" not in timeline
    assert "service_acceptable" not in timeline


def test_a_changed_date_reads_as_a_date(client, db, team):
    case = factories.complaint(db, handler=team["handler"])
    db.commit()
    sign_in(client, team["handler"].email)
    allegation = case.allegations[0]
    post(
        client,
        db,
        case,
        f"/cases/{case.id}/allegations/{allegation.id}/edit",
        category_id=str(allegation.category_id),
        description=allegation.description,
        subject_ids=[str(case.subjects[0].subject_id)],
        incident_on="3/3/2026",
        incident_place="Market Square",
    )
    timeline = words(client.get(f"/cases/{case.id}/timeline"))
    assert "Incident on: from not recorded to 3 March 2026" in timeline
    # A place is often an address: the trail says it changed, not what to.
    assert "Incident place: changed" in timeline and "Market Square" not in timeline


def test_personal_data_is_named_but_not_shown(client, db, team):
    case = factories.complaint(db, handler=team["handler"])
    db.commit()
    sign_in(client, team["handler"].email)
    reason = "Called 07700 900123 twice; no answer"
    post(client, db, case, f"/cases/{case.id}/contact-not-possible", reason=reason)
    timeline = words(client.get(f"/cases/{case.id}/timeline"))
    assert "Contact not possible reason: changed" in timeline
    assert "07700 900123" not in timeline and "[personal data]" not in timeline


def test_an_edit_that_crossed_another_is_shown_the_other_change_with_its_values(client, db, team):
    case = factories.complaint_in_state(
        db, CaseState.HANDLING, handler=team["handler"], aa=team["aa"]
    )
    db.commit()
    sign_in(client, team["aa"].email)
    db.refresh(case)
    stale = str(case.version)
    case.direction_and_control = True
    db.commit()
    url = f"/cases/{case.id}/allegations/{case.allegations[0].id}/result"
    response = client.post(url, data={"version": stale, "result": "unable_to_determine"})
    assert response.status_code == 409
    assert "Case updated : Direction and control: from no to yes" in words(response)
