"""Whether a case waits for the appropriate authority's decision is stored on the case and
kept by the rule itself: after every write, for every case, the stored answer is the rule
evaluated (the workflow's guards as SQL), which is what the case page offers."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select, true, update

from complaints.auth.roles import Role
from complaints.cases import awaiting, queues, workflow
from complaints.cases import services as cases
from complaints.cases.allegations import add_allegation
from complaints.cases.choices import AllegationResult, CaseState, CaseType
from complaints.cases.models import Allegation, Case
from complaints.demo.seed import seed
from complaints.investigations.models import ConductOutcome
from complaints.reviews.models import ReviewBody, ReviewOutcome
from complaints.subjects.models import SubjectKind
from tests import factories

NOW = factories.NOW


def stored(db) -> set[int]:
    """The cases marked in the database (not the session's copies)."""
    return set(db.scalars(select(Case.id).where(Case.awaits_decision == true())))


def evaluated(db) -> set[int]:
    return set(db.scalars(select(Case.id).where(awaiting.rule())))


def assert_kept(db) -> set[int]:
    """The stored answer is the rule's, in the database and in the session's cases."""
    db.flush()
    truth = evaluated(db)
    assert stored(db) == truth
    for case in db.scalars(select(Case)):
        assert case.awaits_decision == (case.id in truth), case.reference
    return truth


@pytest.fixture()
def people(db):
    return (
        factories.user(db, Role.HANDLER),
        factories.user(db, Role.APPROPRIATE_AUTHORITY),
        factories.user(db, Role.INVESTIGATOR),
    )


def test_every_table_the_rule_reads_leads_to_its_cases():
    assert awaiting.unreachable_tables() == set()
    assert {"cases", "allegations", "reviews", "conduct_outcomes"} <= set(awaiting.read_by_rule())


def test_an_appropriate_authority_s_rule_is_the_one_stored(db, people):
    """Which authority asks changes nothing but the forces the queue keeps."""
    aa = factories.actor_for(people[1])
    mine = select(Case.id).where(queues.decision_rule(aa)).compile(db.get_bind())
    kept = select(Case.id).where(awaiting.rule()).compile(db.get_bind())
    assert (mine.string, mine.params) == (kept.string, kept.params)


def test_a_complaint_in_every_state_is_marked_as_the_rule_says(db, people):
    handler, aa, investigator = people
    made = {}
    for state in CaseState:
        made[state] = factories.complaint_in_state(
            db, state, handler=handler, aa=aa, investigator=investigator
        )
        assert_kept(db)
    truth = assert_kept(db)
    assert {s for s, case in made.items() if case.id in truth} == {
        CaseState.RECORDED,
        CaseState.REFERRED,
        CaseState.AWAITING_DECISION,
    }


def test_results_recorded_one_by_one_mark_the_case_when_the_last_is_in(db, people):
    handler, aa, _ = people
    a = factories.actor_for(aa)
    case = factories.complaint_in_state(db, CaseState.HANDLING, handler=handler, aa=aa)
    second = cases.AllegationData(factories.category(db, "H1").id, "Pushed him", ())
    extra = add_allegation(db, a, case, second, NOW)
    assert case.id not in assert_kept(db)
    first = case.allegations[0]
    cases.set_allegation_result(db, a, first, AllegationResult.SERVICE_ACCEPTABLE, NOW)
    assert case.id not in assert_kept(db)
    cases.set_allegation_result(db, a, extra, AllegationResult.NO_FURTHER_ACTION, NOW)
    assert case.id in assert_kept(db)
    # A further allegation, with no result yet, takes the decision away again ...
    late = add_allegation(db, a, case, second, NOW)
    assert case.id not in assert_kept(db)
    # ... and removing it brings it back.
    db.delete(late)
    assert case.id in assert_kept(db)
    # A result outside Schedule 3 is no result of a recorded complaint's handling.
    extra.result = AllegationResult.RESOLVED
    assert case.id not in assert_kept(db)
    cases.set_allegation_result(db, a, extra, AllegationResult.UNABLE_TO_DETERMINE, NOW)
    assert case.id in assert_kept(db)
    workflow.apply(db, a, case, "determine_outcome", {}, NOW)
    assert case.id not in assert_kept(db)


def test_a_conduct_matter_waits_once_every_identified_subject_is_decided(db, people):
    _, aa, _ = people
    a = factories.actor_for(aa)
    matter = factories.matter(db, CaseType.CONDUCT_MATTER)
    assert matter.id in assert_kept(db)  # recorded: the handling decision waits
    workflow.apply(db, a, matter, "handle_without_investigation", {}, NOW)
    assert matter.id not in assert_kept(db)
    named = matter.subjects[0]
    outcome = ConductOutcome(case_subject_id=named.id, case_to_answer=True)
    db.add(outcome)
    assert matter.id in assert_kept(db)
    # A second person named on the matter waits for their own decision.
    other = cases.attach_subject(db, matter, factories.subject(db))
    assert matter.id not in assert_kept(db)
    # Unless no one knows who they are: an unidentified person is no one to decide about.
    other.subject.kind = SubjectKind.UNIDENTIFIED
    assert matter.id in assert_kept(db)
    other.subject.kind = SubjectKind.OFFICER
    assert matter.id not in assert_kept(db)
    db.delete(other)
    assert matter.id in assert_kept(db)
    outcome.case_to_answer = None
    assert matter.id not in assert_kept(db)
    outcome.decided_on = NOW.date()
    assert matter.id in assert_kept(db)
    db.delete(outcome)
    assert matter.id not in assert_kept(db)


def test_a_dsi_matter_waits_while_referred_and_a_closed_matter_does_not(db, people):
    _, aa, _ = people
    a = factories.actor_for(aa)
    dsi = factories.matter(db, CaseType.DSI_MATTER)
    assert dsi.id in assert_kept(db)
    workflow.apply(db, a, dsi, "refer_to_iopc", {"reason": "Death"}, NOW)
    assert dsi.id in assert_kept(db)
    workflow.apply(db, a, dsi, "close_matter", {}, NOW)
    assert dsi.id not in assert_kept(db)


@pytest.mark.parametrize("body", [ReviewBody.IOPC, ReviewBody.OPCC])
def test_a_review_waits_for_the_authority_only_when_the_iopc_decides_it(db, people, body):
    handler, aa, _ = people
    case = factories.complaint_in_state(db, CaseState.OUTCOME_NOTIFIED, handler=handler, aa=aa)
    routing = {"body": body.value, "routing_reason": "Chosen"}
    workflow.apply(db, factories.actor_for(handler), case, "apply_for_review", routing, NOW)
    truth = assert_kept(db)
    assert (case.id in truth) == (body == ReviewBody.IOPC)
    review = case.reviews[0]
    review.valid = False
    assert case.id not in assert_kept(db)
    review.valid = True
    review.body = ReviewBody.IOPC
    assert case.id in assert_kept(db)
    review.decided_on, review.outcome = NOW.date(), ReviewOutcome.NOT_UPHELD
    assert case.id not in assert_kept(db)


def test_an_upheld_review_sends_the_case_back_to_wait_again(db, people):
    handler, aa, _ = people
    a = factories.actor_for(aa)
    case = factories.complaint_in_state(db, CaseState.OUTCOME_NOTIFIED, handler=handler, aa=aa)
    routing = {"body": "iopc", "routing_reason": "Chosen"}
    workflow.apply(db, factories.actor_for(handler), case, "apply_for_review", routing, NOW)
    assert case.id in assert_kept(db)
    decision = {"outcome": "upheld", "sent_back_to": "recorded", "on": NOW.date()}
    workflow.apply(db, a, case, "decide_review", decision, NOW)
    assert case.state == CaseState.RECORDED
    assert case.id in assert_kept(db)


def test_a_write_the_session_does_not_see_is_put_right_by_refresh(db, people):
    handler, aa, _ = people
    case = factories.complaint_in_state(db, CaseState.HANDLING, handler=handler, aa=aa)
    db.flush()
    db.execute(
        update(Allegation)
        .where(Allegation.case_id == case.id)
        .values(result=AllegationResult.SERVICE_ACCEPTABLE, result_recorded_at=NOW)
        .execution_options(synchronize_session=False)
    )
    assert stored(db) != evaluated(db)
    assert awaiting.refresh(db, [case.id]) == 1
    assert stored(db) == evaluated(db)
    db.execute(update(Case).values(awaits_decision=False))
    assert awaiting.refresh(db) == len(evaluated(db))
    assert stored(db) == evaluated(db)


def test_the_demo_data_is_marked_as_the_rule_says(db):
    seed(db, today=dt.date(2026, 11, 22), cases=120)
    truth = assert_kept(db)
    assert truth  # the demo has decisions waiting


def test_the_queue_of_an_authority_reads_the_stored_answer(db, people):
    """Its page and count read the partial index, not the allegations and reviews."""
    aa = factories.actor_for(people[1])
    sql = str(queues.decisions(aa).compile(db.get_bind()))
    assert "awaits_decision" in sql
    assert "allegations" not in sql and "reviews" not in sql
    # Anyone else who decides on some cases (the OPCC) has the rule evaluated for them.
    reviewer = factories.actor_for(factories.user(db, Role.OPCC_REVIEWER))
    assert "reviews" in str(queues.decisions(reviewer).compile(db.get_bind()))


def test_a_case_moved_between_subjects_is_marked_for_both(db, people):
    """A subject named on a conduct matter moved to another matter: both re-evaluated."""
    _, aa, _ = people
    a = factories.actor_for(aa)
    first = factories.matter(db, CaseType.CONDUCT_MATTER)
    second = factories.matter(db, CaseType.CONDUCT_MATTER)
    for matter in (first, second):
        workflow.apply(db, a, matter, "handle_without_investigation", {}, NOW)
        db.add(ConductOutcome(case_subject_id=matter.subjects[0].id, decided_on=NOW.date()))
    assert {first.id, second.id} <= assert_kept(db)
    extra = cases.attach_subject(db, first, factories.subject(db))
    assert first.id not in assert_kept(db)
    extra.case_id = second.id
    db.flush()
    db.expire_all()
    truth = assert_kept(db)
    assert first.id in truth and second.id not in truth


def test_every_case_waiting_for_a_decision_is_open():
    """The queue leaves out the open-state filter because the rule's states are open."""
    steps = [workflow.TRANSITIONS[name] for name in queues.DECISION_STEPS]
    assert all(step.sources <= set(queues.OPEN_STATES) for step in steps)
    assert CaseState.AWAITING_DECISION in queues.OPEN_STATES
