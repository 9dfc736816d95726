"""The lifecycle of domain.md A2: steps, who may take them, and guards that explain."""

from __future__ import annotations

import datetime as dt

import pytest

from complaints.auth.roles import Role
from complaints.cases import services as cases
from complaints.cases import workflow
from complaints.cases.choices import AllegationResult, CaseState, CaseType
from tests import factories

S = CaseState


def take(db, person, case, step, data=None, at=factories.NOW):
    """``person`` takes a workflow step on ``case``, as the product would."""
    return workflow.apply(db, factories.actor_for(person), case, step, data, at)


@pytest.fixture()
def people(db):
    return {
        "handler": factories.user(db, Role.HANDLER),
        "aa": factories.user(db, Role.APPROPRIATE_AUTHORITY),
        "investigator": factories.user(db, Role.INVESTIGATOR),
        "reviewer": factories.user(db, Role.OPCC_REVIEWER),
    }


def test_mandatory_trigger_blocks_handling_outside_schedule_3(db, people):
    case = factories.complaint(db, handler=people["handler"], trigger_article_2_or_3=True)
    factories.contact(db, case, people["handler"])
    with pytest.raises(workflow.TransitionError, match="must be recorded under Schedule 3"):
        take(db, people["handler"], case, "handle_outside_schedule_3")


def test_first_contact_comes_before_a_handling_decision(db, people):
    case = factories.complaint(db, handler=people["handler"])
    with pytest.raises(workflow.TransitionError, match="Record first contact"):
        take(db, people["aa"], case, "record", {"reason": "AA decided"})


def test_outcome_needs_a_result_for_every_allegation(db, people):
    case = factories.complaint_in_state(db, S.HANDLING, handler=people["handler"], aa=people["aa"])
    with pytest.raises(workflow.TransitionError, match="missing: 1"):
        take(db, people["aa"], case, "determine_outcome")


def test_decisions_need_a_reason(db, people):
    case = factories.complaint(db, handler=people["handler"])
    factories.contact(db, case, people["handler"])
    with pytest.raises(workflow.TransitionError, match="reason"):
        take(db, people["aa"], case, "record")


def test_a_handler_cannot_take_an_appropriate_authority_decision(db, people):
    case = factories.complaint_in_state(db, S.RECORDED, handler=people["handler"], aa=people["aa"])
    with pytest.raises(workflow.TransitionError, match="permission"):
        take(db, people["handler"], case, "start_investigation")


def test_only_the_assigned_investigator_submits_the_report(db, people):
    other = factories.user(db, Role.INVESTIGATOR)
    case = factories.complaint_in_state(
        db,
        S.INVESTIGATION,
        handler=people["handler"],
        aa=people["aa"],
        investigator=people["investigator"],
    )
    with pytest.raises(workflow.TransitionError, match="permission"):
        take(db, other, case, "submit_report")
    take(db, people["investigator"], case, "submit_report")
    assert case.state == S.AWAITING_DECISION


def test_suspension_periods_are_kept(db, people):
    case = factories.complaint_in_state(
        db,
        S.SUSPENDED,
        handler=people["handler"],
        aa=people["aa"],
        investigator=people["investigator"],
    )
    later = factories.NOW + dt.timedelta(days=40)
    take(db, people["aa"], case, "resume", {"on": later.date()}, later)
    (period,) = case.investigation.suspensions
    assert period.reason == "Sub judice"
    assert (period.started_on, period.ended_on) == (factories.NOW.date(), later.date())


def test_finalising_waits_for_the_28_day_review_window(db, people):
    case = factories.complaint_in_state(
        db, S.OUTCOME_NOTIFIED, handler=people["handler"], aa=people["aa"]
    )
    handler = factories.actor_for(people["handler"])
    last_day = factories.NOW + dt.timedelta(days=28)
    with pytest.raises(workflow.TransitionError, match="may apply for a review until"):
        workflow.apply(db, handler, case, "finalise", {}, last_day)
    workflow.apply(db, handler, case, "finalise", {}, last_day + dt.timedelta(days=1))
    assert case.state == S.FINALISED


def test_upheld_review_sends_the_case_back(db, people):
    case = factories.complaint_in_state(
        db, S.UNDER_REVIEW, handler=people["handler"], aa=people["aa"]
    )
    workflow.apply(
        db,
        factories.actor_for(people["reviewer"]),
        case,
        "decide_review",
        {
            "outcome": "upheld",
            "sent_back_to": "investigation",
            "rationale": "Not reasonable and proportionate",
        },
        factories.NOW,
    )
    assert case.state == S.INVESTIGATION
    assert case.reviews[0].sent_back_to == S.INVESTIGATION


def test_outside_schedule_3_results_are_not_schedule_3_results(db, people):
    case = factories.complaint_in_state(
        db, S.INITIAL_HANDLING, handler=people["handler"], aa=people["aa"]
    )
    with pytest.raises(cases.CaseError, match="outside Schedule 3"):
        cases.set_allegation_result(
            db,
            factories.actor_for(people["handler"]),
            case.allegations[0],
            AllegationResult.SERVICE_ACCEPTABLE,
            factories.NOW,
        )


def test_conduct_and_dsi_matters_follow_their_own_tracks(db, people):
    aa = factories.actor_for(people["aa"])
    conduct = factories.matter(db, CaseType.CONDUCT_MATTER)
    assert conduct.state == S.RECORDED
    with pytest.raises(workflow.TransitionError, match="cannot be taken through"):
        workflow.apply(db, aa, conduct, "notify_outcome", {}, factories.NOW)
    dsi = factories.matter(db, CaseType.DSI_MATTER)
    workflow.apply(db, aa, dsi, "refer_to_iopc", {"reason": "DSI: always referred"}, factories.NOW)
    workflow.apply(db, aa, dsi, "close_matter", {}, factories.NOW)
    assert dsi.state == S.FINALISED


def test_intake_refuses_impossible_dates(db, people):
    with pytest.raises(cases.CaseError, match="incident date must be on or before"):
        factories.complaint(
            db,
            handler=people["handler"],
            received_on=dt.date(2026, 5, 1),
            incident_on=dt.date(2026, 6, 1),
        )
    with pytest.raises(cases.CaseError, match="today or in the past"):
        factories.complaint(db, handler=people["handler"], received_on=dt.date(2027, 1, 1))


def test_the_review_body_decides_its_own_reviews(db, people):
    case = factories.complaint_in_state(
        db, S.UNDER_REVIEW, handler=people["handler"], aa=people["aa"]
    )
    with pytest.raises(workflow.TransitionError, match="for the OPCC to decide"):
        take(db, people["aa"], case, "decide_review", {"outcome": "not_upheld"})


def test_the_appropriate_authority_records_the_iopcs_review_decision(db, people):
    case = factories.complaint_in_state(
        db, S.OUTCOME_NOTIFIED, handler=people["handler"], aa=people["aa"]
    )
    take(
        db,
        people["handler"],
        case,
        "apply_for_review",
        {"body": "iopc", "routing_reason": "Subject above chief superintendent"},
    )
    with pytest.raises(workflow.TransitionError, match="The IOPC decides this review"):
        take(db, people["reviewer"], case, "decide_review", {"outcome": "not_upheld"})
    take(
        db,
        people["aa"],
        case,
        "decide_review",
        {"outcome": "not_upheld", "rationale": "IOPC: reasonable"},
    )
    assert case.state == S.FINALISED


def test_a_case_sent_back_keeps_its_investigation_mode(db, people):
    case = factories.complaint_in_state(db, S.REFERRED, handler=people["handler"], aa=people["aa"])
    aa = factories.actor_for(people["aa"])
    workflow.apply(
        db,
        aa,
        case,
        "iopc_investigation",
        {"mode": "directed", "investigator_id": people["investigator"].id},
        factories.NOW,
    )
    take(db, people["investigator"], case, "submit_report")
    for allegation in case.allegations:
        cases.set_allegation_result(
            db, aa, allegation, AllegationResult.UNABLE_TO_DETERMINE, factories.NOW
        )
    workflow.apply(db, aa, case, "determine_outcome", {}, factories.NOW)
    take(db, people["handler"], case, "notify_outcome")
    take(db, people["handler"], case, "apply_for_review", {"body": "opcc"})
    take(
        db,
        people["reviewer"],
        case,
        "decide_review",
        {"outcome": "upheld", "sent_back_to": "investigation"},
    )
    assert case.state == S.INVESTIGATION
    assert case.investigation.mode.value == "directed"
    assert case.investigation.investigator_id == people["investigator"].id


def test_a_complainant_who_cannot_be_reached_does_not_block_handling(db, people):
    case = factories.complaint(db, handler=people["handler"])
    handler = factories.actor_for(people["handler"])
    cases.record_contact_not_possible(
        db, handler, case, "No reply to two letters and a call", factories.NOW
    )
    workflow.apply(db, handler, case, "handle_outside_schedule_3", {}, factories.NOW)
    assert case.state == S.INITIAL_HANDLING


def test_an_investigator_works_a_chief_constable_case_only_when_named(db, people):
    people["investigator"].external = True  # from outside the force, as the chief's must be
    chief = factories.subject(db, family_name="Chief", chief_constable=True)
    reviewer = factories.actor_for(people["reviewer"])
    case = factories.complaint(db, subject_=chief)
    cases.record_contact_not_possible(db, reviewer, case, "Complainant abroad", factories.NOW)
    workflow.apply(db, reviewer, case, "record", {"reason": "Mandatory"}, factories.NOW)
    workflow.apply(
        db,
        reviewer,
        case,
        "start_investigation",
        {"investigator_id": people["investigator"].id},
        factories.NOW,
    )
    step = workflow.TRANSITIONS["submit_report"]
    assert workflow.permitted(case, step, factories.actor_for(people["investigator"])) is None
    assert "permission" in workflow.permitted(case, step, factories.actor_for(people["aa"]))


def test_a_conduct_matter_outcome_is_decided_per_subject(db, people):
    from complaints.investigations.services import ConductOutcomeData, record_conduct_outcome

    aa = factories.actor_for(people["aa"])
    matter = factories.matter(db, CaseType.CONDUCT_MATTER)
    workflow.apply(db, aa, matter, "handle_without_investigation", {}, factories.NOW)
    with pytest.raises(workflow.TransitionError, match="conduct outcome for every subject"):
        workflow.apply(db, aa, matter, "determine_outcome", {}, factories.NOW)
    record_conduct_outcome(
        db,
        aa,
        matter,
        matter.subjects[0].id,
        ConductOutcomeData(practice_requiring_improvement=True, decided_on=factories.NOW.date()),
        factories.NOW,
    )
    workflow.apply(db, aa, matter, "determine_outcome", {}, factories.NOW)
    workflow.apply(db, aa, matter, "close_matter", {}, factories.NOW)
    assert matter.state == S.FINALISED


def test_no_review_of_an_independent_iopc_investigation(db, people):
    case = factories.complaint_in_state(db, S.REFERRED, handler=people["handler"], aa=people["aa"])
    aa, handler = factories.actor_for(people["aa"]), factories.actor_for(people["handler"])
    workflow.apply(
        db,
        aa,
        case,
        "iopc_investigation",
        {"mode": "independent", "investigator_id": people["investigator"].id},
        factories.NOW,
    )
    take(db, people["investigator"], case, "submit_report")
    for allegation in case.allegations:
        cases.set_allegation_result(
            db, aa, allegation, AllegationResult.SERVICE_ACCEPTABLE, factories.NOW
        )
    workflow.apply(db, aa, case, "determine_outcome", {}, factories.NOW)
    workflow.apply(db, handler, case, "notify_outcome", {}, factories.NOW)
    with pytest.raises(workflow.TransitionError, match="carried out independently"):
        workflow.apply(db, handler, case, "apply_for_review", {"body": "iopc"}, factories.NOW)


def test_a_late_review_application_needs_a_special_reason(db, people):
    case = factories.complaint_in_state(
        db, S.OUTCOME_NOTIFIED, handler=people["handler"], aa=people["aa"]
    )
    handler = factories.actor_for(people["handler"])
    late = factories.NOW + dt.timedelta(days=29)
    with pytest.raises(workflow.TransitionError, match="record the special reason"):
        workflow.apply(db, handler, case, "apply_for_review", {"body": "opcc"}, late)
    workflow.apply(
        db,
        handler,
        case,
        "apply_for_review",
        {"body": "opcc", "late_special_reason": "In hospital for three weeks"},
        late,
    )
    assert case.reviews[0].late_special_reason == "In hospital for three weeks"


def test_a_review_goes_to_the_body_the_outcome_letter_named(db, people):
    case = factories.complaint_in_state(
        db, S.OUTCOME_NOTIFIED, handler=people["handler"], aa=people["aa"]
    )
    assert case.review_body.value == "opcc"
    take(db, people["handler"], case, "apply_for_review")
    assert case.reviews[0].body.value == "opcc"
    assert case.reviews[0].routing_reason == case.review_body_reason


def test_notifying_the_outcome_records_the_review_body_proposed_by_a7(db, people):
    case = factories.complaint_in_state(
        db,
        S.OUTCOME_DETERMINED,
        handler=people["handler"],
        aa=people["aa"],
        trigger_crime_or_misconduct=True,
    )
    take(db, people["handler"], case, "notify_outcome")
    assert case.review_body.value == "iopc"
    assert "criminal or disciplinary proceedings" in case.review_body_reason


def test_the_handler_may_name_another_review_body_with_a_reason(db, people):
    case = factories.complaint_in_state(
        db, S.OUTCOME_DETERMINED, handler=people["handler"], aa=people["aa"]
    )
    take(
        db,
        people["handler"],
        case,
        "notify_outcome",
        {"review_body": "iopc", "review_body_reason": "Same incident as an IOPC referral"},
    )
    assert (case.review_body.value, case.review_body_reason) == (
        "iopc",
        "Same incident as an IOPC referral",
    )


def test_work_sent_back_needs_its_results_decided_again(db, people):
    case = factories.complaint_in_state(
        db, S.UNDER_REVIEW, handler=people["handler"], aa=people["aa"]
    )
    take(
        db,
        people["reviewer"],
        case,
        "decide_review",
        {"outcome": "upheld", "sent_back_to": "handling"},
    )
    with pytest.raises(workflow.TransitionError, match="Record a result for every allegation"):
        take(db, people["aa"], case, "determine_outcome")


def test_a_reopened_case_needs_its_results_decided_again(db, people):
    case = factories.complaint_in_state(
        db, S.OUTCOME_NOTIFIED, handler=people["handler"], aa=people["aa"]
    )
    later = factories.NOW + dt.timedelta(days=40)
    aa = factories.actor_for(people["aa"])
    take(db, people["handler"], case, "finalise", {}, later)
    workflow.apply(db, aa, case, "reopen", {"reason": "New evidence"}, later)
    workflow.apply(db, aa, case, "handle_without_investigation", {}, later)
    assert all(a.result is None for a in case.allegations)


def test_a_bad_review_decision_changes_nothing(db, people):
    case = factories.complaint_in_state(
        db, S.UNDER_REVIEW, handler=people["handler"], aa=people["aa"]
    )
    reviewer = factories.actor_for(people["reviewer"])
    with pytest.raises(workflow.TransitionError, match="Choose whether the review is upheld"):
        workflow.apply(db, reviewer, case, "decide_review", {}, factories.NOW)
    with pytest.raises(workflow.TransitionError, match="sends the case back"):
        workflow.apply(
            db,
            reviewer,
            case,
            "decide_review",
            {"outcome": "upheld", "sent_back_to": "finalised"},
            factories.NOW,
        )
    assert case.reviews[0].outcome is None and case.state == S.UNDER_REVIEW


def test_only_an_active_investigator_can_be_given_an_investigation(db, people):
    case = factories.complaint_in_state(db, S.RECORDED, handler=people["handler"], aa=people["aa"])
    with pytest.raises(workflow.TransitionError, match="Choose an active investigator"):
        take(
            db, people["aa"], case, "start_investigation", {"investigator_id": people["handler"].id}
        )


def test_results_wait_for_the_handling_decision(db, people):
    case = factories.complaint(db, handler=people["handler"])
    with pytest.raises(cases.CaseError, match="while the complaint is being handled"):
        cases.set_allegation_result(
            db,
            factories.actor_for(people["aa"]),
            case.allegations[0],
            AllegationResult.SERVICE_ACCEPTABLE,
            factories.NOW,
        )


def test_intake_assigns_only_an_active_handler(db, people):
    with pytest.raises(cases.CaseError, match="Choose an active complaints handler"):
        factories.complaint(db, handler=people["investigator"])


def test_no_handler_works_an_unassigned_case(db, people):
    case = factories.complaint(db)
    step = workflow.TRANSITIONS["handle_outside_schedule_3"]
    assert "permission" in workflow.permitted(case, step, factories.actor_for(people["handler"]))


def test_a_conduct_matter_is_finalised_only_after_its_outcome(db, people):
    aa = factories.actor_for(people["aa"])
    matter = factories.matter(db, CaseType.CONDUCT_MATTER)
    workflow.apply(db, aa, matter, "refer_to_iopc", {"reason": "Serious corruption"}, factories.NOW)
    with pytest.raises(workflow.TransitionError, match="once its outcome is determined"):
        workflow.apply(db, aa, matter, "close_matter", {}, factories.NOW)


def test_the_appropriate_authority_starts_only_local_investigations(db, people):
    case = factories.complaint_in_state(db, S.RECORDED, handler=people["handler"], aa=people["aa"])
    take(
        db,
        people["aa"],
        case,
        "start_investigation",
        {"mode": "independent", "investigator_id": people["investigator"].id},
    )
    assert case.investigation.mode.value == "local"
