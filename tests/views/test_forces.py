"""Several forces in one service: each person sees the forces they work for and no other,
an appropriate authority decides only for the forces that delegated to them, and each
force numbers its own cases."""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import replace

import pytest
from sqlalchemy import select, text

from complaints.auth.roles import Role
from complaints.cases import queues
from complaints.cases import services as cases
from complaints.cases.choices import CaseState, CaseType, Channel
from complaints.cases.models import Case
from complaints.cases.services import CaseError
from complaints.common.actor import Actor
from complaints.forces.models import FIRST_FORCE_ID, Force
from complaints.forces.services import ForceError
from complaints.learning import services as learning
from complaints.learning.models import LearningLevel, LearningSource
from complaints.subjects import services as subjects
from complaints.web import db as db_of_request
from tests import factories
from tests.conftest import sign_in
from tests.rls import as_application_role


def _text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


@pytest.fixture()
def two_forces(db):
    """Force A (the first) and force B, each with a case in every queue's reach."""
    first = db.get(Force, FIRST_FORCE_ID)
    other = factories.force(db, code="BED", name="Bedfordshire Police")
    handler_a = factories.user(db, Role.HANDLER, forces=(first.id,))
    handler_b = factories.user(db, Role.HANDLER, forces=(other.id,))
    aa = factories.user(
        db, Role.APPROPRIATE_AUTHORITY, forces=(first.id, other.id), decides_for=(first.id,)
    )
    case_a = factories.complaint_in_state(
        db, CaseState.RECORDED, handler=handler_a, aa=aa, summary="Force A counter"
    )
    case_b = factories.complaint(
        db, handler=handler_b, force_id=other.id, summary="Force B roadside stop"
    )
    db.commit()
    return {
        "first": first,
        "other": other,
        "handler_a": handler_a,
        "handler_b": handler_b,
        "aa": aa,
        "case_a": case_a,
        "case_b": case_b,
    }


def test_each_force_numbers_its_cases_and_references_carry_the_code(two_forces):
    first, other = two_forces["first"], two_forces["other"]
    assert two_forces["case_b"].reference.startswith("BED-CO/")
    assert two_forces["case_b"].number == 1
    assert two_forces["case_b"].force_id == other.id
    assert two_forces["case_a"].force_id == first.id


def test_a_handler_sees_nothing_of_a_force_they_do_not_work_for(client, two_forces):
    sign_in(client, two_forces["handler_a"].email)
    case_a, case_b = two_forces["case_a"], two_forces["case_b"]
    assert client.get(f"/cases/{case_b.id}").status_code == 404
    assert client.get(f"/cases/{case_b.id}/timeline").status_code == 404
    listing = _text(client.get("/cases/"))
    assert case_a.reference in listing and case_b.reference not in listing
    search = _text(client.get("/cases/", query_string={"q": case_b.reference}))
    assert f'href="/cases/{case_b.id}"' not in search
    assert "Force B roadside stop" not in _text(
        client.get("/cases/", query_string={"q": "roadside"})
    )


def test_a_person_of_two_forces_sees_both_and_decides_only_where_delegated(client, db, two_forces):
    aa, case_a, case_b = two_forces["aa"], two_forces["case_a"], two_forces["case_b"]
    sign_in(client, aa.email)
    assert client.get(f"/cases/{case_a.id}").status_code == 200
    assert client.get(f"/cases/{case_b.id}").status_code == 200
    # Recorded in force A: the authority decides; logged in force B: no decision of theirs.
    assert client.get(f"/cases/{case_a.id}/steps/start_investigation").status_code == 200
    assert client.get(f"/cases/{case_b.id}/steps/record").status_code == 403
    listed = {c.id for c in db.scalars(queues.decisions(factories.actor_for(aa)))}
    assert case_a.id in listed and case_b.id not in listed


def test_a_lesson_of_another_force_is_not_in_the_register(client, db, two_forces):
    first, other = two_forces["first"], two_forces["other"]
    oversight_a = factories.user(db, Role.OPCC_OVERSIGHT, forces=(first.id,))
    oversight_b = factories.user(db, Role.OPCC_OVERSIGHT, forces=(other.id,))
    learning.record_learning(
        db,
        factories.actor_for(oversight_b),
        learning.LearningData(
            "Roadside stops",
            "Explain the power used",
            LearningLevel.ORGANISATIONAL,
            source_detail="HMICFRS inspection 2026",
        ),
        factories.NOW,
        source=LearningSource.INSPECTION,
    )
    db.commit()
    sign_in(client, oversight_a.email)
    assert "Roadside stops" not in _text(client.get("/learning"))


def test_the_system_names_the_force_once_there_are_several(db, two_forces):
    """A lesson the command line records with no case cannot fall silently to the first
    force of a joint installation: it must say which force it is for."""
    system = Actor.system("cli")
    lesson = learning.LearningData(
        "Custody", "Check the log", LearningLevel.ORGANISATIONAL, source_detail="HMICFRS 2026"
    )
    with pytest.raises(ForceError, match="Choose the force"):
        learning.record_learning(
            db, system, lesson, factories.NOW, source=LearningSource.INSPECTION
        )
    chosen = replace(lesson, force_id=two_forces["other"].id)
    item = learning.record_learning(
        db, system, chosen, factories.NOW, source=LearningSource.INSPECTION
    )
    assert item.force_id == two_forces["other"].id


def test_opcc_and_board_staff_work_for_exactly_one_force(db, two_forces):
    with pytest.raises(ForceError, match="exactly one force"):
        factories.user(
            db,
            Role.OPCC_REVIEWER,
            forces=(two_forces["first"].id, two_forces["other"].id),
        )


def test_subjects_of_another_force_are_not_found_at_intake(client, db, two_forces):
    factories.subject(db, family_name="Farrowby", force_id=two_forces["other"].id)
    db.commit()
    sign_in(client, two_forces["handler_a"].email)
    case_a = two_forces["case_a"]
    found = client.get(f"/cases/{case_a.id}/subjects/new", query_string={"q": "Farrowby"})
    assert found.status_code == 200
    assert "Sam Farrowby" not in _text(found)


def test_a_case_names_the_people_of_one_force(db, two_forces):
    mine = factories.subject(db, family_name="Ash")
    theirs = factories.subject(db, family_name="Birch", force_id=two_forces["other"].id)
    assert factories.complaint(db, subject_=mine).force_id == FIRST_FORCE_ID
    with pytest.raises(CaseError, match="one force"):
        cases.log_case(
            db,
            factories.actor_for(two_forces["aa"]),
            cases.NewCase(
                case_type=CaseType.COMPLAINT,
                received_on=factories.NOW.date(),
                channel=Channel.EMAIL,
                summary="Two forces at one roadside",
                complainants=(cases.ComplainantData(given_name="Jo", family_name="Public"),),
                subject_ids=(mine.id, theirs.id),
            ),
            factories.NOW,
        )


def test_the_database_itself_refuses_another_forces_rows_to_a_request(
    fresh_app, db, make_user, two_forces
):
    """PostgreSQL row-level security: a raw SELECT with no filter of the application's,
    run inside a request of someone who works for force A, gets force A's cases only, and
    of the people, force A's and those named on its cases who have since moved on."""
    if db.get_bind().dialect.name != "postgresql":
        pytest.skip("row-level security is PostgreSQL's; on SQLite the application's rule holds")
    app = fresh_app
    moved = two_forces["case_a"].subjects[0].subject
    other = two_forces["other"].id
    subjects.transfer_subject(
        db,
        Actor.system("test"),
        moved,
        other,
        subjects.IdentityDetails(family_name="Moved", collar_number="B77"),
        on=dt.date(2026, 11, 30),
        now=factories.NOW,
    )
    theirs = two_forces["case_b"].subjects[0].subject_id
    db.commit()

    def every_reference():
        rows = db_of_request().execute(text("SELECT reference FROM cases ORDER BY id"))
        people = db_of_request().scalars(text("SELECT id FROM subjects"))
        return {"references": [row[0] for row in rows], "subjects": list(people)}

    every_reference.access_declaration = "signed_in"
    app.add_url_rule("/every-reference", "every_reference", every_reference)
    client = app.test_client()
    sign_in(client, two_forces["handler_a"].email)
    # Superusers are never limited by row-level security: act as an ordinary role, as the
    # application does in production.
    with as_application_role(db):
        shown = client.get("/every-reference").get_json()
        seen = shown["references"]
        # Outside a request (the CLI, jobs) nothing is limited.
        db.execute(text("SELECT set_config('complaints.forces', '', true)"))
        everything = db.scalars(select(Case.reference)).all()
    assert two_forces["case_a"].reference in seen
    assert two_forces["case_b"].reference not in seen
    assert two_forces["case_b"].reference in everything
    assert moved.id in shown["subjects"] and theirs not in shown["subjects"]


def test_choice_lists_offer_only_ones_own_forces_people(client, db, two_forces):
    """Filters, queues and assignment offer the people and divisions of the forces one
    works for (a case's own force, to assign it), and the service refuses anyone else."""
    first, other = two_forces["first"], two_forces["other"]
    factories.division(db, "Bedford Central", force_id=other.id)
    db.commit()
    sign_in(client, two_forces["handler_a"].email)
    for url in ("/cases/", "/queues/team", "/cases/new"):
        page = _text(client.get(url))
        assert two_forces["handler_a"].full_name in page or url == "/cases/new", url
        assert two_forces["handler_b"].full_name not in page, url
        assert "Bedford Central" not in page, url
    case_a = two_forces["case_a"]
    with pytest.raises(CaseError, match="works for this case's force"):
        cases.assign(
            db,
            factories.actor_for(two_forces["aa"]),
            case_a,
            factories.NOW,
            handler=two_forces["handler_b"],
        )
    outsider = factories.user(db, Role.APPROPRIATE_AUTHORITY, forces=(other.id,))
    with pytest.raises(CaseError, match="decides for this case's force"):
        cases.assign(
            db,
            factories.actor_for(two_forces["aa"]),
            case_a,
            factories.NOW,
            decision_maker=outsider,
        )
    assert case_a.force_id == first.id
