"""The deadlines of domain.md A5 that casework queues sort by and warn on."""

from __future__ import annotations

import datetime as dt

import pytest

from complaints.auth.roles import Role
from complaints.cases import deadlines, workflow
from complaints.cases.choices import CaseState, CaseType
from complaints.cases.deadlines import Deadline, DeadlineFacts, DeadlineKind, compute, urgency
from complaints.common import workdays
from tests import factories

D = dt.date
K = DeadlineKind
S = CaseState


def complaint_facts(state: CaseState, **facts) -> DeadlineFacts:
    return DeadlineFacts(
        case_type=CaseType.COMPLAINT, state=state, received_on=D(2026, 11, 2), **facts
    )


def due(facts: DeadlineFacts, kind: DeadlineKind) -> D | None:
    return next((d.due_on for d in compute(facts) if d.kind == kind), None)


# Outcome letter: 5 working days after the outcome is determined. --------------------------


def test_outcome_letter_over_christmas_2026_skips_the_bank_holidays():
    # 25 Dec (Fri), 28 Dec (Boxing Day substitute) and 1 Jan (Fri) are not working days.
    for holiday in (D(2026, 12, 25), D(2026, 12, 28), D(2027, 1, 1)):
        assert not workdays.is_working_day(holiday)
    facts = complaint_facts(
        S.OUTCOME_DETERMINED,
        handling_started_on=D(2026, 12, 1),
        outcome_determined_on=D(2026, 12, 23),
    )
    assert due(facts, K.OUTCOME_LETTER) == D(2027, 1, 4)


def test_outcome_letter_from_the_friday_before_spring_bank_holiday():
    facts = complaint_facts(
        S.OUTCOME_DETERMINED,
        handling_started_on=D(2026, 5, 11),
        outcome_determined_on=D(2026, 5, 22),
    )
    # 26, 27, 28, 29 May and 1 June: Monday 25 May 2026 is the Spring bank holiday.
    assert due(facts, K.OUTCOME_LETTER) == D(2026, 6, 1)


def test_no_outcome_letter_deadline_once_the_outcome_is_notified():
    facts = complaint_facts(
        S.OUTCOME_NOTIFIED,
        handling_started_on=D(2026, 11, 2),
        outcome_determined_on=D(2026, 11, 20),
        outcome_notified_on=D(2026, 11, 24),
    )
    assert due(facts, K.OUTCOME_LETTER) is None


# Complainant updates: every 28 days from the start of handling or the last contact. -------


def test_first_update_due_28_days_after_handling_starts():
    facts = complaint_facts(S.RECORDED, handling_started_on=D(2026, 11, 3))
    assert compute(facts) == [Deadline(K.UPDATE, D(2026, 12, 1))]


def test_a_later_contact_moves_the_next_update():
    facts = complaint_facts(
        S.INVESTIGATION,
        handling_started_on=D(2026, 11, 3),
        last_contact_on=D(2026, 11, 25),
    )
    assert due(facts, K.UPDATE) == D(2026, 12, 23)


def test_a_contact_before_handling_started_does_not_bring_the_update_forward():
    facts = complaint_facts(
        S.INITIAL_HANDLING,
        handling_started_on=D(2026, 11, 10),
        last_contact_on=D(2026, 11, 4),
    )
    assert due(facts, K.UPDATE) == D(2026, 12, 8)


def test_no_update_before_handling_starts():
    assert compute(complaint_facts(S.LOGGED, last_contact_on=D(2026, 11, 4))) == []


@pytest.mark.parametrize("state", [S.OUTCOME_NOTIFIED, S.UNDER_REVIEW, S.FINALISED, S.WITHDRAWN])
def test_no_update_once_the_outcome_is_notified_or_the_case_is_closed(state):
    facts = complaint_facts(
        state,
        handling_started_on=D(2026, 11, 3),
        last_contact_on=D(2026, 11, 25),
        outcome_determined_on=D(2026, 11, 20),
        outcome_notified_on=D(2026, 11, 24),
    )
    assert due(facts, K.UPDATE) is None


def test_updates_continue_while_the_outcome_letter_is_pending():
    facts = complaint_facts(
        S.OUTCOME_DETERMINED,
        handling_started_on=D(2026, 10, 1),
        last_contact_on=D(2026, 10, 20),
        outcome_determined_on=D(2026, 11, 20),
    )
    assert compute(facts) == [
        Deadline(K.UPDATE, D(2026, 11, 17)),
        Deadline(K.OUTCOME_LETTER, D(2026, 11, 27)),
    ]


def test_no_update_deadline_for_a_conduct_matter():
    facts = DeadlineFacts(
        case_type=CaseType.CONDUCT_MATTER,
        state=S.HANDLING,
        received_on=D(2026, 11, 2),
        handling_started_on=D(2026, 11, 2),
    )
    assert compute(facts) == []


# Review window: the last day to apply. ----------------------------------------------------


def test_review_window_closes_28_days_after_the_day_of_notification():
    assert deadlines.review_deadline_from(D(2026, 12, 1)) == D(2026, 12, 29)
    facts = complaint_facts(
        S.OUTCOME_NOTIFIED,
        handling_started_on=D(2026, 11, 2),
        outcome_determined_on=D(2026, 11, 30),
        outcome_notified_on=D(2026, 12, 1),
    )
    assert compute(facts) == [Deadline(K.REVIEW_WINDOW, D(2026, 12, 29))]


def test_no_review_window_while_under_review():
    facts = complaint_facts(
        S.UNDER_REVIEW, handling_started_on=D(2026, 11, 2), outcome_notified_on=D(2026, 12, 1)
    )
    assert compute(facts) == []


# Investigations open 12 months: report then, and every 6 months after. --------------------


def investigation_facts(received_on: D, reports_sent: int = 0, **facts) -> DeadlineFacts:
    values = {
        "case_type": CaseType.CONDUCT_MATTER,
        "state": S.INVESTIGATION,
        "received_on": received_on,
        "handling_started_on": received_on,
        "investigation_open": True,
        "twelve_month_reports_sent": reports_sent,
    }
    return DeadlineFacts(**{**values, **facts})


def test_twelve_month_report_for_a_case_received_on_29_february():
    facts = investigation_facts(D(2024, 2, 29))
    assert compute(facts) == [Deadline(K.TWELVE_MONTH_REPORT, D(2025, 2, 28))]


def test_after_the_first_report_the_next_is_due_at_18_months_then_24():
    assert due(investigation_facts(D(2024, 2, 29), 1), K.TWELVE_MONTH_REPORT) == D(2025, 8, 29)
    assert due(investigation_facts(D(2025, 8, 31), 1), K.TWELVE_MONTH_REPORT) == D(2027, 2, 28)
    assert due(investigation_facts(D(2025, 8, 31), 2), K.TWELVE_MONTH_REPORT) == D(2027, 8, 31)


def test_a_complaint_under_investigation_has_both_update_and_report_deadlines():
    facts = investigation_facts(
        D(2025, 11, 20),
        case_type=CaseType.COMPLAINT,
        state=S.SUSPENDED,
        last_contact_on=D(2026, 11, 2),
    )
    assert compute(facts) == [
        Deadline(K.TWELVE_MONTH_REPORT, D(2026, 11, 20)),
        Deadline(K.UPDATE, D(2026, 11, 30)),
    ]


def test_no_report_once_the_investigation_is_no_longer_open():
    facts = investigation_facts(
        D(2024, 2, 29), state=S.OUTCOME_DETERMINED, investigation_open=False
    )
    assert compute(facts) == []


def test_a_dsi_matter_has_no_deadlines():
    facts = investigation_facts(D(2024, 2, 29), case_type=CaseType.DSI_MATTER)
    assert compute(facts) == []


def test_facts_from_raw_row_values_are_read_as_the_enums():
    facts = DeadlineFacts(
        case_type="complaint", state="recorded", received_on=D(2026, 11, 2),
        handling_started_on=D(2026, 11, 3),
    )  # fmt: skip
    assert facts.state is S.RECORDED
    assert compute(facts) == [Deadline(K.UPDATE, D(2026, 12, 1))]
    with pytest.raises(ValueError):
        DeadlineFacts(case_type="complaint", state="closed", received_on=D(2026, 11, 2))


# Urgency: overdue, due soon (5 working days) or later. ------------------------------------


def test_urgency_counts_working_days_over_a_weekend():
    friday = D(2026, 11, 20)
    assert urgency(D(2026, 11, 19), friday) == "overdue"
    assert urgency(friday, friday) == "due_soon"
    assert urgency(D(2026, 11, 27), friday) == "due_soon"  # 5 working days on
    assert urgency(D(2026, 11, 30), friday) == "later"  # 6 working days on
    saturday = D(2026, 11, 21)
    assert urgency(D(2026, 11, 27), saturday) == "due_soon"
    assert urgency(D(2026, 11, 20), saturday) == "overdue"


def test_urgency_stretches_over_bank_holidays():
    today = D(2026, 12, 18)  # Friday
    # 21, 22, 23, 24 and 29 December: Christmas Day and Boxing Day (substitute) skipped.
    assert urgency(D(2026, 12, 29), today) == "due_soon"
    assert urgency(D(2026, 12, 30), today) == "later"
    assert urgency(D(2026, 12, 27), D(2026, 12, 28)) == "overdue"


# Through a real case. -------------------------------------------------------------------


@pytest.fixture()
def people(make_user):
    return {
        "handler": make_user(Role.HANDLER),
        "aa": make_user(Role.APPROPRIATE_AUTHORITY),
        "investigator": make_user(Role.INVESTIGATOR),
    }


def test_a_determined_complaint_waits_first_on_its_outcome_letter(db, people):
    case = factories.complaint_in_state(
        db, S.OUTCOME_DETERMINED, handler=people["handler"], aa=people["aa"]
    )
    facts = deadlines.facts_of(case)
    assert facts.handling_started_on == D(2026, 11, 20)
    assert facts.last_contact_on == D(2026, 11, 20)
    assert compute(facts) == [
        Deadline(K.OUTCOME_LETTER, D(2026, 11, 27)),
        Deadline(K.UPDATE, D(2026, 12, 18)),
    ]

    deadlines.refresh(case)
    db.flush()
    db.expire(case)
    assert case.next_deadline_on == D(2026, 11, 27)
    assert case.next_deadline_kind == K.OUTCOME_LETTER


def test_handling_starts_on_the_london_date_and_a_later_contact_moves_the_update(db, people):
    late = dt.datetime(2026, 6, 30, 23, 30, tzinfo=dt.UTC)  # 00:30 BST on 1 July
    case = factories.complaint_in_state(
        db, S.RECORDED, handler=people["handler"], aa=people["aa"], now=late
    )
    assert deadlines.next_deadline(case) == Deadline(K.UPDATE, D(2026, 7, 29))

    factories.contact(db, case, people["handler"], now=dt.datetime(2026, 7, 20, 9, tzinfo=dt.UTC))
    assert deadlines.next_deadline(case) == Deadline(K.UPDATE, D(2026, 8, 17))


def test_the_twelve_month_report_ends_when_the_investigation_report_is_in(db, people):
    """The investigation is complete once its report is submitted (PRA Sch 3 para 20A)."""
    case = factories.complaint_in_state(
        db,
        S.INVESTIGATION,
        handler=people["handler"],
        aa=people["aa"],
        investigator=people["investigator"],
    )
    received = case.received_on
    assert deadlines.facts_of(case).investigation_open
    assert due(deadlines.facts_of(case), K.TWELVE_MONTH_REPORT) == received.replace(
        year=received.year + 1
    )

    investigator = factories.actor_for(people["investigator"])
    workflow.apply(db, investigator, case, "submit_report", {}, factories.NOW)
    assert not deadlines.facts_of(case).investigation_open
    assert due(deadlines.facts_of(case), K.TWELVE_MONTH_REPORT) is None
    assert deadlines.next_deadline(case) == Deadline(K.UPDATE, D(2026, 12, 18))


def test_a_conduct_matter_has_no_deadline_until_investigated(db, people):
    matter = factories.matter(db, CaseType.CONDUCT_MATTER)
    assert deadlines.next_deadline(matter) is None
    deadlines.refresh(matter)
    assert matter.next_deadline_on is None and matter.next_deadline_kind is None

    workflow.apply(
        db,
        factories.actor_for(people["aa"]),
        matter,
        "start_investigation",
        {"investigator_id": people["investigator"].id},
        factories.NOW,
    )
    assert deadlines.next_deadline(matter) == Deadline(
        K.TWELVE_MONTH_REPORT, matter.received_on.replace(year=matter.received_on.year + 1)
    )


# First contact with the complainant: the force's contact target in working days. -------


def test_first_contact_is_due_the_contact_target_in_working_days_over_christmas():
    # Received Monday 21 December 2026: 22, 23, 24, then 25 and 28 December are bank
    # holidays (Christmas, Boxing Day's substitute), then 29 and 30.
    facts = DeadlineFacts(
        case_type=CaseType.COMPLAINT,
        state=S.LOGGED,
        received_on=D(2026, 12, 21),
        first_contact_owed=True,
        contact_target_days=5,
    )
    assert compute(facts) == [Deadline(K.FIRST_CONTACT, D(2026, 12, 30))]


def test_first_contact_over_the_spring_bank_holiday_follows_the_forces_target():
    facts = complaint_facts(S.LOGGED, first_contact_owed=True, contact_target_days=2)
    assert due(facts, K.FIRST_CONTACT) == D(2026, 11, 4)
    # Friday 22 May 2026, then Monday 25 May is the Spring bank holiday.
    spring = DeadlineFacts(
        case_type=CaseType.COMPLAINT,
        state=S.LOGGED,
        received_on=D(2026, 5, 22),
        first_contact_owed=True,
        contact_target_days=1,
    )
    assert due(spring, K.FIRST_CONTACT) == D(2026, 5, 26)


def test_a_target_of_none_on_a_complaint_received_at_the_weekend_is_due_the_next_working_day():
    # Saturday 26 December 2026; Monday 28 December is a bank holiday.
    assert deadlines.first_contact_due(D(2026, 12, 26), 0) == D(2026, 12, 29)


def test_no_first_contact_deadline_once_contacted_or_past_logging():
    assert due(complaint_facts(S.LOGGED, contact_target_days=5), K.FIRST_CONTACT) is None
    recorded = complaint_facts(
        S.RECORDED,
        handling_started_on=D(2026, 11, 3),
        first_contact_owed=True,
        contact_target_days=5,
    )
    assert due(recorded, K.FIRST_CONTACT) is None


def test_a_force_without_a_contact_target_takes_the_services_default():
    assert deadlines.contact_target({"working_days_to_contact": 3}) == 3
    assert deadlines.contact_target({}) == 5
    assert deadlines.contact_target({"working_days_to_contact": None}) == 5


@pytest.mark.parametrize("offset", range(0, 400, 3))
@pytest.mark.parametrize("target", [0, 1, 2, 5])
def test_every_deadline_counted_in_working_days_falls_on_a_working_day(offset, target):
    day = D(2026, 1, 1) + dt.timedelta(days=offset)
    assert workdays.is_working_day(deadlines.first_contact_due(day, target))
    determined = complaint_facts(
        S.OUTCOME_DETERMINED, handling_started_on=day, outcome_determined_on=day
    )
    assert workdays.is_working_day(due(determined, K.OUTCOME_LETTER))


def test_a_logged_complaint_waits_on_first_contact_until_it_is_made(db, people):
    # Received Tuesday 17 November 2026: the force's target is 5 working days.
    case = factories.complaint(db, handler=people["handler"])
    assert (case.next_deadline_on, case.next_deadline_kind) == (D(2026, 11, 24), K.FIRST_CONTACT)

    factories.contact(db, case, people["handler"])
    assert (case.next_deadline_on, case.next_deadline_kind) == (None, None)


def test_the_forces_own_contact_target_sets_the_first_contact_deadline(db, people):
    from complaints.forces.models import FIRST_FORCE_ID, Force

    force = db.get(Force, FIRST_FORCE_ID)
    force.report_targets = {**force.report_targets, "working_days_to_contact": 1}
    db.flush()
    case = factories.complaint(db, handler=people["handler"])
    assert case.next_deadline_on == D(2026, 11, 18)


def test_no_first_contact_is_owed_once_the_complainant_could_not_be_reached(db, people):
    from complaints.cases import services as cases

    case = factories.complaint(db, handler=people["handler"])
    cases.record_contact_not_possible(
        db,
        factories.actor_for(people["handler"]),
        case,
        "Three calls and a letter",
        factories.NOW,
    )
    assert case.next_deadline_kind is None
