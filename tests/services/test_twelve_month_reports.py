"""Reports on investigations open 12 months after the complaint, then every 6 months."""

from __future__ import annotations

import datetime as dt

import pytest

from complaints.auth.roles import Role
from complaints.cases import deadlines, workflow
from complaints.cases.choices import CaseState, DeadlineKind
from complaints.cases.services import CaseError
from complaints.investigations import twelve_month
from complaints.investigations.models import TwelveMonthReport
from tests import factories

R = Role
TODAY = factories.NOW.date()  # 20 November 2026


def _investigation(db, team, received_on: dt.date, state=CaseState.INVESTIGATION):
    case = factories.complaint_in_state(
        db,
        state,
        handler=team["handler"],
        aa=team["aa"],
        investigator=team["investigator"],
        received_on=received_on,
    )
    db.flush()
    return case


def _report_deadline(case) -> dt.date | None:
    found = [d for d in deadlines.compute(deadlines.facts_of(case)) if d.kind]
    return next((d.due_on for d in found if d.kind == DeadlineKind.TWELVE_MONTH_REPORT), None)


def _sent(on: dt.date = TODAY, **changes) -> twelve_month.ReportSent:
    values = {
        "sent_on": on,
        "progress": "Interviews done; report expected in March",
        "sent_to_iopc": True,
        "sent_to_opcc": True,
    }
    return twelve_month.ReportSent(**(values | changes))


def _record(db, team, case, data=None, now=factories.NOW):
    return twelve_month.record_report(
        db, factories.actor_for(team["aa"]), case, data or _sent(), now
    )


def _listed(db, user, today=TODAY) -> dict[str, twelve_month.DueReport]:
    due = twelve_month.due_reports(db, factories.actor_for(user), today)
    return {d.case.reference: d for d in due}


# The deadline on the case ---------------------------------------------------------------


def test_first_report_is_due_twelve_months_after_the_complaint_arrived(db, team):
    case = _investigation(db, team, dt.date(2025, 12, 1))
    assert _report_deadline(case) == dt.date(2026, 12, 1)


def test_each_report_sent_moves_the_deadline_on_six_months(db, team):
    case = _investigation(db, team, dt.date(2025, 12, 1))
    _record(db, team, case)
    assert _report_deadline(case) == dt.date(2027, 6, 1)
    assert [r.number for r in case.investigation.reports] == [1]
    report = case.investigation.reports[0]
    assert report.due_on == dt.date(2026, 12, 1)
    assert report.recorded_by_id == team["aa"].id
    later = factories.NOW.replace(year=2027, month=5, day=20)
    _record(db, team, case, _sent(on=later.date()), now=later)
    assert _report_deadline(case) == dt.date(2027, 12, 1)
    assert case.investigation.reports[1].due_on == dt.date(2027, 6, 1)


def test_the_stored_next_deadline_follows_the_reports(db, team):
    case = _investigation(db, team, dt.date(2025, 11, 10))  # 12-month report overdue
    deadlines.refresh(case)
    assert case.next_deadline_on == dt.date(2026, 11, 10)
    assert case.next_deadline_kind == DeadlineKind.TWELVE_MONTH_REPORT
    _record(db, team, case)
    assert case.next_deadline_on != dt.date(2026, 11, 10)
    assert _report_deadline(case) == dt.date(2027, 5, 10)


# The due list -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "received_on, listed, days_left",
    [
        (dt.date(2025, 12, 20), True, 30),  # due in 30 days: the first day it shows
        (dt.date(2025, 12, 21), False, None),  # due in 31 days: not yet
        (dt.date(2025, 11, 20), True, 0),  # due today
        (dt.date(2025, 11, 19), True, -1),  # a day overdue
        (dt.date(2025, 3, 1), True, -264),  # long overdue
    ],
)
def test_the_due_list_shows_reports_within_30_days_and_overdue(
    db, team, received_on, listed, days_left
):
    case = _investigation(db, team, received_on)
    found = _listed(db, team["aa"])
    assert (case.reference in found) is listed
    if listed:
        line = found[case.reference]
        assert line.days_left == days_left
        assert line.overdue is (days_left < 0)
        assert line.report.name == "12-month report"


def test_after_the_twelve_month_report_the_list_waits_for_the_eighteen_month_mark(db, team):
    case = _investigation(db, team, dt.date(2025, 11, 25))
    assert case.reference in _listed(db, team["aa"])
    _record(db, team, case)
    assert case.reference not in _listed(db, team["aa"])  # next due 25 May 2027
    # 30 days before the 18-month mark it is back, as the 18-month report.
    line = _listed(db, team["aa"], dt.date(2027, 4, 25))[case.reference]
    assert (line.report.number, line.report.name, line.days_left) == (2, "18-month report", 30)
    assert case.reference not in _listed(db, team["aa"], dt.date(2027, 4, 24))
    overdue = _listed(db, team["aa"], dt.date(2027, 5, 26))[case.reference]
    assert overdue.days_left == -1


def test_a_suspended_investigation_is_still_open(db, team):
    case = _investigation(db, team, dt.date(2025, 11, 1), CaseState.SUSPENDED)
    assert case.reference in _listed(db, team["aa"])


def test_an_investigation_whose_report_is_in_owes_no_more_reports(db, team):
    """The investigation is complete once its report is submitted (PRA Sch 3 para 20A),
    so reports are no longer due while the appropriate authority decides."""
    case = _investigation(db, team, dt.date(2025, 11, 1), CaseState.AWAITING_DECISION)
    assert case.reference not in _listed(db, team["aa"])
    assert case.next_deadline_kind != DeadlineKind.TWELVE_MONTH_REPORT


def test_cases_without_an_open_investigation_are_not_listed(db, team):
    handling = factories.complaint_in_state(
        db,
        CaseState.HANDLING,
        handler=team["handler"],
        aa=team["aa"],
        received_on=dt.date(2025, 1, 1),
    )
    young = _investigation(db, team, dt.date(2026, 6, 1))
    found = _listed(db, team["aa"])
    assert handling.reference not in found
    assert young.reference not in found


def test_the_age_is_in_months_and_days(db, team):
    case = _investigation(db, team, dt.date(2025, 11, 5))
    assert _listed(db, team["aa"])[case.reference].age == "12 months, 15 days"
    # A month on from 31 January is the last day of February, as for the deadlines.
    assert twelve_month.age_of(dt.date(2026, 1, 31), dt.date(2026, 2, 28)) == "1 month"
    assert twelve_month.age_of(dt.date(2026, 2, 1), dt.date(2026, 2, 28)) == "27 days"
    assert twelve_month.age_of(dt.date(2025, 11, 20), TODAY) == "12 months"


def test_oversight_follows_force_cases_but_not_restricted_ones(db, team, make_user):
    from complaints.cases.services import restrict

    oversight = make_user(R.OPCC_OVERSIGHT)
    board = make_user(R.BOARD_MEMBER)
    open_case = _investigation(db, team, dt.date(2025, 11, 1))
    hidden = _investigation(db, team, dt.date(2025, 11, 2))
    restrict(db, factories.actor_for(team["aa"]), hidden, "Live prosecution", factories.NOW)
    found = _listed(db, oversight)
    assert open_case.reference in found
    assert hidden.reference not in found
    assert hidden.reference in _listed(db, team["aa"])  # named on it as its decision maker
    assert _listed(db, board) == {}


def test_a_chief_constable_investigation_is_listed_for_the_opcc_reviewer_only(db, team, make_user):
    case = chief_constable_investigation(db, team["reviewer"], team["investigator"])
    assert case.reference in _listed(db, team["reviewer"])
    for user in (team["aa"], team["handler"], make_user(R.OPCC_OVERSIGHT)):
        assert case.reference not in _listed(db, user)
    twelve_month.record_report(
        db, factories.actor_for(team["reviewer"]), case, _sent(), factories.NOW
    )
    assert len(case.investigation.reports) == 1


def chief_constable_investigation(db, reviewer, investigator):
    investigator.external = True  # only one from outside the force investigates the chief
    chief = factories.subject(db, family_name="Chief", chief_constable=True)
    case = factories.complaint(db, subject_=chief, received_on=dt.date(2025, 11, 1))
    opcc = factories.actor_for(reviewer)
    factories.contact(db, case, reviewer)
    workflow.apply(db, opcc, case, "record", {"reason": "Complainant asked"}, factories.NOW)
    workflow.apply(
        db,
        opcc,
        case,
        "start_investigation",
        {"investigator_id": investigator.id},
        factories.NOW,
    )
    db.flush()
    return case


# Recording a report ---------------------------------------------------------------------


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"sent_to_iopc": False}, "confirm it was sent to the IOPC"),
        ({"sent_to_opcc": False}, "give the reason for withholding it"),
        ({"withheld_reason": "Could tip off the subject"}, "leave the reason"),
        ({"progress": "  "}, "Summarise the progress"),
        ({"sent_on": TODAY + dt.timedelta(days=1)}, "today or in the past"),
        ({"sent_on": dt.date(2026, 10, 1)}, "too early"),
    ],
)
def test_a_report_needs_both_bodies_a_summary_and_a_sensible_date(db, team, changes, message):
    case = _investigation(db, team, dt.date(2025, 11, 25))
    with pytest.raises(CaseError, match=message):
        _record(db, team, case, _sent(**changes))
    assert case.investigation.reports == []


def test_the_opccs_copy_may_be_withheld_with_the_reason(db, team):
    case = _investigation(db, team, dt.date(2025, 11, 25))
    report = _record(
        db,
        team,
        case,
        _sent(sent_to_opcc=False, withheld_reason="Telling the OPCC could prejudice it"),
    )
    assert (report.sent_to_opcc, report.sent_to_iopc) == (False, True)
    assert report.withheld_reason == "Telling the OPCC could prejudice it"


def test_only_the_appropriate_authority_records_a_report(db, team):
    case = _investigation(db, team, dt.date(2025, 11, 25))
    for user in (team["handler"], team["investigator"]):
        with pytest.raises(CaseError, match="Only the appropriate authority"):
            twelve_month.record_report(db, factories.actor_for(user), case, _sent(), factories.NOW)


def test_no_report_is_recorded_without_an_open_investigation(db, team):
    case = factories.complaint_in_state(
        db, CaseState.HANDLING, handler=team["handler"], aa=team["aa"]
    )
    with pytest.raises(CaseError, match="only while the investigation is open"):
        _record(db, team, case)


def test_the_database_refuses_a_report_not_sent_to_the_iopc(db, team):
    from sqlalchemy.exc import IntegrityError

    case = _investigation(db, team, dt.date(2025, 11, 25))
    db.add(
        TwelveMonthReport(
            investigation_id=case.investigation.id,
            number=1,
            due_on=TODAY,
            sent_on=TODAY,
            sent_to_iopc=False,
            sent_to_opcc=True,
            progress="x",
            recorded_at=factories.NOW,
        )
    )
    with pytest.raises(IntegrityError):
        db.flush()
    db.rollback()
