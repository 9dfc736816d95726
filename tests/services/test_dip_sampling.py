"""Dip sampling: the seeded draw, proportional strata, access that ends with the sample,
and the checklist with the learning it raises."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from sqlalchemy import select

from complaints.auth.roles import Role
from complaints.cases import queries, workflow
from complaints.cases import services as cases
from complaints.cases.choices import AllegationResult, CaseState
from complaints.learning.models import LearningItem, LearningLevel, LearningSource
from complaints.oversight.models import Answer, SampledCase, SampleMethod, Stratum
from complaints.oversight.sampling import (
    ChecklistData,
    DrawData,
    SampleError,
    allocate,
    choose,
    close_sample,
    draw_sample,
    sample_size,
    save_checklist,
)
from tests import factories

NOW = factories.NOW
DAY = NOW.date()
LATER = NOW + dt.timedelta(days=40)  # after the 28-day review window


def finalised(db, team, stratum: Stratum, **flags):
    """A complaint finalised by the route its handling type takes."""
    handler, aa = team["handler"], team["aa"]
    if stratum == Stratum.OUTSIDE_SCHEDULE_3:
        return factories.complaint_in_state(
            db, CaseState.FINALISED, handler=handler, aa=aa, now=LATER, **flags
        )
    if stratum == Stratum.OTHERWISE:
        case = factories.complaint_in_state(
            db, CaseState.OUTCOME_NOTIFIED, handler=handler, aa=aa, **flags
        )
    else:
        case = factories.complaint_in_state(
            db,
            CaseState.AWAITING_DECISION,
            handler=handler,
            aa=aa,
            investigator=team["investigator"],
            **flags,
        )
        a = factories.actor_for(aa)
        for allegation in case.allegations:
            cases.set_allegation_result(db, a, allegation, AllegationResult.SERVICE_ACCEPTABLE, NOW)
        workflow.apply(db, a, case, "determine_outcome", {}, NOW)
        workflow.apply(db, factories.actor_for(handler), case, "notify_outcome", {}, NOW)
    workflow.apply(db, factories.actor_for(handler), case, "finalise", {}, LATER)
    return case


def period(**changes) -> DrawData:
    values = {
        "period_from": LATER.date(),
        "period_to": LATER.date(),
        "method": SampleMethod.SIZE,
        "size": 3,
    }
    return DrawData(**(values | changes))


@pytest.fixture()
def oversight(make_user):
    return make_user(Role.OPCC_OVERSIGHT)


def drawn_ids(sample) -> list[int]:
    return [row.case_id for row in sample.cases]


def test_the_same_seed_draws_the_same_cases(db, team, oversight):
    made = [finalised(db, team, Stratum.OUTSIDE_SCHEDULE_3) for _ in range(8)]
    who = factories.actor_for(oversight)
    first = draw_sample(db, who, period(seed=42), NOW)
    again = draw_sample(db, who, period(seed=42), NOW)
    assert first.seed == again.seed == 42
    assert drawn_ids(first) == drawn_ids(again)
    assert len(first.cases) == 3 and set(drawn_ids(first)) <= {c.id for c in made}
    others = {tuple(drawn_ids(draw_sample(db, who, period(seed=s), NOW))) for s in range(1, 6)}
    assert others - {tuple(drawn_ids(first))}, "other seeds normally draw other cases"


def test_a_random_seed_is_recorded_and_reproduces_the_draw(db, team, oversight):
    for _ in range(6):
        finalised(db, team, Stratum.OUTSIDE_SCHEDULE_3)
    who = factories.actor_for(oversight)
    first = draw_sample(db, who, period(), NOW)
    again = draw_sample(db, who, period(seed=first.seed), NOW)
    assert drawn_ids(first) == drawn_ids(again)


def test_choose_depends_only_on_pool_and_seed():
    pool = [(i, Stratum.OUTSIDE_SCHEDULE_3) for i in range(1, 101)]
    shuffled = random.Random(7).sample(pool, len(pool))
    assert choose(pool, 10, False, 5) == choose(shuffled, 10, False, 5)
    assert choose(pool, 10, False, 5) != choose(pool, 10, False, 6)


@pytest.mark.parametrize(
    "counts, total, expected",
    [
        # quotas 2.5, 1.5, 1.0: the tie on .5 goes to the larger stratum
        ((5, 3, 2, 0), 5, (3, 1, 1, 0)),
        # quotas 1.2, 1.2, 0.6: the largest remainder takes the case left over
        ((4, 4, 2, 0), 3, (1, 1, 1, 0)),
        ((10, 0, 0, 0), 4, (4, 0, 0, 0)),
        ((1, 1, 1, 1), 4, (1, 1, 1, 1)),
        ((1, 1, 1, 1), 2, (1, 1, 0, 0)),
    ],
)
def test_strata_get_proportional_shares_by_largest_remainder(counts, total, expected):
    shares = allocate(dict(zip(Stratum, counts, strict=True)), total)
    assert tuple(shares[s] for s in Stratum) == expected


def test_allocation_always_adds_up_and_never_exceeds_a_stratum():
    rng = random.Random(1)
    for _ in range(500):
        counts = {s: rng.randint(0, 30) for s in Stratum}
        pool = sum(counts.values())
        total = rng.randint(0, pool)
        shares = allocate(counts, total)
        assert sum(shares.values()) == total
        assert all(shares[s] <= counts[s] for s in Stratum)


def test_percentage_is_rounded_up():
    assert sample_size(7, SampleMethod.PERCENTAGE, None, 10) == 1
    assert sample_size(20, SampleMethod.PERCENTAGE, None, 10) == 2
    assert sample_size(3, SampleMethod.SIZE, 10, None) == 3


def test_stratified_draw_samples_each_handling_type_in_proportion(db, team, oversight):
    plan = {Stratum.OUTSIDE_SCHEDULE_3: 4, Stratum.OTHERWISE: 2, Stratum.INVESTIGATION: 2}
    made = {s: [finalised(db, team, s).id for _ in range(n)] for s, n in plan.items()}
    sample = draw_sample(
        db,
        factories.actor_for(oversight),
        period(method=SampleMethod.PERCENTAGE, size=None, percentage=50, stratified=True, seed=3),
        NOW,
    )
    drawn = {s: [r.case_id for r in sample.cases if r.stratum == s] for s in plan}
    assert {s: len(ids) for s, ids in drawn.items()} == {
        Stratum.OUTSIDE_SCHEDULE_3: 2,
        Stratum.OTHERWISE: 1,
        Stratum.INVESTIGATION: 1,
    }
    assert all(set(drawn[s]) <= set(made[s]) for s in plan)
    assert sample.candidates == 8


def test_only_unrestricted_cases_finalised_in_the_period_are_candidates(db, team, oversight):
    inside = finalised(db, team, Stratum.OUTSIDE_SCHEDULE_3)
    hidden = finalised(db, team, Stratum.OUTSIDE_SCHEDULE_3)
    cases.restrict(db, factories.actor_for(team["aa"]), hidden, "Covert", NOW)
    factories.complaint_in_state(  # finalised before the period
        db, CaseState.FINALISED, handler=team["handler"], aa=team["aa"]
    )
    factories.complaint_in_state(  # open
        db, CaseState.HANDLING, handler=team["handler"], aa=team["aa"]
    )
    sample = draw_sample(db, factories.actor_for(oversight), period(size=10), NOW)
    assert drawn_ids(sample) == [inside.id]
    assert sample.candidates == 1


def test_an_empty_period_draws_nothing(db, oversight):
    with pytest.raises(SampleError, match="No cases were finalised"):
        draw_sample(db, factories.actor_for(oversight), period(), NOW)


def test_sampled_cases_are_readable_by_the_drawer_until_the_sample_closes(
    db, team, oversight, make_user
):
    case = finalised(db, team, Stratum.OUTSIDE_SCHEDULE_3)
    colleague = make_user(Role.OPCC_OVERSIGHT)
    who = factories.actor_for(oversight)
    sample = draw_sample(db, who, period(), NOW)
    assert queries.load_visible(db, who, case.id) is not None
    assert queries.load_visible(db, factories.actor_for(colleague), case.id) is None
    close_sample(db, who, sample, LATER)
    assert sample.closed_at == LATER and sample.closed_by_id == oversight.id
    assert queries.load_visible(db, who, case.id) is None
    with pytest.raises(SampleError, match="already closed"):
        close_sample(db, who, sample, LATER)


def test_closing_keeps_access_granted_for_another_reason_or_another_open_sample(
    db, team, oversight
):
    named, twice = (finalised(db, team, Stratum.OUTSIDE_SCHEDULE_3) for _ in range(2))
    who = factories.actor_for(oversight)
    cases.grant_access(db, factories.actor_for(team["aa"]), named, oversight, "inspection", NOW)
    first = draw_sample(db, who, period(size=2), NOW)
    second = draw_sample(db, who, period(size=2), NOW)
    close_sample(db, who, first, LATER)
    assert queries.load_visible(db, who, named.id) is not None
    assert queries.load_visible(db, who, twice.id) is not None  # still in the second sample
    close_sample(db, who, second, LATER)
    assert queries.load_visible(db, who, named.id) is not None  # named for another reason
    assert queries.load_visible(db, who, twice.id) is None


ALL_YES = {
    column: Answer.YES
    for column in (
        "contacted_promptly",
        "updated_every_four_weeks",
        "outcome_letter_clear",
        "handling_proportionate",
        "recording_decision_right",
    )
}


def test_a_finding_raises_learning_from_the_dip_sample(db, team, oversight):
    case = finalised(db, team, Stratum.OTHERWISE)
    who = factories.actor_for(oversight)
    sample = draw_sample(db, who, period(), NOW)
    row = sample.cases[0]
    answers = ALL_YES | {"updated_every_four_weeks": Answer.NO}
    with pytest.raises(SampleError, match="Say what you found"):
        save_checklist(db, who, row, ChecklistData(answers), LATER)
    save_checklist(
        db,
        who,
        row,
        ChecklistData(
            answers,
            findings="No update between recording and outcome.",
            raise_learning=True,
            learning_theme="Complainant updates",
            learning_level=LearningLevel.ORGANISATIONAL,
        ),
        LATER,
    )
    item = db.get(LearningItem, row.learning_item_id)
    assert (item.source, item.case_id, item.theme) == (
        LearningSource.DIP_SAMPLE,
        case.id,
        "Complainant updates",
    )
    assert item.description == "No update between recording and outcome."
    assert row.reviewed_at == LATER and row.reviewed_by_id == oversight.id
    stored = db.scalar(select(SampledCase).where(SampledCase.id == row.id))
    assert stored.updated_every_four_weeks == Answer.NO


def test_a_closed_sample_cannot_change_and_others_cannot_review_it(db, team, oversight, make_user):
    finalised(db, team, Stratum.OUTSIDE_SCHEDULE_3)
    who = factories.actor_for(oversight)
    sample = draw_sample(db, who, period(), NOW)
    colleague = factories.actor_for(make_user(Role.OPCC_OVERSIGHT))
    with pytest.raises(SampleError, match="Only the person who drew"):
        save_checklist(db, colleague, sample.cases[0], ChecklistData(ALL_YES), LATER)
    close_sample(db, who, sample, LATER)
    with pytest.raises(SampleError, match="closed"):
        save_checklist(db, who, sample.cases[0], ChecklistData(ALL_YES), LATER)


def test_facts_beside_the_checklist_come_from_the_case(db, team):
    """Recorded on day 0 with no update before the outcome on day 70: two four-week
    updates were missed; the letter went the same day."""
    from complaints.oversight.sample_facts import case_facts

    handler, aa = team["handler"], team["aa"]
    case = factories.complaint_in_state(db, CaseState.HANDLING, handler=handler, aa=aa)
    later = NOW + dt.timedelta(days=70)
    a = factories.actor_for(aa)
    for allegation in case.allegations:
        cases.set_allegation_result(db, a, allegation, AllegationResult.SERVICE_ACCEPTABLE, later)
    workflow.apply(db, a, case, "determine_outcome", {}, later)
    workflow.apply(db, factories.actor_for(handler), case, "notify_outcome", {}, later)
    facts = case_facts(case, Stratum.OTHERWISE)
    # received Tuesday 17 November, first contact Friday 20 November
    assert facts.first_contact_on == DAY and facts.working_days_to_contact == 3
    assert (facts.updates_overdue, facts.longest_gap_days) == (2, 70)
    assert facts.outcome_letter_working_days == 0
    assert facts.handling == "Otherwise than by investigation"
    assert facts.review_body is not None


def test_an_update_is_not_taken_for_the_first_contact(db, team):
    """A6 counts working days to the contact made as first contact; a case whose record
    has only later updates shows no first contact, for the reviewer to question."""
    from complaints.cases.choices import ContactMethod, ContactPurpose
    from complaints.oversight.sample_facts import case_facts

    case = factories.complaint(db, handler=team["handler"])
    cases.record_contact(
        db,
        factories.actor_for(team["handler"]),
        case,
        cases.ContactData(
            occurred_on=NOW.date(), method=ContactMethod.PHONE, purpose=ContactPurpose.UPDATE
        ),
        NOW,
    )
    facts = case_facts(case, Stratum.OUTSIDE_SCHEDULE_3)
    assert facts.first_contact_on is None and facts.working_days_to_contact is None
