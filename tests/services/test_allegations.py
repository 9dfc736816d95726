"""Allegations after intake, their results and actions, and learning raised from a case."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import func, select

from complaints.auth.roles import Role
from complaints.cases import actions as taken
from complaints.cases import allegations, timeline, workflow
from complaints.cases.allegations import AllegationAction, ResultData
from complaints.cases.choices import AllegationResult, CaseState
from complaints.cases.services import AllegationData, CaseError
from complaints.common.actor import Actor
from complaints.common.audit_model import AuditEvent
from complaints.investigations.models import ConductOutcome
from complaints.learning import services as learning
from complaints.learning.models import LearningLevel, LearningSource, LearningStatus
from complaints.reference import services as reference
from tests import factories
from tests.factories import NOW, actor_for

A = AllegationAction
R = AllegationResult


@pytest.fixture()
def team(make_user):
    return {"handler": make_user(Role.HANDLER), "aa": make_user(Role.APPROPRIATE_AUTHORITY)}


def _case(db, team, state=CaseState.LOGGED):
    return factories.complaint_in_state(db, state, handler=team["handler"], aa=team["aa"])


def _data(db, case, **changes) -> AllegationData:
    values = {
        "category_id": factories.category(db, "B6").id,
        "description": "Pushed the complainant against the wall",
        "subject_ids": (case.subjects[0].subject_id,),
        "incident_on": case.received_on - dt.timedelta(days=1),
        "incident_place": "High Street",
    }
    values.update(changes)
    return AllegationData(**values)


def _allegation_events(db, allegation):
    return db.scalars(
        select(AuditEvent)
        .where(AuditEvent.entity_type == "allegations", AuditEvent.entity_id == allegation.id)
        .order_by(AuditEvent.id)
    ).all()


# Adding and changing allegations. --------------------------------------------------------


def test_an_added_allegation_is_numbered_after_the_last_and_names_its_subjects(db, team):
    case = _case(db, team)
    actor = actor_for(team["handler"])
    added = allegations.add_allegation(db, actor, case, _data(db, case), NOW)
    assert added.number == 2
    assert added.category.code == "B6"
    assert [cs.subject_id for cs in added.subjects] == [case.subjects[0].subject_id]
    assert added.incident_place == "High Street"
    third = allegations.add_allegation(
        db, actor, case, _data(db, case, subject_ids=(), incident_on=None), NOW
    )
    assert third.number == 3 and third.subjects == []
    subjects = [e for e in _allegation_events(db, added) if e.changes and "subjects" in e.changes]
    assert subjects[0].changes["subjects"] == {
        "old": [],
        "new": [case.subjects[0].subject_id],
    }
    assert subjects[0].case_id == case.id and subjects[0].actor_id == team["handler"].id


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"description": "   "}, "Enter a description"),
        ({"incident_on": NOW.date()}, "on or before the date the case was received"),
        ({"subject_ids": (999_999,)}, "named on the case"),
        ({"incident_place": "x" * 201}, "200 characters"),
    ],
)
def test_an_allegation_needs_good_details(db, team, changes, message):
    case = _case(db, team)
    with pytest.raises(CaseError, match=message):
        allegations.add_allegation(
            db, actor_for(team["handler"]), case, _data(db, case, **changes), NOW
        )
    assert len(case.allegations) == 1


def test_only_categories_in_use_may_be_chosen(db, team):
    case = _case(db, team)
    actor = actor_for(team["aa"])
    withdrawn = factories.category(db, "B6")
    reference.set_category_active(db, actor, withdrawn, False, NOW)
    legacy = factories.category(db, "PRE2020-U")
    reference.set_category_active(db, actor, legacy, True, NOW)
    for category in (withdrawn, legacy):
        with pytest.raises(CaseError, match="category that is in use"):
            allegations.add_allegation(
                db, actor, case, _data(db, case, category_id=category.id), NOW
            )


def test_an_imported_allegation_keeps_its_legacy_category_when_corrected(db, team):
    case = factories.complaint(db, handler=team["handler"], category_code="PRE2020-U")
    allegation = case.allegations[0]
    actor = actor_for(team["handler"])
    legacy_id = allegation.category_id
    allegations.update_allegation(
        db, actor, allegation, _data(db, case, category_id=legacy_id, description="Fixed"), NOW
    )
    assert allegation.category_id == legacy_id and allegation.description == "Fixed"
    other_legacy = factories.category(db, "PRE2020-V")
    with pytest.raises(CaseError, match="in use"):
        allegations.update_allegation(
            db, actor, allegation, _data(db, case, category_id=other_legacy.id), NOW
        )


def test_changing_who_an_allegation_concerns_is_one_audited_change(db, team):
    case = _case(db, team)
    actor = actor_for(team["handler"])
    first_subject = case.subjects[0].subject_id
    added = allegations.add_allegation(db, actor, case, _data(db, case, subject_ids=()), NOW)
    db.commit()
    before = len(_allegation_events(db, added))

    later = NOW + dt.timedelta(hours=1)
    allegations.update_allegation(
        db,
        actor,
        added,
        _data(db, case, subject_ids=(first_subject,), description="Pushed and then kicked"),
        later,
    )
    db.commit()
    events = _allegation_events(db, added)[before:]
    assert len(events) == 1
    assert events[0].action == "update"
    assert events[0].changes["subjects"] == {"old": [], "new": [first_subject]}
    # What happened is free text that may name people: the trail says it changed, not how.
    assert events[0].changes["description"] == ["[personal data]", "[personal data]"]
    assert events[0].occurred_at == later
    assert [cs.subject_id for cs in added.subjects] == [first_subject]


def test_a_change_that_keeps_the_subjects_records_no_subject_change(db, team):
    case = _case(db, team)
    allegation = case.allegations[0]
    subjects = tuple(cs.subject_id for cs in allegation.subjects)
    allegations.update_allegation(
        db,
        actor_for(team["handler"]),
        allegation,
        _data(db, case, subject_ids=subjects, description="Swore twice"),
        NOW,
    )
    db.commit()
    events = _allegation_events(db, allegation)
    assert events[-1].changes["description"] == ["[personal data]", "[personal data]"]
    assert all("subjects" not in (e.changes or {}) for e in events)


def test_a_change_bumps_the_case_version_so_concurrent_editors_are_warned(db, team):
    case = _case(db, team)
    version = case.version
    later = NOW + dt.timedelta(minutes=5)
    allegations.add_allegation(db, actor_for(team["handler"]), case, _data(db, case), later)
    db.flush()
    assert case.version > version


@pytest.mark.parametrize(
    "state", [CaseState.OUTCOME_DETERMINED, CaseState.OUTCOME_NOTIFIED, CaseState.FINALISED]
)
def test_allegations_are_fixed_once_the_outcome_is_determined_or_the_case_closed(db, team, state):
    case = _case(db, team, state)
    actor = actor_for(team["aa"])
    with pytest.raises(CaseError, match="can no longer be changed"):
        allegations.add_allegation(db, actor, case, _data(db, case), NOW)
    with pytest.raises(CaseError, match="can no longer be changed"):
        allegations.update_allegation(db, actor, case.allegations[0], _data(db, case), NOW)


# Results and actions. ----------------------------------------------------------------------


def test_outside_schedule_3_the_handler_records_resolved_with_actions(db, team):
    case = _case(db, team, CaseState.INITIAL_HANDLING)
    allegation = case.allegations[0]
    allegations.record_result(
        db,
        actor_for(team["handler"]),
        allegation,
        ResultData(R.RESOLVED, (A.APOLOGY, A.EXPLANATION), "  Apology by the inspector  "),
        NOW,
    )
    assert allegation.result == R.RESOLVED
    assert sorted(t.code for t in allegation.actions_taken) == [A.APOLOGY, A.EXPLANATION]
    assert allegation.action_note == "Apology by the inspector"
    read = taken.recorded(allegation)
    assert read.actions == (A.EXPLANATION, A.APOLOGY)
    assert read.note == "Apology by the inspector"
    assert read.words == "Explanation; Apology\nApology by the inspector"
    workflow.apply(db, actor_for(team["handler"]), case, "resolve", {}, NOW)
    assert case.state == CaseState.FINALISED


def test_outside_schedule_3_only_informal_results_and_actions_are_open(db, team):
    case = _case(db, team, CaseState.INITIAL_HANDLING)
    allegation = case.allegations[0]
    handler = actor_for(team["handler"])
    assert allegations.results_for(case) == (R.RESOLVED, R.NOT_RESOLVED)
    with pytest.raises(CaseError, match="results offered"):
        allegations.record_result(db, handler, allegation, ResultData(R.SERVICE_ACCEPTABLE), NOW)
    with pytest.raises(CaseError, match="actions from the list"):
        allegations.record_result(
            db, handler, allegation, ResultData(R.RESOLVED, (A.MISCONDUCT_HEARING,)), NOW
        )
    with pytest.raises(CaseError, match="handler"):
        allegations.record_result(
            db, actor_for(team["aa"]), allegation, ResultData(R.RESOLVED), NOW
        )
    assert allegation.result is None


def test_under_schedule_3_only_the_appropriate_authority_records_results(db, team):
    case = _case(db, team, CaseState.HANDLING)
    allegation = case.allegations[0]
    with pytest.raises(CaseError, match="Only the appropriate authority"):
        allegations.record_result(
            db, actor_for(team["handler"]), allegation, ResultData(R.SERVICE_ACCEPTABLE), NOW
        )
    with pytest.raises(CaseError, match="results offered"):
        allegations.record_result(
            db, actor_for(team["aa"]), allegation, ResultData(R.RESOLVED), NOW
        )
    allegations.record_result(
        db,
        actor_for(team["aa"]),
        allegation,
        ResultData(R.SERVICE_NOT_ACCEPTABLE, (A.RPRP, A.ORGANISATIONAL_LEARNING)),
        NOW,
    )
    assert allegation.result == R.SERVICE_NOT_ACCEPTABLE
    assert taken.recorded(allegation) == taken.RecordedActions(
        (A.RPRP, A.ORGANISATIONAL_LEARNING), None
    )
    workflow.apply(db, actor_for(team["aa"]), case, "determine_outcome", {}, NOW)
    assert case.state == CaseState.OUTCOME_DETERMINED


def test_no_further_action_stands_alone(db, team):
    case = _case(db, team, CaseState.HANDLING)
    with pytest.raises(CaseError, match="No further action"):
        allegations.record_result(
            db,
            actor_for(team["aa"]),
            case.allegations[0],
            ResultData(R.NO_FURTHER_ACTION, (A.NO_FURTHER_ACTION, A.APOLOGY)),
            NOW,
        )


@pytest.mark.parametrize(
    "state, reason",
    [
        (CaseState.LOGGED, "Decide how the complaint will be handled"),
        (CaseState.RECORDED, "Decide how the case will be handled"),
        (CaseState.INVESTIGATION, "investigation report"),
        (CaseState.OUTCOME_DETERMINED, "outcome has been determined"),
        (CaseState.FINALISED, "closed"),
    ],
)
def test_results_wait_for_the_right_state(db, team, state, reason, make_user):
    case = factories.complaint_in_state(
        db, state, handler=team["handler"], aa=team["aa"], investigator=make_user(Role.INVESTIGATOR)
    )
    assert reason in allegations.result_refusal(case)
    assert allegations.results_for(case) == ()
    assert not allegations.may_record_results(actor_for(team["aa"]), case)
    with pytest.raises(CaseError, match=reason):
        allegations.record_result(
            db, actor_for(team["aa"]), case.allegations[0], ResultData(R.SERVICE_ACCEPTABLE), NOW
        )


def test_recording_again_keeps_the_actions_still_chosen_and_audits_each_change(db, team):
    """Changing the actions adds and removes codes, not the whole list: the timeline
    then names each action added or removed by its label."""
    case = _case(db, team, CaseState.INITIAL_HANDLING)
    allegation = case.allegations[0]
    handler = actor_for(team["handler"])
    first = ResultData(R.RESOLVED, (A.EXPLANATION, A.APOLOGY), "By the sergeant")
    allegations.record_result(db, handler, allegation, first, NOW)
    kept = next(t for t in allegation.actions_taken if t.code == A.EXPLANATION)
    later = NOW + dt.timedelta(hours=1)
    second = ResultData(R.RESOLVED, (A.EXPLANATION, A.PUT_RIGHT), "  ")
    allegations.record_result(db, handler, allegation, second, later)
    assert [t.code for t in allegation.actions_taken] == [A.EXPLANATION, A.PUT_RIGHT]
    assert kept in allegation.actions_taken and kept.force_id == case.force_id
    assert allegation.action_note is None
    titles = {
        (item.title, item.detail)
        for item in timeline.timeline(db, case)
        if item.title.startswith("Action on an allegation")
    }
    assert titles == {
        ("Action on an allegation added", "Explanation"),
        ("Action on an allegation added", "Apology"),
        ("Action on an allegation removed", "Apology"),
        ("Action on an allegation added", "Putting things right"),
    }
    assert (
        db.scalar(
            select(func.count())
            .select_from(AuditEvent)
            .where(AuditEvent.entity_type == "allegation_actions", AuditEvent.case_id == case.id)
        )
        == 4
    )


# Learning. ------------------------------------------------------------------------------


def test_learning_from_an_outcome_is_proposed_on_the_register(db, team, make_user):
    case = _case(db, team, CaseState.OUTCOME_DETERMINED)
    owner = make_user(Role.HANDLER)
    item = learning.raise_learning(
        db,
        actor_for(team["aa"]),
        case,
        learning.LearningData(
            theme=" Body-worn video ",
            description="Switch cameras on before entering premises",
            level=LearningLevel.ORGANISATIONAL,
            owner_id=owner.id,
            due_on=NOW.date() + dt.timedelta(days=56),
        ),
        NOW,
    )
    assert item.source == LearningSource.CASE_OUTCOME
    assert item.status == LearningStatus.PROPOSED
    assert item.theme == "Body-worn video"
    assert item.raised_on == NOW.date() and item.case_id == case.id
    assert learning.learning_for_case(db, case) == [item]


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"due_on": NOW.date() - dt.timedelta(days=1)}, "today or in the future"),
        ({"theme": "  "}, "Enter the theme"),
        ({"description": ""}, "Describe what should be learned"),
        ({"owner_id": 999_999}, "active user"),
    ],
)
def test_learning_needs_good_details(db, team, changes, message):
    case = _case(db, team, CaseState.HANDLING)
    values = {
        "theme": "Custody",
        "description": "Check cells hourly",
        "level": LearningLevel.INDIVIDUAL,
    }
    values.update(changes)
    with pytest.raises(learning.LearningError, match=message):
        learning.raise_learning(
            db, actor_for(team["aa"]), case, learning.LearningData(**values), NOW
        )
    assert learning.learning_for_case(db, case) == []


def test_an_inactive_user_cannot_own_learning(db, team, make_user):
    from complaints.auth import services as accounts

    leaver = make_user(Role.HANDLER)
    accounts.update_user(
        db,
        Actor.system("test"),
        leaver,
        accounts.UserChanges(full_name=leaver.full_name, role=leaver.role, active=False),
        NOW,
    )
    case = _case(db, team, CaseState.HANDLING)
    with pytest.raises(learning.LearningError, match="active user"):
        learning.raise_learning(
            db,
            actor_for(team["aa"]),
            case,
            learning.LearningData("Custody", "Check cells", LearningLevel.INDIVIDUAL, leaver.id),
            NOW,
        )


def test_misconduct_proceedings_follow_only_an_investigation(db, team):
    """A complaint handled otherwise than by investigation is not offered a misconduct
    meeting or hearing, and the service refuses one; an investigated one is offered them
    once a case to answer is found (domain.md A10)."""
    handled = _case(db, team, CaseState.HANDLING)
    offered = allegations.actions_for(handled)
    for proceedings in (A.MISCONDUCT_MEETING, A.MISCONDUCT_HEARING, A.ACCELERATED_HEARING):
        assert proceedings not in offered
    with pytest.raises(CaseError, match="actions from the list"):
        allegations.record_result(
            db,
            actor_for(team["aa"]),
            handled.allegations[0],
            ResultData(R.SERVICE_NOT_ACCEPTABLE, (A.MISCONDUCT_MEETING,)),
            NOW,
        )
    investigated = factories.complaint_in_state(
        db,
        CaseState.AWAITING_DECISION,
        handler=team["handler"],
        aa=team["aa"],
        investigator=factories.user(db, Role.INVESTIGATOR),
    )
    # An investigation is not enough: it must have found a case to answer.
    assert A.MISCONDUCT_HEARING not in allegations.actions_for(investigated)
    db.add(ConductOutcome(case_subject_id=investigated.subjects[0].id, case_to_answer=True))
    db.flush()
    assert A.MISCONDUCT_HEARING in allegations.actions_for(investigated)
