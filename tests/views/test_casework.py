"""Working a case: assigning it, restricting it, and keeping notes on its file."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from complaints.auth import services as accounts
from complaints.auth.roles import Role
from complaints.cases.choices import CaseState
from complaints.cases.models import Case, Note
from complaints.common.actor import Actor
from tests import factories
from tests.conftest import sign_in

PROBLEM = "There is a problem"
CONFLICT = "Someone else changed this case"


def _case(db, team, state=CaseState.LOGGED) -> Case:
    case = factories.complaint_in_state(
        db, state, handler=team["handler"], aa=team["aa"], investigator=team["investigator"]
    )
    db.commit()
    return case


def _fresh(db, case) -> Case:
    db.expire_all()
    return db.get(Case, case.id)


def _post(client, db, url, case, **fields):
    return client.post(url, data={"version": str(_fresh(db, case).version), **fields})


def _text(response) -> str:
    return response.get_data(as_text=True)


def _someone_else_changes(db, case) -> str:
    """The version a form was opened on, then a change by someone else."""
    stale = str(_fresh(db, case).version)
    db.get(Case, case.id).summary = "Changed by someone else"
    db.commit()
    return stale


# Assignment. ------------------------------------------------------------------------------


def test_the_appropriate_authority_assigns_a_handler_and_a_decision_maker(
    client, db, team, make_user
):
    case = _case(db, team)
    new_handler = make_user(Role.HANDLER, name="Hana Handler")
    sign_in(client, team["aa"].email)
    overview = _text(client.get(f"/cases/{case.id}"))
    assert f'href="/cases/{case.id}/assign"' in overview
    page = _text(client.get(f"/cases/{case.id}/assign"))
    assert "Hana Handler" in page and team["aa"].full_name in page
    assert f'<option value="{team["handler"].id}" selected>' in page
    response = _post(
        client,
        db,
        f"/cases/{case.id}/assign",
        case,
        handler_id=str(new_handler.id),
        decision_maker_id=str(team["aa"].id),
    )
    assert response.status_code == 302
    overview = _text(client.get(response.location))
    assert "Assignment saved." in overview
    assert "Hana Handler" in overview
    assert f"Chief constable (PSD): {team['aa'].full_name}" in overview
    fresh = _fresh(db, case)
    assert (fresh.handler_id, fresh.decision_maker_id) == (new_handler.id, team["aa"].id)


def test_an_inactive_or_made_up_person_cannot_be_assigned(client, db, team, make_user):
    case = _case(db, team)
    leaver = make_user(Role.HANDLER, name="Lee Leaver")
    accounts.update_user(
        db,
        Actor.system("test"),
        leaver,
        accounts.UserChanges(full_name=leaver.full_name, role=leaver.role, active=False),
        factories.NOW,
    )
    db.commit()
    sign_in(client, team["aa"].email)
    assert "Lee Leaver" not in _text(client.get(f"/cases/{case.id}/assign"))
    for handler_id in (str(leaver.id), "999999", str(team["aa"].id)):
        response = _post(client, db, f"/cases/{case.id}/assign", case, handler_id=handler_id)
        assert response.status_code == 400
        assert PROBLEM in _text(response) and "Choose a handler from the list" in _text(response)
    assert _fresh(db, case).handler_id == team["handler"].id


def test_assigning_no_one_is_refused(client, db, team):
    case = _case(db, team)
    sign_in(client, team["aa"].email)
    response = _post(client, db, f"/cases/{case.id}/assign", case)
    assert response.status_code == 400
    assert "Choose a handler or a decision maker" in _text(response)


def test_a_stale_assignment_is_a_conflict(client, db, team, make_user):
    case = _case(db, team)
    other = make_user(Role.HANDLER)
    sign_in(client, team["aa"].email)
    stale = _someone_else_changes(db, case)
    response = client.post(
        f"/cases/{case.id}/assign", data={"version": stale, "handler_id": str(other.id)}
    )
    assert response.status_code == 409
    assert CONFLICT in _text(response)
    assert f'<option value="{other.id}" selected>' in _text(response)
    assert _fresh(db, case).handler_id == team["handler"].id


def test_handlers_cannot_assign_cases(client, db, team):
    case = _case(db, team)
    sign_in(client, team["handler"].email)
    assert client.get(f"/cases/{case.id}/assign").status_code == 403
    overview = _text(client.get(f"/cases/{case.id}"))
    assert "/assign" not in overview and "/restrict" not in overview


# Restriction. -------------------------------------------------------------------------------


def test_restricting_names_the_team_and_hides_the_case_from_everyone_else(
    client, db, team, make_user
):
    case = _case(db, team, CaseState.INVESTIGATION)
    unnamed = make_user(Role.HANDLER)
    sign_in(client, team["aa"].email)
    page = _text(client.get(f"/cases/{case.id}/restrict"))
    assert "can be seen only by the people named on it" in page
    for person in ("handler", "aa", "investigator"):
        assert team[person].full_name in page
    assert unnamed.full_name not in page
    response = _post(
        client, db, f"/cases/{case.id}/restrict", case, reason="Counter-corruption material"
    )
    assert response.status_code == 302
    overview = _text(client.get(response.location))
    assert "The case is restricted to the people named on it." in overview
    assert "Restricted: Counter-corruption material" in overview
    client.post("/sign-out")
    sign_in(client, unnamed.email)
    assert client.get(f"/cases/{case.id}").status_code == 404
    assert case.reference not in _text(client.get("/cases/"))
    client.post("/sign-out")
    for person in ("handler", "investigator"):
        sign_in(client, team[person].email)
        assert client.get(f"/cases/{case.id}").status_code == 200
        client.post("/sign-out")


def test_a_restricted_case_shows_its_restriction_and_who_is_named(client, db, team):
    case = _case(db, team)
    sign_in(client, team["aa"].email)
    _post(client, db, f"/cases/{case.id}/restrict", case, reason="Covert source")
    page = _text(client.get(f"/cases/{case.id}/restrict"))
    assert "already restricted: Covert source" in page
    assert 'value="Covert source"' in page
    assert "People who can see the case" in page


@pytest.mark.parametrize(
    "reason, message",
    [("", "Enter the reason for restricting the case"), ("x" * 201, "200 characters or fewer")],
)
def test_a_restriction_needs_a_short_reason(client, db, team, reason, message):
    case = _case(db, team)
    sign_in(client, team["aa"].email)
    response = _post(client, db, f"/cases/{case.id}/restrict", case, reason=reason)
    assert response.status_code == 400
    assert PROBLEM in _text(response) and message in _text(response)
    assert reason in _text(response)
    assert not _fresh(db, case).restricted


def test_a_stale_restriction_is_a_conflict(client, db, team):
    case = _case(db, team)
    sign_in(client, team["aa"].email)
    stale = _someone_else_changes(db, case)
    response = client.post(
        f"/cases/{case.id}/restrict", data={"version": stale, "reason": "Live prosecution"}
    )
    assert response.status_code == 409
    assert CONFLICT in _text(response) and "Live prosecution" in _text(response)
    assert not _fresh(db, case).restricted


def test_handlers_cannot_restrict_cases(client, db, team):
    case = _case(db, team)
    sign_in(client, team["handler"].email)
    assert client.get(f"/cases/{case.id}/restrict").status_code == 403


# Notes. -------------------------------------------------------------------------------------


def test_a_note_is_added_to_the_timeline(client, db, team):
    case = _case(db, team)
    sign_in(client, team["handler"].email)
    timeline = _text(client.get(f"/cases/{case.id}/timeline"))
    assert f'href="/cases/{case.id}/notes/new"' in timeline
    response = _post(
        client, db, f"/cases/{case.id}/notes/new", case, body="CCTV requested from the council"
    )
    assert response.status_code == 302
    assert response.location.endswith(f"/cases/{case.id}/timeline")
    timeline = _text(client.get(response.location))
    assert "Note added." in timeline
    assert "CCTV requested from the council" in timeline
    note = db.scalar(select(Note).where(Note.case_id == case.id))
    assert note.author_id == team["handler"].id


@pytest.mark.parametrize(
    "body, message",
    [("   ", "Enter the note"), ("y" * 5001, "Note must be 5,000 characters or fewer")],
)
def test_a_note_must_have_text_and_not_be_too_long(client, db, team, body, message):
    case = _case(db, team)
    sign_in(client, team["handler"].email)
    response = _post(client, db, f"/cases/{case.id}/notes/new", case, body=body)
    assert response.status_code == 400
    assert PROBLEM in _text(response) and message in _text(response)
    if body.strip():
        assert body in _text(response)
    assert db.scalar(select(Note).where(Note.case_id == case.id)) is None


def test_a_stale_note_is_a_conflict_and_keeps_the_text(client, db, team):
    case = _case(db, team)
    sign_in(client, team["handler"].email)
    stale = _someone_else_changes(db, case)
    response = client.post(
        f"/cases/{case.id}/notes/new", data={"version": stale, "body": "My careful note"}
    )
    assert response.status_code == 409
    assert CONFLICT in _text(response) and "My careful note" in _text(response)


def test_who_may_add_notes(client, db, team, make_user):
    case = _case(db, team, CaseState.INVESTIGATION)
    url = f"/cases/{case.id}/notes/new"
    sign_in(client, team["investigator"].email)
    assert client.get(url).status_code == 200
    client.post("/sign-out")
    sign_in(client, make_user(Role.INVESTIGATOR).email)
    assert client.get(url).status_code == 404
    client.post("/sign-out")
    sign_in(client, make_user(Role.OPCC_OVERSIGHT).email)
    assert client.get(url).status_code == 403
    client.post("/sign-out")
    sign_in(client, make_user(Role.BOARD_MEMBER).email)
    assert client.get(url).status_code == 403
