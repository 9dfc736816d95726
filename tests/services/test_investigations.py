"""Investigations (A2, A3): details, severity assessments and conduct outcomes per subject."""

from __future__ import annotations

import datetime as dt

import pytest

from complaints.auth import services as accounts
from complaints.auth.permissions import Permission, can
from complaints.auth.roles import Role
from complaints.cases import services as cases
from complaints.cases import workflow
from complaints.cases.choices import CaseState, CaseType, Channel
from complaints.cases.services import CaseError
from complaints.common.actor import Actor
from complaints.investigations import notices, services
from complaints.investigations.models import Finding, Proceedings, Sanction, Severity
from complaints.investigations.queries import conduct_for_case
from complaints.investigations.services import (
    ConductOutcomeData,
    InvestigationDetails,
    SeverityData,
)
from complaints.subjects.models import SubjectKind
from tests import factories

S = CaseState
NOW = factories.NOW
TODAY = NOW.date()
LATER = NOW + dt.timedelta(days=30)


def act(person):
    return factories.actor_for(person)


@pytest.fixture()
def people(db):
    return {
        "handler": factories.user(db, Role.HANDLER),
        "aa": factories.user(db, Role.APPROPRIATE_AUTHORITY),
        "investigator": factories.user(db, Role.INVESTIGATOR),
    }


def in_state(db, people, state=S.INVESTIGATION):
    return factories.complaint_in_state(
        db, state, handler=people["handler"], aa=people["aa"], investigator=people["investigator"]
    )


def update(db, person, case, at=NOW, **fields):
    return services.update_investigation(db, act(person), case, InvestigationDetails(**fields), at)


def assess(db, person, case, severity, *, on=TODAY, at=NOW, by_iopc=False, rationale="Evidence"):
    return services.assess_severity(
        db,
        act(person),
        case,
        case.subjects[0].id,
        SeverityData(severity=severity, assessed_on=on, rationale=rationale, by_iopc=by_iopc),
        at,
    )


def serve(db, person, case, served_on=TODAY, at=NOW, response_on=None):
    return notices.serve_notice(
        db, act(person), case, case.subjects[0], notices.NoticeData(served_on, response_on), at
    )


def outcome(db, person, case, at=NOW, regulation_17_served_on=None, **fields):
    """The subject's outcome, after serving the notice on the date given, if one is."""
    if regulation_17_served_on is not None:
        serve(db, person, case, regulation_17_served_on, at)
    return services.record_conduct_outcome(
        db, act(person), case, case.subjects[0].id, ConductOutcomeData(**fields), at
    )


def nothing_decided(db, case) -> bool:
    """No outcome saved for the first subject: at most the notice served before."""
    saved = conduct_for_case(db, case)[0].outcome
    return saved is None or (saved.case_to_answer, saved.proceedings) == (None, None)


def report_in(db, people, severity=Severity.MISCONDUCT):
    """A complaint investigated under special procedures, its subject assessed and (if
    misconduct is alleged) served the Regulation 17 notice, report in."""
    case = in_state(db, people)
    update(db, people["aa"], case, special_procedures=True)
    assess(db, people["aa"], case, severity)
    if severity != Severity.NONE:
        serve(db, people["investigator"], case)
    workflow.apply(db, act(people["investigator"]), case, "submit_report", {}, NOW)
    return case


def conduct_matter(db, people, *subjects):
    """A recordable conduct matter about these subjects, under local investigation."""
    named = subjects or (factories.subject(db),)
    case = cases.log_case(
        db,
        Actor.system("test"),
        cases.NewCase(
            case_type=CaseType.CONDUCT_MATTER,
            received_on=TODAY - dt.timedelta(days=10),
            channel=Channel.INTERNAL,
            summary="Found in an audit of system use",
            subject_ids=tuple(s.id for s in named),
        ),
        NOW,
    )
    workflow.apply(
        db,
        act(people["aa"]),
        case,
        "start_investigation",
        {"investigator_id": people["investigator"].id},
        NOW,
    )
    return case


def deactivate(db, user):
    accounts.update_user(
        db,
        Actor.system("test"),
        user,
        accounts.UserChanges(full_name=user.full_name, role=user.role, active=False),
        NOW,
    )


# Investigation details ----------------------------------------------------------------


def test_the_appropriate_authority_sets_terms_special_procedures_and_investigator(db, people):
    case = in_state(db, people)
    successor = factories.user(db, Role.INVESTIGATOR)
    update(
        db,
        people["aa"],
        case,
        terms_of_reference="  Establish whether PC Stone swore at the complainant  ",
        special_procedures=True,
        investigator_id=successor.id,
    )
    investigation = case.investigation
    assert investigation.terms_of_reference == (
        "Establish whether PC Stone swore at the complainant"
    )
    assert investigation.special_procedures is True
    assert investigation.investigator_id == successor.id
    assert can(act(successor), Permission.INVESTIGATE, case)
    assert not can(act(people["investigator"]), Permission.INVESTIGATE, case)


def test_the_investigator_keeps_the_terms_of_reference_and_nothing_else(db, people):
    case = in_state(db, people)
    investigator = people["investigator"]
    update(db, investigator, case, terms_of_reference="Interview the counter staff")
    assert case.investigation.terms_of_reference == "Interview the counter staff"
    with pytest.raises(CaseError, match="Only the appropriate authority can decide whether"):
        update(db, investigator, case, special_procedures=True)
    other = factories.user(db, Role.INVESTIGATOR)
    with pytest.raises(CaseError, match="Only the appropriate authority can change the inv"):
        update(db, investigator, case, investigator_id=other.id)
    # The unchanged values a full form posts back are not a change.
    update(
        db,
        investigator,
        case,
        terms_of_reference="Interview the counter staff and the custody sergeant",
        special_procedures=False,
        investigator_id=investigator.id,
    )
    assert case.investigation.special_procedures is False
    assert case.investigation.investigator_id == investigator.id


def test_no_one_else_changes_the_investigation(db, people):
    case = in_state(db, people)
    for person in (factories.user(db, Role.INVESTIGATOR), people["handler"]):
        with pytest.raises(CaseError, match="You do not have permission"):
            update(db, person, case, terms_of_reference="Something else")
    assert case.investigation.terms_of_reference is None


def test_only_an_active_investigator_is_given_the_investigation(db, people):
    case = in_state(db, people)
    leaver = factories.user(db, Role.INVESTIGATOR)
    deactivate(db, leaver)
    for person in (leaver, people["handler"]):
        with pytest.raises(CaseError, match="Choose an active investigator"):
            update(db, people["aa"], case, investigator_id=person.id)
    assert case.investigation.investigator_id == people["investigator"].id


def test_a_new_investigator_is_named_on_a_restricted_case(db, people):
    case = in_state(db, people)
    cases.restrict(db, act(people["aa"]), case, "Sensitive intelligence", NOW)
    successor = factories.user(db, Role.INVESTIGATOR)
    assert successor.id not in {a.user_id for a in case.access}
    update(db, people["aa"], case, investigator_id=successor.id)
    assert successor.id in {a.user_id for a in case.access}
    assert can(act(successor), Permission.INVESTIGATE, case)


def test_the_investigation_changes_only_while_under_way_or_suspended(db, people):
    suspended = in_state(db, people, S.SUSPENDED)
    update(db, people["aa"], suspended, terms_of_reference="Paused while the CPS decides")
    assert suspended.investigation.terms_of_reference == "Paused while the CPS decides"
    reported = in_state(db, people, S.AWAITING_DECISION)
    with pytest.raises(CaseError, match="only while it is under way or suspended"):
        update(db, people["aa"], reported, terms_of_reference="Too late")
    handled = in_state(db, people, S.HANDLING)
    with pytest.raises(CaseError, match="only while it is under way or suspended"):
        update(db, people["aa"], handled, terms_of_reference="No investigation")


def test_terms_of_reference_cannot_be_blank(db, people):
    case = in_state(db, people)
    update(db, people["aa"], case, terms_of_reference="Original terms")
    with pytest.raises(CaseError, match="Enter the terms of reference"):
        update(db, people["aa"], case, terms_of_reference="   ")
    assert case.investigation.terms_of_reference == "Original terms"


def test_special_procedures_stay_while_a_subject_is_assessed_as_misconduct(db, people):
    case = in_state(db, people)
    update(db, people["aa"], case, special_procedures=True)
    assess(db, people["aa"], case, Severity.MISCONDUCT)
    with pytest.raises(CaseError, match="revise the severity assessment first"):
        update(db, people["aa"], case, special_procedures=False)
    assert case.investigation.special_procedures is True
    assess(db, people["aa"], case, Severity.NONE, on=LATER.date(), at=LATER)
    update(db, people["aa"], case, LATER, special_procedures=False)
    assert case.investigation.special_procedures is False


def test_an_edit_started_before_someone_elses_save_is_refused(db, people):
    case = in_state(db, people)
    opened_at = case.investigation.version
    update(db, people["aa"], case, expected_version=opened_at, terms_of_reference="First")
    with pytest.raises(services.InvestigationChangedMeanwhile, match="Someone else changed"):
        update(db, people["investigator"], case, expected_version=opened_at, terms_of_reference="2")
    assert case.investigation.terms_of_reference == "First"


# Severity assessments -----------------------------------------------------------------


def test_a_revision_is_a_new_assessment_and_the_history_stays_in_order(db, people):
    case = in_state(db, people)
    first = assess(db, people["aa"], case, Severity.MISCONDUCT, rationale="Swearing")
    revised = assess(
        db,
        people["aa"],
        case,
        Severity.GROSS_MISCONDUCT,
        on=LATER.date(),
        at=LATER,
        rationale="CCTV shows a threat as well",
    )
    case_subject = case.subjects[0]
    history = services.severity_history(case_subject)
    assert [(a.severity, a.assessed_on) for a in history] == [
        (Severity.MISCONDUCT, TODAY),
        (Severity.GROSS_MISCONDUCT, LATER.date()),
    ]
    assert (first.severity, first.rationale) == (Severity.MISCONDUCT, "Swearing")
    assert services.current_severity(case_subject) == Severity.GROSS_MISCONDUCT
    assert services.current_assessment(case_subject) is revised
    assert revised.assessed_by_id == people["aa"].id
    (conduct,) = conduct_for_case(db, case)
    assert conduct.assessments == history
    assert conduct.current is revised


def test_a_subject_not_yet_assessed_has_no_current_severity(db, people):
    case = in_state(db, people)
    assert services.severity_history(case.subjects[0]) == []
    assert services.current_severity(case.subjects[0]) is None


def test_a_revision_cannot_be_dated_before_the_assessment_it_revises(db, people):
    case = in_state(db, people)
    assess(db, people["aa"], case, Severity.MISCONDUCT, on=LATER.date(), at=LATER)
    with pytest.raises(CaseError, match="on or after the assessment it revises"):
        assess(db, people["aa"], case, Severity.NONE, on=TODAY, at=LATER)
    assert len(services.severity_history(case.subjects[0])) == 1


def test_the_assessment_date_is_between_receipt_and_today(db, people):
    case = in_state(db, people)
    with pytest.raises(CaseError, match="must be today or in the past"):
        assess(db, people["aa"], case, Severity.MISCONDUCT, on=TODAY + dt.timedelta(days=1))
    with pytest.raises(CaseError, match="on or after the date the case was received"):
        assess(
            db,
            people["aa"],
            case,
            Severity.MISCONDUCT,
            on=case.received_on - dt.timedelta(days=1),
        )
    assess(db, people["aa"], case, Severity.MISCONDUCT, on=case.received_on)
    assert services.current_severity(case.subjects[0]) == Severity.MISCONDUCT


def test_an_assessment_needs_its_rationale(db, people):
    case = in_state(db, people)
    with pytest.raises(CaseError, match="Enter the rationale"):
        assess(db, people["aa"], case, Severity.MISCONDUCT, rationale="  ")
    assert services.severity_history(case.subjects[0]) == []


def test_only_the_appropriate_authority_assesses_severity(db, people):
    case = in_state(db, people)
    for person in (people["investigator"], people["handler"]):
        with pytest.raises(CaseError, match="You do not have permission"):
            assess(db, person, case, Severity.MISCONDUCT)
    assert services.severity_history(case.subjects[0]) == []


def test_severity_is_assessed_in_an_open_investigation(db, people):
    handled = in_state(db, people, S.HANDLING)
    with pytest.raises(CaseError, match="open and has an investigation"):
        assess(db, people["aa"], handled, Severity.MISCONDUCT)
    withdrawn = in_state(db, people)
    workflow.apply(
        db, act(people["handler"]), withdrawn, "withdraw", {"withdrawal_notice_on": TODAY}, NOW
    )
    with pytest.raises(CaseError, match="open and has an investigation"):
        assess(db, people["aa"], withdrawn, Severity.MISCONDUCT)


def test_the_iopc_assesses_directed_investigations_and_the_force_local_ones(db, people):
    local = in_state(db, people)
    with pytest.raises(CaseError, match="not the IOPC, assesses severity in a local"):
        assess(db, people["aa"], local, Severity.MISCONDUCT, by_iopc=True)
    directed = in_state(db, people, S.REFERRED)
    workflow.apply(
        db,
        act(people["aa"]),
        directed,
        "iopc_investigation",
        {"mode": "directed", "investigator_id": people["investigator"].id},
        NOW,
    )
    with pytest.raises(CaseError, match="The IOPC assesses severity in a directed"):
        assess(db, people["aa"], directed, Severity.MISCONDUCT)
    recorded = assess(db, people["aa"], directed, Severity.MISCONDUCT, by_iopc=True)
    assert recorded.by_iopc is True
    assert recorded.assessed_by_id is None


def test_a_subject_must_be_named_and_identified_to_be_assessed(db, people):
    case = in_state(db, people)
    elsewhere = in_state(db, people)
    with pytest.raises(CaseError, match="Choose a subject named on this case"):
        services.assess_severity(
            db,
            act(people["aa"]),
            case,
            elsewhere.subjects[0].id,
            SeverityData(Severity.MISCONDUCT, TODAY, "Evidence"),
            NOW,
        )
    unknown = conduct_matter(db, people, factories.subject(db, kind=SubjectKind.UNIDENTIFIED))
    with pytest.raises(CaseError, match="Identify the subject first"):
        assess(db, people["aa"], unknown, Severity.MISCONDUCT)


# Conduct outcomes ---------------------------------------------------------------------


def test_a_meeting_outcome_is_recorded_and_then_corrected_in_place(db, people):
    case = report_in(db, people)
    recorded = outcome(
        db,
        people["aa"],
        case,
        regulation_17_served_on=TODAY,
        case_to_answer=True,
        proceedings=Proceedings.MEETING,
        finding=Finding.MISCONDUCT,
        sanction=Sanction.WRITTEN_WARNING,
        cps_referral=True,
        decided_on=TODAY,
    )
    corrected = outcome(
        db,
        people["aa"],
        case,
        regulation_17_served_on=TODAY,
        case_to_answer=True,
        proceedings=Proceedings.MEETING,
        finding=Finding.MISCONDUCT,
        sanction=Sanction.FINAL_WRITTEN_WARNING,
        decided_on=TODAY,
    )
    assert corrected is recorded
    (conduct,) = conduct_for_case(db, case)
    assert conduct.outcome is recorded
    assert (recorded.sanction, recorded.cps_referral) == (Sanction.FINAL_WRITTEN_WARNING, False)


def test_a_form_may_send_choices_as_their_values(db, people):
    case = report_in(db, people)
    saved = outcome(
        db,
        people["aa"],
        case,
        case_to_answer=True,
        proceedings="meeting",
        finding="misconduct",
        sanction="written_warning",
    )
    assert (saved.proceedings, saved.sanction) == (Proceedings.MEETING, Sanction.WRITTEN_WARNING)
    with pytest.raises(CaseError, match="Choose the sanction"):
        outcome(db, people["aa"], case, case_to_answer=True, sanction="a stern word")


@pytest.mark.parametrize("case_to_answer", [False, None])
def test_proceedings_need_a_case_to_answer(db, people, case_to_answer):
    case = report_in(db, people)
    with pytest.raises(CaseError, match="Misconduct proceedings need a case to answer"):
        outcome(
            db, people["aa"], case, case_to_answer=case_to_answer, proceedings=Proceedings.MEETING
        )
    assert nothing_decided(db, case)


def test_a_finding_needs_proceedings(db, people):
    case = report_in(db, people)
    with pytest.raises(CaseError, match="A finding needs misconduct proceedings"):
        outcome(db, people["aa"], case, case_to_answer=True, finding=Finding.MISCONDUCT)


def test_a_sanction_needs_a_finding_of_misconduct(db, people):
    case = report_in(db, people)
    with pytest.raises(CaseError, match="A sanction needs a finding of misconduct"):
        outcome(
            db,
            people["aa"],
            case,
            case_to_answer=True,
            proceedings=Proceedings.MEETING,
            finding=Finding.NOT_PROVEN,
            sanction=Sanction.WRITTEN_WARNING,
        )
    with pytest.raises(CaseError, match="A sanction needs a finding of misconduct"):
        outcome(
            db,
            people["aa"],
            case,
            case_to_answer=True,
            proceedings=Proceedings.MEETING,
            sanction=Sanction.WRITTEN_WARNING,
        )


@pytest.mark.parametrize(
    ("sanction", "allowed"),
    [
        (Sanction.WRITTEN_WARNING, True),
        (Sanction.FINAL_WRITTEN_WARNING, True),
        (Sanction.REDUCTION_IN_RANK, False),
        (Sanction.DISMISSAL_WITHOUT_NOTICE, False),
    ],
)
def test_a_meeting_gives_only_warnings(db, people, sanction, allowed):
    case = report_in(db, people)
    fields = {
        "case_to_answer": True,
        "proceedings": Proceedings.MEETING,
        "finding": Finding.MISCONDUCT,
        "sanction": sanction,
    }
    if allowed:
        assert outcome(db, people["aa"], case, **fields).sanction == sanction
    else:
        with pytest.raises(CaseError, match="meeting can give only a written warning"):
            outcome(db, people["aa"], case, **fields)


def test_a_meeting_cannot_find_gross_misconduct(db, people):
    case = report_in(db, people)
    with pytest.raises(CaseError, match="meeting cannot find gross misconduct"):
        outcome(
            db,
            people["aa"],
            case,
            case_to_answer=True,
            proceedings=Proceedings.MEETING,
            finding=Finding.GROSS_MISCONDUCT,
        )


@pytest.mark.parametrize(
    ("sanction", "allowed"),
    [
        (Sanction.WRITTEN_WARNING, False),
        (Sanction.FINAL_WRITTEN_WARNING, True),
        (Sanction.REDUCTION_IN_RANK, True),
        (Sanction.DISMISSAL_WITHOUT_NOTICE, True),
    ],
)
@pytest.mark.parametrize("proceedings", [Proceedings.HEARING, Proceedings.ACCELERATED_HEARING])
def test_gross_misconduct_found_at_a_hearing(db, people, proceedings, sanction, allowed):
    case = report_in(db, people, Severity.GROSS_MISCONDUCT)
    fields = {
        "case_to_answer": True,
        "proceedings": proceedings,
        "finding": Finding.GROSS_MISCONDUCT,
        "sanction": sanction,
        "decided_on": TODAY,
    }
    if allowed:
        assert outcome(db, people["aa"], case, **fields).sanction == sanction
    else:
        with pytest.raises(CaseError, match="The sanction for gross misconduct is a final"):
            outcome(db, people["aa"], case, **fields)


@pytest.mark.parametrize(
    ("sanction", "allowed"),
    [
        (Sanction.WRITTEN_WARNING, True),
        (Sanction.FINAL_WRITTEN_WARNING, True),
        (Sanction.REDUCTION_IN_RANK, True),
        (Sanction.DISMISSAL_WITHOUT_NOTICE, False),
    ],
)
def test_misconduct_found_at_a_hearing(db, people, sanction, allowed):
    """With a final written warning in force (reg 42): the heavier sanctions are in
    tests/services/test_proceedings.py."""
    case = report_in(db, people)
    fields = {
        "case_to_answer": True,
        "proceedings": Proceedings.HEARING,
        "finding": Finding.MISCONDUCT,
        "sanction": sanction,
        "final_warning_or_several_incidents": True,
    }
    if allowed:
        assert outcome(db, people["aa"], case, **fields).sanction == sanction
    else:
        with pytest.raises(CaseError, match="dismissal without notice needs a finding of gross"):
            outcome(db, people["aa"], case, **fields)


@pytest.mark.parametrize("flag", ["rprp", "practice_requiring_improvement"])
def test_reflective_practice_is_instead_of_proceedings(db, people, flag):
    case = report_in(db, people)
    with pytest.raises(CaseError, match="instead of misconduct proceedings"):
        outcome(
            db,
            people["aa"],
            case,
            case_to_answer=True,
            proceedings=Proceedings.MEETING,
            finding=Finding.MISCONDUCT,
            **{flag: True},
        )
    with pytest.raises(CaseError, match="instead of misconduct proceedings"):
        outcome(
            db,
            people["aa"],
            case,
            case_to_answer=True,
            proceedings=Proceedings.MEETING,
            **{flag: True},
        )
    no_case = outcome(
        db, people["aa"], case, case_to_answer=False, decided_on=TODAY, **{flag: True}
    )
    assert getattr(no_case, flag) is True
    not_found = outcome(
        db,
        people["aa"],
        case,
        case_to_answer=True,
        proceedings=Proceedings.MEETING,
        finding=Finding.NOT_PROVEN,
        decided_on=TODAY,
        **{flag: True},
    )
    assert (not_found.finding, getattr(not_found, flag)) == (Finding.NOT_PROVEN, True)


def test_the_regulation_17_notice_is_dated_within_the_investigation(db, people):
    case = report_in(db, people)
    with pytest.raises(CaseError, match="Regulation 17 notice was served must be on or after"):
        outcome(db, people["aa"], case, regulation_17_served_on=TODAY - dt.timedelta(days=1))
    with pytest.raises(CaseError, match="Regulation 17 notice was served must be today"):
        outcome(db, people["aa"], case, regulation_17_served_on=TODAY + dt.timedelta(days=1))
    assert outcome(db, people["aa"], case, regulation_17_served_on=TODAY).regulation_17_served_on


def test_the_regulation_17_notice_follows_an_assessment_of_misconduct(db, people):
    case = in_state(db, people)
    update(db, people["aa"], case, special_procedures=True)
    assess(db, people["aa"], case, Severity.NONE)
    with pytest.raises(CaseError, match="notice states the severity"):
        outcome(db, people["aa"], case, regulation_17_served_on=TODAY)
    assess(db, people["aa"], case, Severity.MISCONDUCT, on=LATER.date(), at=LATER)
    with pytest.raises(CaseError, match="notice states the severity"):
        outcome(db, people["aa"], case, LATER, regulation_17_served_on=TODAY)
    served = outcome(db, people["aa"], case, LATER, regulation_17_served_on=LATER.date())
    assert served.regulation_17_served_on == LATER.date()


def test_notices_and_case_to_answer_need_special_procedures(db, people):
    case = in_state(db, people)
    assess(db, people["aa"], case, Severity.MISCONDUCT)
    workflow.apply(db, act(people["investigator"]), case, "submit_report", {}, NOW)
    with pytest.raises(CaseError, match="Regulation 17 notice is served only in an investigation"):
        outcome(db, people["aa"], case, regulation_17_served_on=TODAY)
    with pytest.raises(CaseError, match="Case to answer is decided only in an investigation"):
        outcome(db, people["aa"], case, case_to_answer=True)


def test_a_handled_complaint_may_refer_a_subject_to_reflective_practice(db, people):
    case = in_state(db, people, S.HANDLING)
    saved = outcome(db, people["aa"], case, rprp=True, decided_on=TODAY)
    assert (saved.rprp, saved.decided_on) == (True, TODAY)


def test_case_to_answer_waits_for_the_report(db, people):
    case = in_state(db, people)
    update(db, people["aa"], case, special_procedures=True)
    assess(db, people["aa"], case, Severity.MISCONDUCT)
    with pytest.raises(CaseError, match="once the investigation report is in"):
        outcome(db, people["aa"], case, case_to_answer=False)
    served = outcome(db, people["aa"], case, regulation_17_served_on=TODAY)
    assert served.case_to_answer is None


def test_case_to_answer_needs_a_current_assessment_of_misconduct(db, people):
    case = report_in(db, people)
    assess(db, people["aa"], case, Severity.NONE, rationale="Witness withdrew")
    with pytest.raises(CaseError, match="Case to answer needs a current severity assessment"):
        outcome(db, people["aa"], case, case_to_answer=True)
    assert outcome(db, people["aa"], case, case_to_answer=False).case_to_answer is False


def test_the_decision_date_is_real_and_comes_after_the_finding(db, people):
    case = report_in(db, people)
    with pytest.raises(CaseError, match="date the outcome was decided must be today"):
        outcome(
            db, people["aa"], case, case_to_answer=False, decided_on=TODAY + dt.timedelta(days=1)
        )
    with pytest.raises(CaseError, match="Record the finding of the proceedings before"):
        outcome(
            db,
            people["aa"],
            case,
            case_to_answer=True,
            proceedings=Proceedings.HEARING,
            decided_on=TODAY,
        )
    later = outcome(
        db, people["aa"], case, LATER, regulation_17_served_on=LATER.date(), case_to_answer=True
    )
    with pytest.raises(CaseError, match="on or after the Regulation 17 notice was served"):
        outcome(
            db,
            people["aa"],
            case,
            LATER,
            regulation_17_served_on=LATER.date(),
            case_to_answer=False,
            decided_on=TODAY,
        )
    assert later.decided_on is None


def test_only_the_appropriate_authority_records_outcomes(db, people):
    case = report_in(db, people)
    for person in (people["investigator"], people["handler"]):
        with pytest.raises(CaseError, match="You do not have permission"):
            outcome(db, person, case, case_to_answer=False)
    assert nothing_decided(db, case)


def test_outcomes_wait_for_a_handling_decision(db, people):
    case = in_state(db, people, S.RECORDED)
    with pytest.raises(CaseError, match="once the case is handled or investigated"):
        outcome(db, people["aa"], case, rprp=True)


def test_a_conduct_matter_decides_case_to_answer_without_the_special_procedures_flag(db, people):
    case = conduct_matter(db, people)
    assert case.investigation.special_procedures is False
    assess(db, people["aa"], case, Severity.GROSS_MISCONDUCT)
    serve(db, people["investigator"], case)
    workflow.apply(db, act(people["investigator"]), case, "submit_report", {}, NOW)
    saved = outcome(
        db,
        people["aa"],
        case,
        regulation_17_served_on=TODAY,
        case_to_answer=True,
        proceedings=Proceedings.ACCELERATED_HEARING,
        finding=Finding.GROSS_MISCONDUCT,
        sanction=Sanction.DISMISSAL_WITHOUT_NOTICE,
        decided_on=TODAY,
    )
    assert saved.sanction == Sanction.DISMISSAL_WITHOUT_NOTICE


# Conduct matters: an outcome for every subject ----------------------------------------


def test_a_conduct_matter_lists_its_subjects_without_a_decided_outcome(db, people):
    first, second = factories.subject(db), factories.subject(db, family_name="Rowe")
    case = conduct_matter(db, people, first, second)
    one, two = case.subjects
    assert services.missing_conduct_outcomes(case) == [one, two]
    aa = act(people["aa"])
    services.record_conduct_outcome(db, aa, case, one.id, ConductOutcomeData(rprp=True), NOW)
    assert services.missing_conduct_outcomes(case) == [one, two]  # not yet decided
    services.record_conduct_outcome(
        db, aa, case, one.id, ConductOutcomeData(rprp=True, decided_on=TODAY), NOW
    )
    assert services.missing_conduct_outcomes(case) == [two]
    services.record_conduct_outcome(db, aa, case, two.id, ConductOutcomeData(decided_on=TODAY), NOW)
    assert services.missing_conduct_outcomes(case) == []


def test_unidentified_subjects_need_no_conduct_outcome(db, people):
    named, unknown = factories.subject(db), factories.subject(db, kind=SubjectKind.UNIDENTIFIED)
    case = conduct_matter(db, people, named, unknown)
    assert [cs.subject_id for cs in services.missing_conduct_outcomes(case)] == [named.id]
    with pytest.raises(CaseError, match="Identify the subject first"):
        services.record_conduct_outcome(
            db,
            act(people["aa"]),
            case,
            case.subjects[1].id,
            ConductOutcomeData(decided_on=TODAY),
            NOW,
        )


def test_complaints_have_no_per_subject_outcome_guard(db, people):
    case = report_in(db, people)
    assert services.missing_conduct_outcomes(case) == []
