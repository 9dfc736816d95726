"""Misconduct proceedings (domain.md A10): the Regulation 17 notice before the report, the
case to answer, a meeting or hearing with its adjournments, the outcome reg 42 allows, and
the appeal."""

from __future__ import annotations

import datetime as dt

import pytest

from complaints.auth.roles import Role
from complaints.cases import allegations, workflow
from complaints.cases.allegations import AllegationAction, ResultData
from complaints.cases.choices import AllegationResult, CaseState
from complaints.cases.guards import TransitionError
from complaints.cases.services import CaseError
from complaints.common import workdays
from complaints.investigations import notices
from complaints.investigations import services as conduct
from complaints.investigations.models import Finding, Proceedings, Sanction, Severity
from complaints.investigations.queries import conduct_outcome
from complaints.proceedings import services
from complaints.proceedings.models import AppealResult
from complaints.proceedings.timetable import timetable
from tests import factories

NOW = factories.NOW
DAY = NOW.date()


def at(days: int) -> dt.datetime:
    return NOW + dt.timedelta(days=days)


def on(days: int) -> dt.date:
    return DAY + dt.timedelta(days=days)


@pytest.fixture()
def people(db):
    return {
        "handler": factories.user(db, Role.HANDLER),
        "aa": factories.user(db, Role.APPROPRIATE_AUTHORITY, name="Ada Authority"),
        "investigator": factories.user(db, Role.INVESTIGATOR, name="Ivan Investigator"),
    }


def act(person):
    return factories.actor_for(person)


def under_special_procedures(db, people, severity):
    return factories.assessed_in_investigation(db, **people, severity=severity)


def serve(db, people, case, served_on=DAY, now=NOW, response_on=None, who="investigator"):
    return notices.serve_notice(
        db,
        act(people[who]),
        case,
        case.subjects[0],
        notices.NoticeData(served_on, response_on),
        now,
    )


def report(db, people, case, now=NOW):
    return workflow.apply(
        db, act(people["investigator"]), case, "submit_report", {"summary": "Report"}, now
    )


def decide(db, people, case, now=NOW, **fields):
    return conduct.record_conduct_outcome(
        db, act(people["aa"]), case, case.subjects[0].id, conduct.ConductOutcomeData(**fields), now
    )


def arrange(db, people, case, now=NOW, **fields):
    data = services.Arrangement(**{"referred_on": DAY, **fields})
    return services.arrange(db, act(people["aa"]), case, case.subjects[0], data, now)


def adjourn(db, people, case, adjourned_on, new_date, reason="Representative unavailable", now=NOW):
    data = services.AdjournmentData(adjourned_on, new_date, reason)
    return services.adjourn(db, act(people["aa"]), case, case.subjects[0], data, now)


def appeal(db, people, case, now=NOW, **fields):
    data = services.AppealData(**{"lodged_on": DAY, **fields})
    return services.record_appeal(db, act(people["aa"]), case, case.subjects[0], data, now)


def test_gross_misconduct_from_notice_to_dismissal_and_appeal(db, people):
    case = under_special_procedures(db, people, Severity.GROSS_MISCONDUCT)
    with pytest.raises(TransitionError, match="Serve the Regulation 17 notice first"):
        report(db, people, case)

    served = serve(db, people, case, response_on=DAY)
    assert served.regulation_17_served_by_id == people["investigator"].id
    report(db, people, case, at(1))
    decide(db, people, case, at(2), case_to_answer=True, proceedings=Proceedings.HEARING)
    # With a case to answer found, the hearing is an action the allegation may record.
    allegations.record_result(
        db,
        act(people["aa"]),
        case.allegations[0],
        ResultData(AllegationResult.SERVICE_NOT_ACCEPTABLE, (AllegationAction.MISCONDUCT_HEARING,)),
        at(2),
    )
    workflow.apply(db, act(people["aa"]), case, "determine_outcome", {}, at(2))

    hearing = arrange(
        db,
        people,
        case,
        at(3),
        referred_on=on(3),
        scheduled_on=on(40),
        chair="Ms Rachel Adeyemi",
        panel="Ch Supt Owen Pryce; Mrs Joan Fielding",
        publicly_notified_on=on(3),
        in_public=True,
    )
    adjourned = adjourn(db, people, case, on(40), on(60), now=at(40))
    assert (hearing.scheduled_on, adjourned.new_date, len(hearing.adjournments)) == (
        on(60),
        on(60),
        1,
    )

    decide(
        db,
        people,
        case,
        at(60),
        case_to_answer=True,
        proceedings=Proceedings.HEARING,
        finding=Finding.GROSS_MISCONDUCT,
        sanction=Sanction.DISMISSAL_WITHOUT_NOTICE,
        decided_on=on(60),
    )
    with pytest.raises(CaseError, match="reached their finding, so they cannot be adjourned"):
        adjourn(db, people, case, on(60), on(70), now=at(60))

    lodged = appeal(db, people, case, at(70), lodged_on=on(70))
    assert (lodged.appeal_lodged_on, lodged.appeal_result) == (on(70), None)
    decided = appeal(
        db,
        people,
        case,
        at(120),
        lodged_on=on(70),
        result=AppealResult.OUTCOME_VARIED,
        decided_on=on(120),
        sanction=Sanction.REDUCTION_IN_RANK,
    )
    assert (decided.appeal_result, decided.appeal_sanction) == (
        AppealResult.OUTCOME_VARIED,
        Sanction.REDUCTION_IN_RANK,
    )
    assert services.appeal_body(Proceedings.HEARING) == "the Police Appeals Tribunal"
    # The outcome the hearing gave stays on the record, beside the appeal's.
    assert conduct_outcome(case.subjects[0]).sanction == Sanction.DISMISSAL_WITHOUT_NOTICE


def test_a_misconduct_meeting_ends_in_a_written_warning(db, people):
    case = under_special_procedures(db, people, Severity.MISCONDUCT)
    serve(db, people, case)
    report(db, people, case)
    decide(db, people, case, case_to_answer=True, proceedings=Proceedings.MEETING)
    meeting = arrange(db, people, case, scheduled_on=on(15), chair="Supt Helen Marsh")
    outcome = decide(
        db,
        people,
        case,
        at(15),
        case_to_answer=True,
        proceedings=Proceedings.MEETING,
        finding=Finding.MISCONDUCT,
        sanction=Sanction.WRITTEN_WARNING,
        decided_on=on(15),
    )
    assert (outcome.sanction, meeting.chair, meeting.in_public) == (
        Sanction.WRITTEN_WARNING,
        "Supt Helen Marsh",
        None,
    )
    assert services.appeal_body(Proceedings.MEETING) == "an appeal meeting"


def test_no_meeting_on_a_complaint_that_was_not_investigated(db, people):
    handled = factories.complaint_in_state(
        db, CaseState.HANDLING, handler=people["handler"], aa=people["aa"]
    )
    with pytest.raises(CaseError, match="Case to answer is decided only in an investigation"):
        decide(db, people, handled, case_to_answer=True, proceedings=Proceedings.MEETING)
    with pytest.raises(CaseError, match="Misconduct proceedings need a case to answer"):
        decide(db, people, handled, proceedings=Proceedings.MEETING)
    assert services.refusal(conduct_outcome(handled.subjects[0])) is not None


def test_the_report_waits_only_for_subjects_assessed_as_misconduct(db, people):
    case = under_special_procedures(db, people, Severity.NONE)
    assert notices.unserved(case) == []
    assert report(db, people, case).state == CaseState.AWAITING_DECISION


def test_a_notice_revised_away_no_longer_holds_the_report(db, people):
    case = under_special_procedures(db, people, Severity.MISCONDUCT)
    assert notices.unserved(case) == [case.subjects[0]]
    conduct.assess_severity(
        db,
        act(people["aa"]),
        case,
        case.subjects[0].id,
        conduct.SeverityData(Severity.NONE, DAY, "The footage shows otherwise"),
        NOW,
    )
    assert notices.unserved(case) == []


def test_the_officer_responds_within_ten_working_days(db, people):
    case = under_special_procedures(db, people, Severity.MISCONDUCT)
    served = serve(db, people, case)
    (due,) = timetable(served, None)
    assert due.due_on == workdays.add(DAY, 10)
    assert due.late(due.due_on) is False and due.late(due.due_on + dt.timedelta(days=1))
    late = serve(db, people, case, now=at(30), response_on=on(30))
    (due,) = timetable(late, None)
    assert due.done_on == on(30) and due.late()


def test_notice_refusals(db, people):
    case = under_special_procedures(db, people, Severity.MISCONDUCT)
    with pytest.raises(CaseError, match="response must be on or after the notice was served"):
        serve(db, people, case, response_on=DAY - dt.timedelta(days=1))
    with pytest.raises(CaseError, match="response must be today or earlier"):
        serve(db, people, case, response_on=on(1))
    with pytest.raises(CaseError, match="Only the investigator or the appropriate authority"):
        serve(db, people, case, who="handler")
    assert serve(db, people, case, who="aa").regulation_17_served_by_id == people["aa"].id


def test_proceedings_are_arranged_only_after_a_referral(db, people):
    case = under_special_procedures(db, people, Severity.MISCONDUCT)
    serve(db, people, case)
    report(db, people, case)
    with pytest.raises(CaseError, match="once the conduct outcome records a case to answer"):
        arrange(db, people, case)
    decide(db, people, case, case_to_answer=False)
    with pytest.raises(CaseError, match="once the conduct outcome records a case to answer"):
        arrange(db, people, case)


ARRANGEMENT_REFUSALS = {
    "meeting with a panel": (
        Proceedings.MEETING,
        {"panel": "Three people"},
        "conducted by one person",
    ),
    "meeting in public": (Proceedings.MEETING, {"in_public": True}, "held in private"),
    "date without anyone to conduct it": (
        Proceedings.HEARING,
        {"scheduled_on": on(30)},
        "Enter the legally qualified chair",
    ),
    "held before the referral": (
        Proceedings.HEARING,
        {"referred_on": DAY, "scheduled_on": DAY - dt.timedelta(days=1), "chair": "A chair"},
        "must be on or after the notice of referral",
    ),
    "referred in the future": (Proceedings.HEARING, {"referred_on": on(2)}, "today or in the past"),
    "response before the referral": (
        Proceedings.HEARING,
        {"officer_response_on": DAY - dt.timedelta(days=1)},
        "response must be on or after the notice of referral",
    ),
    "notified after it was held": (
        Proceedings.HEARING,
        {"scheduled_on": DAY, "chair": "A chair", "publicly_notified_on": DAY, "referred_on": DAY},
        None,
    ),
}


@pytest.mark.parametrize(
    "kind, fields, message", ARRANGEMENT_REFUSALS.values(), ids=ARRANGEMENT_REFUSALS
)
def test_arrangement_refusals(db, people, kind, fields, message):
    case = under_special_procedures(db, people, Severity.MISCONDUCT)
    serve(db, people, case)
    report(db, people, case)
    decide(db, people, case, case_to_answer=True, proceedings=kind)
    if message is None:  # notified on the day it is held: allowed
        assert arrange(db, people, case, **fields).publicly_notified_on == DAY
        return
    with pytest.raises(CaseError, match=message):
        arrange(db, people, case, **fields)
    assert services.proceeding_of(case.subjects[0]) is None


def test_an_adjournment_needs_a_date_a_reason_and_a_later_day(db, people):
    case = under_special_procedures(db, people, Severity.MISCONDUCT)
    serve(db, people, case)
    report(db, people, case)
    decide(db, people, case, case_to_answer=True, proceedings=Proceedings.HEARING)
    arrange(db, people, case)
    with pytest.raises(CaseError, match="Set the date of the proceedings before adjourning"):
        adjourn(db, people, case, DAY, on(5))
    arrange(db, people, case, scheduled_on=on(20), chair="A chair")
    with pytest.raises(CaseError, match="new date must be after"):
        adjourn(db, people, case, DAY, DAY)
    with pytest.raises(CaseError, match="Enter the reason for the adjournment"):
        adjourn(db, people, case, DAY, on(5), reason="  ")
    undated = adjourn(db, people, case, DAY, None)
    assert undated.proceeding.scheduled_on is None


def test_the_referral_stays_once_proceedings_are_arranged(db, people):
    case = under_special_procedures(db, people, Severity.GROSS_MISCONDUCT)
    serve(db, people, case)
    report(db, people, case)
    decide(db, people, case, case_to_answer=True, proceedings=Proceedings.HEARING)
    arrange(db, people, case)
    with pytest.raises(CaseError, match="has been arranged"):
        decide(db, people, case, case_to_answer=True, proceedings=Proceedings.MEETING)


def _decided_hearing(db, people, finding, sanction):
    case = under_special_procedures(db, people, Severity.GROSS_MISCONDUCT)
    serve(db, people, case)
    report(db, people, case)
    decide(db, people, case, case_to_answer=True, proceedings=Proceedings.HEARING)
    arrange(db, people, case, scheduled_on=DAY, chair="A chair")
    decide(
        db,
        people,
        case,
        case_to_answer=True,
        proceedings=Proceedings.HEARING,
        finding=finding,
        sanction=sanction,
        decided_on=DAY,
    )
    return case


def test_an_appeal_follows_only_a_proven_finding(db, people):
    case = _decided_hearing(db, people, Finding.NOT_PROVEN, None)
    with pytest.raises(CaseError, match="An appeal follows a finding of misconduct"):
        appeal(db, people, case)


def test_an_outcome_substituted_on_appeal_must_be_one_reg_42_allows(db, people):
    case = _decided_hearing(db, people, Finding.GROSS_MISCONDUCT, Sanction.DISMISSAL_WITHOUT_NOTICE)
    varied = {"result": AppealResult.OUTCOME_VARIED, "decided_on": DAY}
    with pytest.raises(CaseError, match="The sanction for gross misconduct is"):
        appeal(db, people, case, **varied, sanction=Sanction.WRITTEN_WARNING)
    with pytest.raises(CaseError, match="must differ from the one appealed"):
        appeal(db, people, case, **varied, sanction=Sanction.DISMISSAL_WITHOUT_NOTICE)
    with pytest.raises(CaseError, match="Choose the outcome the appeal substituted"):
        appeal(db, people, case, **varied)
    with pytest.raises(CaseError, match="Enter both the result of the appeal and the date"):
        appeal(db, people, case, result=AppealResult.DISMISSED)
    dismissed = appeal(
        db,
        people,
        case,
        result=AppealResult.DISMISSED,
        decided_on=DAY,
        sanction=Sanction.WRITTEN_WARNING,
    )
    assert (dismissed.appeal_result, dismissed.appeal_sanction) == (AppealResult.DISMISSED, None)


def test_only_the_appropriate_authority_records_proceedings(db, people):
    case = under_special_procedures(db, people, Severity.MISCONDUCT)
    serve(db, people, case)
    report(db, people, case)
    decide(db, people, case, case_to_answer=True, proceedings=Proceedings.MEETING)
    for who in ("investigator", "handler"):
        with pytest.raises(CaseError, match="Only the appropriate authority"):
            services.arrange(
                db, act(people[who]), case, case.subjects[0], services.Arrangement(DAY), NOW
            )


@pytest.mark.parametrize(
    "kind, finding, sanction, in_force, refusal",
    [
        (
            Proceedings.HEARING,
            Finding.MISCONDUCT,
            Sanction.REDUCTION_IN_RANK,
            False,
            "needs a final",
        ),
        (Proceedings.HEARING, Finding.MISCONDUCT, Sanction.REDUCTION_IN_RANK, True, None),
        (
            Proceedings.HEARING,
            Finding.MISCONDUCT,
            Sanction.DISMISSAL_WITH_NOTICE,
            False,
            "needs a final",
        ),
        (Proceedings.HEARING, Finding.MISCONDUCT, Sanction.DISMISSAL_WITH_NOTICE, True, None),
        (
            Proceedings.MEETING,
            Finding.MISCONDUCT,
            Sanction.DISMISSAL_WITH_NOTICE,
            True,
            "need a hearing",
        ),
        (
            Proceedings.HEARING,
            Finding.GROSS_MISCONDUCT,
            Sanction.DISMISSAL_WITH_NOTICE,
            True,
            "for gross misconduct is",
        ),
        (Proceedings.HEARING, Finding.MISCONDUCT, Sanction.FINAL_WRITTEN_WARNING, False, None),
    ],
    ids=[
        "reduction, no warning in force",
        "reduction, warning in force",
        "dismissal with notice, no warning",
        "dismissal with notice, warning in force",
        "dismissal at a meeting",
        "with notice for gross misconduct",
        "final written warning",
    ],
)
def test_reg_42_sanctions_after_a_finding(db, people, kind, finding, sanction, in_force, refusal):
    severity = (
        Severity.GROSS_MISCONDUCT if finding == Finding.GROSS_MISCONDUCT else Severity.MISCONDUCT
    )
    case = under_special_procedures(db, people, severity)
    serve(db, people, case)
    report(db, people, case)
    outcome = {
        "case_to_answer": True,
        "proceedings": kind,
        "finding": finding,
        "sanction": sanction,
        "final_warning_or_several_incidents": in_force,
        "decided_on": DAY,
    }
    if refusal is None:
        assert decide(db, people, case, **outcome).sanction == sanction
    else:
        with pytest.raises(CaseError, match=refusal):
            decide(db, people, case, **outcome)


def test_the_regulations_deadlines_for_a_meeting_and_a_hearing(db, people):
    meeting = under_special_procedures(db, people, Severity.MISCONDUCT)
    serve(db, people, meeting)
    report(db, people, meeting)
    decide(db, people, meeting, case_to_answer=True, proceedings=Proceedings.MEETING)
    arranged = arrange(db, people, meeting, scheduled_on=on(10), chair="Supt Helen Marsh")
    labels = {due.label: due.due_on for due in timetable(arranged.outcome, arranged)}
    assert labels["The officer's response to the notice of referral (reg 31)"] == workdays.add(
        DAY, 15
    )
    assert labels["The misconduct meeting held (reg 34, unless extended)"] == workdays.add(DAY, 20)
    assert not any("publicly notified" in label for label in labels)

    hearing = under_special_procedures(db, people, Severity.GROSS_MISCONDUCT)
    serve(db, people, hearing)
    report(db, people, hearing)
    decide(db, people, hearing, case_to_answer=True, proceedings=Proceedings.HEARING)
    set_for = arrange(db, people, hearing, scheduled_on=on(40), chair="Ms Rachel Adeyemi")
    labels = {due.label: due.due_on for due in timetable(set_for.outcome, set_for)}
    assert labels["The hearing publicly notified (reg 36)"] == workdays.add(on(40), -5)
    assert not any("meeting held" in label for label in labels)
