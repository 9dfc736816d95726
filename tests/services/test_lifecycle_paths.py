"""Every path of domain.md A2 walked end to end, as the people who take each step would,
with the dates the product keeps and the deadlines it shows along the way."""

from __future__ import annotations

import datetime as dt

import pytest

from complaints.cases import services as cases
from complaints.cases import workflow
from complaints.cases.choices import AllegationResult, CaseState, CaseType, DeadlineKind
from complaints.investigations.models import Severity
from complaints.investigations.notices import NoticeData, serve_notice
from complaints.investigations.services import (
    ConductOutcomeData,
    SeverityData,
    assess_severity,
    record_conduct_outcome,
)
from tests import factories

S = CaseState
R = AllegationResult
DAY = dt.timedelta(days=1)
START = dt.datetime(2026, 10, 1, 9, 0, tzinfo=dt.UTC)  # a Thursday


class Walk:
    """One case taken step by step, each step a day after the last unless told."""

    def __init__(self, db, team, case):
        self.db, self.team, self.case, self.now = db, team, case, START

    def step(self, who: str, name: str, data=None, after: dt.timedelta = DAY):
        self.now += after
        workflow.apply(
            self.db, factories.actor_for(self.team[who]), self.case, name, data, self.now
        )
        return self.case.state

    def results(self, who: str, result: AllegationResult):
        self.now += DAY
        for allegation in self.case.allegations:
            cases.set_allegation_result(
                self.db, factories.actor_for(self.team[who]), allegation, result, self.now
            )

    def contact(self):
        self.now += DAY
        factories.contact(self.db, self.case, self.team["handler"], self.now)

    def next_deadline(self):
        return (self.case.next_deadline_kind, self.case.next_deadline_on)


def complaint_walk(db, team, **flags) -> Walk:
    case = factories.complaint(
        db, handler=team["handler"], received_on=START.date(), now=START, **flags
    )
    walk = Walk(db, team, case)
    walk.contact()
    return walk


def test_outside_schedule_3_and_resolved(db, team):
    walk = complaint_walk(db, team)
    assert walk.step("handler", "handle_outside_schedule_3") == S.INITIAL_HANDLING
    # the first update is due 28 days after handling starts
    assert walk.next_deadline() == (DeadlineKind.UPDATE, dt.date(2026, 10, 31))
    walk.results("handler", R.RESOLVED)
    assert walk.step("handler", "resolve") == S.FINALISED
    assert walk.case.finalised_at == walk.now
    assert walk.next_deadline() == (None, None)
    assert walk.case.review_body is None  # no review right outside Schedule 3


def test_recorded_handled_without_investigation_notified_and_finalised(db, team):
    walk = complaint_walk(db, team)
    assert walk.step("aa", "record", {"reason": "Complainant asked"}) == S.RECORDED
    assert walk.step("aa", "handle_without_investigation") == S.HANDLING
    walk.results("aa", R.SERVICE_NOT_ACCEPTABLE)
    assert walk.step("aa", "determine_outcome") == S.OUTCOME_DETERMINED
    determined = walk.now.date()  # Tuesday 6 October 2026
    assert walk.next_deadline() == (DeadlineKind.OUTCOME_LETTER, dt.date(2026, 10, 13))
    assert walk.step("handler", "notify_outcome") == S.OUTCOME_NOTIFIED
    assert walk.case.review_body.value == "opcc"
    window = walk.next_deadline()
    assert window == (DeadlineKind.REVIEW_WINDOW, determined + DAY + dt.timedelta(days=28))
    with pytest.raises(workflow.TransitionError, match="may apply for a review until"):
        walk.step("handler", "finalise", after=dt.timedelta(days=20))
    assert walk.step("handler", "finalise", after=dt.timedelta(days=10)) == S.FINALISED


def test_referred_investigated_reviewed_upheld_and_back(db, team):
    walk = complaint_walk(db, team, trigger_crime_or_misconduct=True)
    walk.step("aa", "record", {"reason": "Alleges misconduct", "recording_reason": "mandatory"})
    assert walk.step("aa", "refer_to_iopc", {"reason": "Mandatory referral"}) == S.REFERRED
    assert (
        walk.step(
            "aa",
            "iopc_investigation",
            {"mode": "directed", "investigator_id": walk.team["investigator"].id},
        )
        == S.INVESTIGATION
    )
    assert walk.case.investigation.mode.value == "directed"
    assert walk.step("aa", "suspend", {"reason": "Sub judice"}) == S.SUSPENDED
    assert walk.step("aa", "resume", after=dt.timedelta(days=30)) == S.INVESTIGATION
    [period] = walk.case.investigation.suspensions
    assert (period.ended_on - period.started_on).days == 30
    assert walk.step("investigator", "submit_report", {"summary": "No case"}) == S.AWAITING_DECISION
    walk.results("aa", R.SERVICE_ACCEPTABLE)
    walk.step("aa", "determine_outcome")
    walk.step("handler", "notify_outcome")
    # referred complaints are reviewed by the IOPC (A7)
    assert walk.case.review_body.value == "iopc"
    assert walk.step("handler", "apply_for_review") == S.UNDER_REVIEW
    assert walk.case.reviews[0].body.value == "iopc"
    # the appropriate authority records the IOPC's decision: upheld, reinvestigate
    state = walk.step(
        "aa",
        "decide_review",
        {"outcome": "upheld", "sent_back_to": "investigation", "rationale": "Gaps"},
    )
    assert state == S.INVESTIGATION
    assert all(a.result is None for a in walk.case.allegations)
    walk.step("investigator", "submit_report", {"summary": "Further enquiries"})
    walk.results("aa", R.SERVICE_NOT_ACCEPTABLE)
    walk.step("aa", "determine_outcome")
    walk.step("handler", "notify_outcome")
    assert walk.step("handler", "finalise", after=dt.timedelta(days=40)) == S.FINALISED


def test_opcc_review_not_upheld_finalises(db, team):
    walk = complaint_walk(db, team)
    walk.step("aa", "record", {"reason": "Complainant asked"})
    walk.step("aa", "handle_without_investigation")
    walk.results("aa", R.SERVICE_ACCEPTABLE)
    walk.step("aa", "determine_outcome")
    walk.step("handler", "notify_outcome")
    walk.step("handler", "apply_for_review")
    state = walk.step(
        "reviewer", "decide_review", {"outcome": "not_upheld", "rationale": "Proportionate"}
    )
    assert state == S.FINALISED
    assert walk.case.reviews[0].reviewer_id == team["reviewer"].id


def test_withdrawn(db, team):
    walk = complaint_walk(db, team)
    walk.step("aa", "record", {"reason": "Complainant asked"})
    walk.step("aa", "start_investigation", {"investigator_id": team["investigator"].id})
    state = walk.step("handler", "withdraw", {"withdrawal_notice_on": walk.now.date()})
    assert state == S.WITHDRAWN
    assert walk.next_deadline() == (None, None)
    assert workflow.available(walk.case, factories.actor_for(team["aa"]), walk.now) == []


def test_conduct_matter_investigated_outcome_per_subject_then_closed(db, team):
    case = factories.matter(db, CaseType.CONDUCT_MATTER, now=START)
    walk = Walk(db, team, case)
    assert case.state == S.RECORDED
    walk.step(
        "aa",
        "start_investigation",
        {"investigator_id": team["investigator"].id, "special_procedures": True},
    )
    # the 12-month report is the only deadline of a conduct matter
    assert walk.next_deadline()[0] == DeadlineKind.TWELVE_MONTH_REPORT
    aa = factories.actor_for(team["aa"])
    subject = case.subjects[0]
    assess_severity(
        db,
        aa,
        case,
        subject.id,
        SeverityData(Severity.MISCONDUCT, walk.now.date(), "Could be misconduct"),
        walk.now,
    )
    with pytest.raises(workflow.TransitionError, match="Serve the Regulation 17 notice first"):
        walk.step("investigator", "submit_report", {"summary": "Case to answer"})
    serve_notice(
        db,
        factories.actor_for(team["investigator"]),
        case,
        subject,
        NoticeData(walk.now.date()),
        walk.now,
    )
    walk.step("investigator", "submit_report", {"summary": "Case to answer"})
    with pytest.raises(workflow.TransitionError, match="conduct outcome for every subject"):
        walk.step("aa", "determine_outcome")
    record_conduct_outcome(
        db,
        aa,
        case,
        subject.id,
        ConductOutcomeData(
            case_to_answer=True,
            proceedings="meeting",
        ),
        walk.now,
    )
    assert walk.step("aa", "determine_outcome") == S.OUTCOME_DETERMINED
    assert walk.step("aa", "close_matter") == S.FINALISED


def test_dsi_matter_referred_then_closed(db, team):
    case = factories.matter(db, CaseType.DSI_MATTER, now=START)
    walk = Walk(db, team, case)
    assert walk.step("aa", "refer_to_iopc", {"reason": "Death following contact"}) == S.REFERRED
    assert walk.step("aa", "close_matter") == S.FINALISED
