"""The allegation pages: adding and changing allegations, recording results and actions,
and raising learning from a case."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from complaints.auth.roles import Role
from complaints.cases.choices import AllegationResult, CaseState
from complaints.cases.models import Allegation, Case
from complaints.common.audit_model import AuditEvent
from complaints.common.clock import london_today
from complaints.learning.models import LearningItem, LearningSource, LearningStatus
from tests import factories
from tests.conftest import sign_in

PROBLEM = "There is a problem"
CONFLICT = "Someone else changed this case"


def _case(db, team, state=CaseState.LOGGED) -> Case:
    case = factories.complaint_in_state(
        db,
        state,
        handler=team["handler"],
        aa=team["aa"],
        investigator=team["investigator"],
    )
    db.commit()
    return case


def _version(db, case) -> str:
    db.expire_all()
    return str(db.get(Case, case.id).version)


def _post(client, db, url, case, **fields):
    data = {"version": _version(db, case), **fields}
    return client.post(url, data=data)


def _text(response) -> str:
    return response.get_data(as_text=True)


def _allegation_fields(db, case, **changes) -> dict:
    fields = {
        "category_id": str(factories.category(db, "B6").id),
        "description": "Pushed the complainant against the wall",
        "subject_ids": [str(case.subjects[0].subject_id)],
        "incident_on": "16/11/2026",
        "incident_place": "Market Square",
    }
    fields.update(changes)
    return {k: v for k, v in fields.items() if v is not None}


# Adding an allegation. -----------------------------------------------------------------


def test_the_add_page_offers_categories_in_use_and_the_people_on_the_case(client, db, team):
    case = _case(db, team)
    sign_in(client, team["handler"].email)
    response = client.get(f"/cases/{case.id}/allegations/new")
    page = _text(response)
    assert response.status_code == 200
    assert "A1 Police action following contact" in page
    assert "PRE2020" not in page
    assert case.subjects[0].identity.display in page
    assert 'name="subject_ids"' in page


def test_adding_an_allegation_saves_it_and_confirms(client, db, team):
    case = _case(db, team)
    sign_in(client, team["handler"].email)
    response = _post(
        client, db, f"/cases/{case.id}/allegations/new", case, **_allegation_fields(db, case)
    )
    assert response.status_code == 302
    assert response.location.endswith(f"/cases/{case.id}/allegations")
    page = _text(client.get(response.location))
    assert "Allegation added." in page
    assert "Allegation 2: B6 Use of force" in page
    assert "Market Square" in page
    added = db.scalar(
        select(Allegation).where(Allegation.case_id == case.id, Allegation.number == 2)
    )
    assert [cs.subject_id for cs in added.subjects] == [case.subjects[0].subject_id]


@pytest.mark.parametrize(
    "changes, message, kept",
    [
        ({"description": ""}, "Enter a description of the allegation", "Market Square"),
        ({"category_id": ""}, "Choose the category of the allegation", "Pushed the complainant"),
        ({"incident_on": "31/2/2026"}, "must be a real date", "31/2/2026"),
        ({"category_id": "999999"}, "Choose a category from the list", "Market Square"),
        ({"subject_ids": ["999999"]}, "Choose who the allegation concerns from the list", "Pushed"),
        (
            {"incident_on": "20/11/2026"},
            "The incident date must be on or before the date the case was received",
            "20/11/2026",
        ),
    ],
)
def test_bad_allegation_input_is_refused_and_kept(client, db, team, changes, message, kept):
    case = _case(db, team)
    sign_in(client, team["handler"].email)
    response = _post(
        client,
        db,
        f"/cases/{case.id}/allegations/new",
        case,
        **_allegation_fields(db, case, **changes),
    )
    page = _text(response)
    assert response.status_code == 400
    assert PROBLEM in page and message in page
    assert kept in page
    db.expire_all()
    assert len(db.get(Case, case.id).allegations) == 1


def test_a_legacy_category_cannot_be_posted_by_hand(client, db, team):
    case = _case(db, team)
    sign_in(client, team["handler"].email)
    legacy = factories.category(db, "PRE2020-U")
    response = _post(
        client,
        db,
        f"/cases/{case.id}/allegations/new",
        case,
        **_allegation_fields(db, case, category_id=str(legacy.id)),
    )
    assert response.status_code == 400
    assert "Choose a category from the list" in _text(response)


def test_a_hand_made_post_missing_fields_is_refused(client, db, team):
    case = _case(db, team)
    sign_in(client, team["handler"].email)
    response = _post(client, db, f"/cases/{case.id}/allegations/new", case)
    page = _text(response)
    assert response.status_code == 400
    assert "Enter a description of the allegation" in page
    assert "Choose the category of the allegation" in page


def test_adding_over_someone_elses_change_is_a_conflict(client, db, team):
    case = _case(db, team)
    sign_in(client, team["handler"].email)
    stale = _version(db, case)
    db.get(Case, case.id).summary = "Changed by someone else"
    db.commit()
    response = client.post(
        f"/cases/{case.id}/allegations/new",
        data={"version": stale, **_allegation_fields(db, case, description="Typed text here")},
    )
    page = _text(response)
    assert response.status_code == 409
    assert CONFLICT in page
    assert "Typed text here" in page
    db.expire_all()
    assert len(db.get(Case, case.id).allegations) == 1


def test_only_the_case_team_may_add_allegations(client, db, team, make_user):
    case = _case(db, team)
    url = f"/cases/{case.id}/allegations/new"
    other = make_user(Role.HANDLER)
    sign_in(client, other.email)
    assert client.get(url).status_code == 403
    client.post("/sign-out")
    sign_in(client, team["investigator"].email)
    assert client.get(url).status_code == 403
    client.post("/sign-out")
    sign_in(client, team["aa"].email)
    assert client.get(url).status_code == 200


# Changing an allegation. ---------------------------------------------------------------


def test_the_change_page_shows_the_allegation_as_it_is(client, db, team):
    case = _case(db, team)
    allegation = case.allegations[0]
    sign_in(client, team["handler"].email)
    page = _text(client.get(f"/cases/{case.id}/allegations/{allegation.id}/edit"))
    assert "Change allegation 1" in page
    assert "Swore at the complainant" in page
    assert f'value="{allegation.category_id}" selected' in page
    assert "checked" in page


def test_changing_who_an_allegation_concerns_is_audited(client, db, team):
    case = _case(db, team)
    allegation = case.allegations[0]
    sign_in(client, team["handler"].email)
    response = _post(
        client,
        db,
        f"/cases/{case.id}/allegations/{allegation.id}/edit",
        case,
        **_allegation_fields(db, case, subject_ids=None, description="Swore, then pushed"),
    )
    assert response.status_code == 302
    assert "Allegation 1 updated." in _text(client.get(response.location))
    event = db.scalars(
        select(AuditEvent)
        .where(AuditEvent.entity_type == "allegations", AuditEvent.entity_id == allegation.id)
        .order_by(AuditEvent.id.desc())
    ).first()
    assert event.changes["subjects"] == {"old": [case.subjects[0].subject_id], "new": []}
    assert event.actor_id == team["handler"].id
    timeline = _text(client.get(f"/cases/{case.id}/timeline"))
    assert "Allegation updated" in timeline and "Subjects: changed" in timeline


def test_an_allegation_of_another_case_is_not_found(client, db, team):
    case, other = _case(db, team), _case(db, team)
    sign_in(client, team["handler"].email)
    url = f"/cases/{case.id}/allegations/{other.allegations[0].id}/edit"
    assert client.get(url).status_code == 404


def test_allegations_cannot_change_after_the_outcome(client, db, team):
    case = _case(db, team, CaseState.OUTCOME_DETERMINED)
    allegation = case.allegations[0]
    sign_in(client, team["aa"].email)
    url = f"/cases/{case.id}/allegations/{allegation.id}/edit"
    response = client.get(url)
    assert response.status_code == 200
    assert "can no longer be changed" in _text(response)
    assert 'name="description"' not in _text(response)
    response = _post(client, db, url, case, **_allegation_fields(db, case))
    assert response.status_code == 400
    assert PROBLEM in _text(response)
    tab = _text(client.get(f"/cases/{case.id}/allegations"))
    assert "Add an allegation" not in tab and "/edit" not in tab


def test_the_tab_offers_changes_only_to_those_who_may_make_them(client, db, team, make_user):
    case = _case(db, team)
    sign_in(client, team["handler"].email)
    tab = _text(client.get(f"/cases/{case.id}/allegations"))
    assert "Add an allegation" in tab
    assert f"/allegations/{case.allegations[0].id}/edit" in tab
    client.post("/sign-out")
    sign_in(client, make_user(Role.HANDLER).email)
    tab = _text(client.get(f"/cases/{case.id}/allegations"))
    assert "Add an allegation" not in tab and "/edit" not in tab


# Results and actions. -----------------------------------------------------------------


def _result_url(case) -> str:
    return f"/cases/{case.id}/allegations/{case.allegations[0].id}/result"


def test_outside_schedule_3_the_handler_records_a_result_and_actions(client, db, team):
    case = _case(db, team, CaseState.INITIAL_HANDLING)
    sign_in(client, team["handler"].email)
    page = _text(client.get(_result_url(case)))
    assert "Resolved" in page and "Not resolved" in page
    assert "Service acceptable" not in page
    assert "Misconduct hearing" not in page
    assert "Record result" in _text(client.get(f"/cases/{case.id}/allegations"))
    response = _post(
        client,
        db,
        _result_url(case),
        case,
        result="resolved",
        actions=["explanation", "apology"],
        note="Apology from the sergeant",
    )
    assert response.status_code == 302
    tab = _text(client.get(response.location))
    assert "Result recorded for allegation 1: Resolved." in tab
    assert "<li>Explanation</li>" in tab and "<li>Apology</li>" in tab
    assert "Apology from the sergeant" in tab
    db.expire_all()
    assert db.get(Case, case.id).allegations[0].result == AllegationResult.RESOLVED


def test_a_recorded_result_is_shown_when_the_page_is_opened_again(client, db, team):
    case = _case(db, team, CaseState.INITIAL_HANDLING)
    sign_in(client, team["handler"].email)
    _post(client, db, _result_url(case), case, result="not_resolved", actions=["put_right"])
    page = _text(client.get(_result_url(case)))
    assert 'value="not_resolved" checked' in page
    assert 'value="put_right" checked' in page


def test_actions_are_kept_as_codes_with_the_note_apart_and_come_back_to_the_form(client, db, team):
    """The checkboxes save codes and the note is kept apart; the page opened again ticks
    the codes and holds the note; untick one and it goes."""
    case = _case(db, team, CaseState.INITIAL_HANDLING)
    sign_in(client, team["handler"].email)
    fields = {"result": "resolved", "note": "Apology from the sergeant"}
    _post(client, db, _result_url(case), case, actions=["apology", "explanation"], **fields)
    db.expire_all()
    allegation = db.get(Case, case.id).allegations[0]
    assert [t.code.value for t in allegation.actions_taken] == ["explanation", "apology"]
    assert allegation.action_note == "Apology from the sergeant"
    page = _text(client.get(_result_url(case)))
    assert 'value="explanation" checked' in page and 'value="apology" checked' in page
    assert 'value="put_right" checked' not in page
    assert "Apology from the sergeant" in page
    response = _post(client, db, _result_url(case), case, actions=["explanation"], **fields)
    assert response.status_code == 302
    db.expire_all()
    allegation = db.get(Case, case.id).allegations[0]
    assert [t.code.value for t in allegation.actions_taken] == ["explanation"]
    timeline = _text(client.get(f"/cases/{case.id}/timeline"))
    assert "Action on an allegation removed" in timeline and "Apology" in timeline


def test_under_schedule_3_results_are_the_appropriate_authoritys(client, db, team):
    case = _case(db, team, CaseState.HANDLING)
    sign_in(client, team["handler"].email)
    assert client.get(_result_url(case)).status_code == 403
    assert "Record result" not in _text(client.get(f"/cases/{case.id}/allegations"))
    client.post("/sign-out")
    sign_in(client, team["aa"].email)
    page = _text(client.get(_result_url(case)))
    assert "Service not acceptable" in page and "Reflective practice" in page
    assert "Misconduct hearing" not in page  # not investigated: no misconduct proceedings
    assert 'value="resolved"' not in page
    response = _post(client, db, _result_url(case), case, result="resolved", note="Kept note")
    assert response.status_code == 400
    assert "Choose a result from the list" in _text(response)
    assert "Kept note" in _text(response)
    response = _post(
        client, db, _result_url(case), case, result="service_not_acceptable", actions=["rprp"]
    )
    assert response.status_code == 302
    assert "Reflective practice review process (RPRP)" in _text(client.get(response.location))


@pytest.mark.parametrize(
    "fields, message",
    [
        ({"actions": ["apology"], "note": "Typed note"}, "Choose the result of the allegation"),
        (
            {"result": "no_further_action", "actions": ["no_further_action", "apology"]},
            "No further action cannot be chosen with other actions",
        ),
        ({"result": "service_acceptable", "actions": ["made_up"]}, "from the list"),
    ],
)
def test_bad_result_input_is_refused_and_kept(client, db, team, fields, message):
    case = _case(db, team, CaseState.HANDLING)
    sign_in(client, team["aa"].email)
    response = _post(client, db, _result_url(case), case, **fields)
    page = _text(response)
    assert response.status_code == 400
    assert PROBLEM in page and message in page
    if "note" in fields:
        assert fields["note"] in page
    db.expire_all()
    assert db.get(Case, case.id).allegations[0].result is None


def test_the_page_explains_when_no_result_can_be_recorded(client, db, team):
    case = _case(db, team, CaseState.INVESTIGATION)
    sign_in(client, team["aa"].email)
    response = client.get(_result_url(case))
    assert response.status_code == 200
    assert "Results are recorded once the investigation report is in" in _text(response)
    assert 'name="result"' not in _text(response)
    response = _post(client, db, _result_url(case), case, result="service_acceptable")
    assert response.status_code == 400
    assert "Results are recorded once the investigation report is in" in _text(response)
    assert "Record result" not in _text(client.get(f"/cases/{case.id}/allegations"))


def test_a_stale_result_is_a_conflict(client, db, team):
    case = _case(db, team, CaseState.HANDLING)
    sign_in(client, team["aa"].email)
    stale = _version(db, case)
    db.get(Case, case.id).summary = "Changed meanwhile"
    db.commit()
    response = client.post(
        _result_url(case),
        data={"version": stale, "result": "unable_to_determine", "note": "My typed note"},
    )
    assert response.status_code == 409
    assert CONFLICT in _text(response) and "My typed note" in _text(response)


def test_roles_without_a_say_on_results_are_refused(client, db, team, make_user):
    case = _case(db, team, CaseState.AWAITING_DECISION)
    sign_in(client, team["investigator"].email)
    assert client.get(_result_url(case)).status_code == 403
    client.post("/sign-out")
    sign_in(client, make_user(Role.BOARD_MEMBER).email)
    assert client.get(_result_url(case)).status_code == 403


# Learning. ----------------------------------------------------------------------------


DUE = london_today() + dt.timedelta(days=60)


def _learning_fields(**changes) -> dict:
    fields = {
        "theme": "Body-worn video",
        "description": "Switch cameras on before entering premises",
        "level": "organisational",
        "owner_id": "",
        "due_on": f"{DUE.day}/{DUE.month}/{DUE.year}",
    }
    fields.update(changes)
    return fields


def test_learning_raised_appears_on_the_allegations_tab(client, db, team):
    case = _case(db, team, CaseState.OUTCOME_DETERMINED)
    sign_in(client, team["aa"].email)
    assert "Raise learning" in _text(client.get(f"/cases/{case.id}/allegations"))
    page = _text(client.get(f"/cases/{case.id}/learning/new"))
    assert team["handler"].full_name in page
    response = _post(
        client,
        db,
        f"/cases/{case.id}/learning/new",
        case,
        **_learning_fields(owner_id=str(team["handler"].id)),
    )
    assert response.status_code == 302
    tab = _text(client.get(response.location))
    assert "Learning raised." in tab
    assert "Body-worn video" in tab and "Organisational" in tab
    assert f"{DUE.day} {DUE:%B %Y}" in tab and team["handler"].full_name in tab
    item = db.scalar(select(LearningItem).where(LearningItem.case_id == case.id))
    assert item.source == LearningSource.CASE_OUTCOME
    assert item.status == LearningStatus.PROPOSED


@pytest.mark.parametrize(
    "changes, message, kept",
    [
        ({"due_on": "1/1/2020"}, "The due date must be today or in the future", "1/1/2020"),
        ({"due_on": "45/1/2027"}, "must be a real date", "45/1/2027"),
        ({"level": ""}, "Choose the level of the learning", "Body-worn video"),
        ({"level": "galactic"}, "Choose a level from the list", "Body-worn video"),
        ({"theme": ""}, "Enter the theme of the learning", "Switch cameras on"),
        ({"owner_id": "999999"}, "Choose an owner from the list", "Body-worn video"),
    ],
)
def test_bad_learning_input_is_refused_and_kept(client, db, team, changes, message, kept):
    case = _case(db, team, CaseState.HANDLING)
    sign_in(client, team["aa"].email)
    response = _post(
        client, db, f"/cases/{case.id}/learning/new", case, **_learning_fields(**changes)
    )
    page = _text(response)
    assert response.status_code == 400
    assert PROBLEM in page and message in page and kept in page
    assert db.scalar(select(LearningItem).where(LearningItem.case_id == case.id)) is None


def test_a_stale_learning_form_is_a_conflict(client, db, team):
    case = _case(db, team, CaseState.HANDLING)
    sign_in(client, team["aa"].email)
    stale = _version(db, case)
    db.get(Case, case.id).summary = "Changed meanwhile"
    db.commit()
    response = client.post(
        f"/cases/{case.id}/learning/new", data={"version": stale, **_learning_fields()}
    )
    assert response.status_code == 409
    assert CONFLICT in _text(response) and "Switch cameras on" in _text(response)


def test_a_handler_cannot_raise_learning(client, db, team):
    case = _case(db, team, CaseState.HANDLING)
    sign_in(client, team["handler"].email)
    assert client.get(f"/cases/{case.id}/learning/new").status_code == 403
    assert "Raise learning" not in _text(client.get(f"/cases/{case.id}/allegations"))
