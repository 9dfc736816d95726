"""The measures one at a time: London months, working days and first contacts."""

from __future__ import annotations

import datetime as dt

from complaints.cases import services as cases
from complaints.cases import workflow
from complaints.cases.choices import AllegationAction as A
from complaints.cases.choices import AllegationResult, ContactMethod, ContactPurpose
from complaints.common.actor import Actor
from complaints.forces.models import FIRST_FORCE_ID
from complaints.reports import queries as q
from complaints.reports.periods import comparisons, london_midnight, month_period
from tests import factories
from tests.report_dataset import at

FORCES = (FIRST_FORCE_ID,)


def test_a_month_runs_from_london_midnight_to_london_midnight():
    april = month_period(dt.date(2026, 4, 17))
    assert (april.start, april.end) == (dt.date(2026, 4, 1), dt.date(2026, 5, 1))
    assert april.utc_start == dt.datetime(2026, 3, 31, 23, 0, tzinfo=dt.UTC)  # BST
    assert london_midnight(dt.date(2026, 1, 1)) == dt.datetime(2026, 1, 1, tzinfo=dt.UTC)


def test_comparisons_are_the_month_before_a_year_before_and_12_months():
    periods = comparisons(dt.date(2026, 1, 1))
    assert periods.previous.start == dt.date(2025, 12, 1)
    assert periods.last_year.start == dt.date(2025, 1, 1)
    assert (periods.rolling.start, periods.rolling.end) == (
        dt.date(2025, 2, 1),
        dt.date(2026, 2, 1),
    )
    assert periods.headings[3] == "12 months to January 2026"


def test_a_case_logged_after_midnight_bst_counts_in_the_london_month(db, team):
    factories.complaint(
        db, handler=team["handler"], received_on=dt.date(2026, 3, 31), now=at(2026, 3, 31, 23, 30)
    )
    assert q.cases_logged(db, month_period(dt.date(2026, 4, 1)), FORCES).value == 1
    assert q.cases_logged(db, month_period(dt.date(2026, 3, 1)), FORCES).value == 0


def test_working_days_to_log_skip_christmas_and_easter(db, team):
    factories.complaint(
        db, handler=team["handler"], received_on=dt.date(2025, 12, 24), now=at(2025, 12, 29)
    )
    factories.complaint(
        db, handler=team["handler"], received_on=dt.date(2025, 12, 1), now=at(2025, 12, 4)
    )
    figure = q.working_days_to_log(db, month_period(dt.date(2025, 12, 1)), FORCES)
    assert (figure.value, figure.base) == (2.0, 2)  # 1 over Christmas, 3 in early December


def test_working_days_to_log_count_to_the_london_day_it_was_logged(db, team):
    """Logged at 00:30 on Thursday in London (23:30 on Wednesday in UTC): one working day
    after a Wednesday receipt, not none; and cases sharing their dates count once each."""
    for _ in range(2):
        factories.complaint(
            db, handler=team["handler"], received_on=dt.date(2026, 7, 1), now=at(2026, 7, 1, 23, 30)
        )
    factories.complaint(
        db, handler=team["handler"], received_on=dt.date(2026, 7, 1), now=at(2026, 7, 6, 9)
    )
    figure = q.working_days_to_log(db, month_period(dt.date(2026, 7, 1)), FORCES)
    assert (figure.value, figure.base) == ((1 + 1 + 3) / 3, 3)


def _contact(db, case, on, purpose=ContactPurpose.FIRST_CONTACT):
    cases.record_contact(
        db,
        Actor.system("test"),
        case,
        cases.ContactData(on, ContactMethod.PHONE, purpose),
        at(on.year, on.month, on.day),
    )


def test_only_the_first_first_contact_counts_and_in_its_own_month(db, team):
    case = factories.complaint(
        db, handler=team["handler"], received_on=dt.date(2026, 3, 27), now=at(2026, 3, 27)
    )
    _contact(db, case, dt.date(2026, 3, 31))
    _contact(db, case, dt.date(2026, 4, 8))  # a second "first contact" is not the first
    _contact(db, case, dt.date(2026, 4, 1), ContactPurpose.UPDATE)
    march = q.working_days_to_contact(db, month_period(dt.date(2026, 3, 1)), FORCES)
    april = q.working_days_to_contact(db, month_period(dt.date(2026, 4, 1)), FORCES)
    assert (march.value, march.base) == (2.0, 1)
    assert (april.value, april.base) == (None, 0)


def test_an_empty_period_has_no_mean_and_no_share(db):
    period = month_period(dt.date(2019, 1, 1))
    assert q.working_days_to_log(db, period, FORCES).value is None
    assert q.days_to_finalise(db, period, FORCES).under_schedule_3.base == 0
    assert q.share(0, 0).value is None


def test_every_measure_has_its_definition():
    for measure in (
        q.cases_logged,
        q.working_days_to_log,
        q.working_days_to_contact,
        q.days_to_finalise,
        q.reviews_upheld,
        q.learning_overdue,
        q.equality_monitoring,
    ):
        text = q.definition(measure)
        assert text and "\n" not in text and "  " not in text


def test_restricted_cases_count_in_every_aggregate(db, team):
    """The IOPC counts them (domain.md A6): a restricted case, and a complaint about the
    chief constable (restricted from the start), is counted like any other case."""
    from complaints.cases.models import Case
    from complaints.learning.models import LearningLevel, LearningSource
    from complaints.learning.services import LearningData, record_learning

    aa = factories.actor_for(team["aa"])
    april = month_period(dt.date(2026, 4, 1))
    restricted = factories.complaint(
        db, handler=team["handler"], received_on=dt.date(2026, 4, 7), now=at(2026, 4, 8)
    )
    cases.restrict(db, aa, restricted, "A witness at risk", at(2026, 4, 8))
    chief = factories.complaint(
        db,
        received_on=dt.date(2026, 4, 9),
        now=at(2026, 4, 9),
        subject_=factories.subject(db, chief_constable=True),
    )
    assert chief.restricted and chief.about_chief_officer
    factories.complaint(
        db, handler=team["handler"], received_on=dt.date(2026, 4, 9), now=at(2026, 4, 10)
    )
    record_learning(
        db,
        aa,
        LearningData(
            "Briefing", "Brief the team", LearningLevel.INDIVIDUAL, due_on=dt.date(2026, 4, 20)
        ),
        at(2026, 4, 14),
        source=LearningSource.CASE_OUTCOME,
        case_id=restricted.id,
    )
    assert db.get(Case, restricted.id).restricted
    assert q.cases_logged(db, april, FORCES).value == 3
    assert q.allegations_logged(db, april, FORCES).value == 3
    assert q.working_days_to_log(db, april, FORCES).base == 3
    assert sum(q.allegations_by_category(db, april, FORCES).values()) == 3
    assert q.open_cases(db, dt.date(2026, 4, 30), FORCES).value == 3
    assert q.learning_raised(db, april, FORCES).value == 1
    assert q.learning_open(db, dt.date(2026, 4, 30), FORCES).value == 1
    assert "counted" in q.RESTRICTED_NOTE and "not counted" not in q.RESTRICTED_NOTE


def _finalised_after_suspensions(db, team, suspensions):
    """A complaint received 2 March 2026, investigated with ``suspensions`` (pairs of dates
    on which it was suspended and resumed) and finalised on 24 April 2026 (53 days)."""
    from complaints.cases import workflow
    from complaints.cases.choices import AllegationResult

    h, a = factories.actor_for(team["handler"]), factories.actor_for(team["aa"])
    i, r = factories.actor_for(team["investigator"]), factories.actor_for(team["reviewer"])
    case = factories.complaint(
        db, handler=team["handler"], received_on=dt.date(2026, 3, 2), now=at(2026, 3, 3)
    )
    _contact(db, case, dt.date(2026, 3, 5))

    def step(actor, name, when, **data):
        workflow.apply(db, actor, case, name, {"reason": "As decided", **data}, when)

    step(a, "record", at(2026, 3, 6), recording_reason="aa_decided")
    step(a, "start_investigation", at(2026, 3, 6), investigator_id=team["investigator"].id)
    for started, ended in suspensions:
        step(a, "suspend", at(2026, 4, 1), reason="Criminal proceedings", on=started)
        step(a, "resume", at(2026, 4, 1), on=ended)
    step(i, "submit_report", at(2026, 4, 1))
    for allegation in case.allegations:
        cases.set_allegation_result(
            db, a, allegation, AllegationResult.SERVICE_ACCEPTABLE, at(2026, 4, 2)
        )
    step(a, "determine_outcome", at(2026, 4, 2))
    step(h, "notify_outcome", at(2026, 4, 3), review_body="opcc")
    step(h, "apply_for_review", at(2026, 4, 10), body="opcc", routing_reason="No limb")
    step(r, "decide_review", at(2026, 4, 24), outcome="not_upheld")
    return case


def test_overlapping_suspensions_count_once(db, team):
    """Suspended 10 to 20 March, and (entered later) 15 to 25 March: 15 days suspended, not
    20; a suspension inside another adds nothing."""
    _finalised_after_suspensions(
        db,
        team,
        [
            (dt.date(2026, 3, 10), dt.date(2026, 3, 20)),
            (dt.date(2026, 3, 15), dt.date(2026, 3, 25)),
            (dt.date(2026, 3, 16), dt.date(2026, 3, 18)),
        ],
    )
    times = q.days_to_finalise(db, month_period(dt.date(2026, 4, 1)), FORCES)
    assert times.under_schedule_3.value == 53
    assert times.under_schedule_3_excluding_suspensions.value == 53 - 15
    assert "overlapping suspensions is left out once" in q.definition(q.days_to_finalise)


def test_suspended_days_are_cut_to_the_case_and_merged():
    d = dt.date
    received, finalised = d(2026, 3, 2), d(2026, 4, 24)
    assert q.days_suspended([], received, finalised) == 0
    # Begun before receipt (an import), and one still open at finalisation beside it.
    periods = [(d(2026, 2, 20), d(2026, 3, 4)), (d(2026, 4, 20), None), (d(2026, 4, 22), None)]
    assert q.days_suspended(periods, received, finalised) == 2 + 4
    # Touching periods: the day one ends is the day the next begins.
    touching = [(d(2026, 3, 10), d(2026, 3, 20)), (d(2026, 3, 20), d(2026, 3, 30))]
    assert q.days_suspended(touching, received, finalised) == 20


def test_an_allegation_added_later_counts_in_the_month_it_was_logged(db, team):
    """A complaint logged in March with one allegation, and a second allegation found and
    added in April: March logged one allegation and April the other (domain.md A6)."""
    from complaints.cases import allegations

    division = factories.division(db, "Eastern Division")
    case = factories.complaint(
        db,
        handler=team["handler"],
        received_on=dt.date(2026, 3, 30),
        now=at(2026, 3, 31, 22, 30),  # 23:30 in London: still March
        category_code="H1",
        division_id=division.id,
    )
    added = allegations.add_allegation(
        db,
        factories.actor_for(team["handler"]),
        case,
        cases.AllegationData(factories.category(db, "B6").id, "Pushed the complainant", ()),
        at(2026, 4, 14),
    )
    assert case.allegations[0].logged_at == case.logged_at
    assert added.logged_at == at(2026, 4, 14)
    march, april = (month_period(dt.date(2026, m, 1)) for m in (3, 4))
    assert q.allegations_logged(db, march, FORCES).value == 1
    assert q.allegations_logged(db, april, FORCES).value == 1
    assert q.allegations_by_category(db, march, FORCES) == {"H": 1}
    assert q.allegations_by_category(db, april, FORCES) == {"B": 1}
    assert q.monthly_allegations_logged(db, [march, april], FORCES) == [1, 1]
    assert q.by_division(db, april, FORCES) == {"Eastern Division": q.DivisionFigures(0, 1)}
    assert q.cases_logged(db, april, FORCES).value == 0
    assert "in which it was itself logged" in q.definition(q.allegations_logged)


def test_actions_are_counted_by_their_codes_and_a_note_alone_as_a_note(db, team):
    """Known answer: an allegation counts once for each action code it has, whatever its
    note says; one with no code but a note counts as 'recorded as a note only'; one with
    neither counts in the total alone."""
    handler = factories.actor_for(team["handler"])
    when = at(2026, 4, 10)
    recorded = (
        ((A.EXPLANATION, A.APOLOGY), "Explanation; Apology"),  # a note that reads as labels
        ((A.APOLOGY,), None),
        ((), "Apology given; reflective practice for the officer."),
        ((), None),
    )
    for codes, note in recorded:
        case = factories.complaint(db, handler=team["handler"], now=at(2026, 4, 1))
        factories.contact(db, case, team["handler"], at(2026, 4, 1))
        workflow.apply(db, handler, case, "handle_outside_schedule_3", {}, at(2026, 4, 1))
        (allegation,) = case.allegations
        cases.set_allegation_result(
            db, handler, allegation, AllegationResult.RESOLVED, when, codes, note
        )
        workflow.apply(db, handler, case, "resolve", {}, when)
    total, counts = q.allegation_actions(db, month_period(when.date()), FORCES)
    assert total == 4
    assert counts == {"explanation": 1, "apology": 2, None: 1}
    assert q.allegation_actions(db, month_period(dt.date(2026, 3, 1)), FORCES) == (0, {})
