"""A queue holds exactly the cases on which the case page offers its step: the queues and
the workflow's guards read one rule, so they cannot drift apart."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from complaints.auth.models import User
from complaints.auth.roles import Role
from complaints.cases import queues, workflow
from complaints.cases.choices import CaseState, CaseType
from complaints.cases.models import Case
from complaints.cases.visibility import visible_to
from complaints.common.actor import Actor
from complaints.demo.seed import seed
from complaints.investigations.models import ConductOutcome
from complaints.reviews import queue as review_queue
from complaints.reviews.models import Review
from tests import factories

TODAY = dt.date(2026, 11, 22)
NOW = dt.datetime(2026, 11, 22, 12, tzinfo=dt.UTC)


def _offered(case: Case, actor: Actor, steps: tuple[str, ...]) -> bool:
    return any(
        step.name in steps and why is None for step, why in workflow.available(case, actor, NOW)
    )


def _decisions_expected(db, actor: Actor) -> set[int]:
    """What "Decisions waiting" should hold, worked out case by case from the case page's
    own steps: an offered decision, or a report in awaiting the results of an authority
    its force has delegated its decisions to."""
    visible = db.scalars(select(Case).where(queues.open_cases(), visible_to(actor)))
    return {
        case.id
        for case in visible
        if _offered(case, actor, queues.DECISION_STEPS)
        or (case.state == CaseState.AWAITING_DECISION and case.force_id in actor.decides_for)
    }


def _decisions_listed(db, actor: Actor) -> set[int]:
    return {case.id for case in db.scalars(queues.decisions(actor))}


@pytest.fixture()
def factory_states(db):
    """A complaint in every state, and the conduct matters whose outcome the guard accepts
    on a decision about case to answer alone."""
    handler = factories.user(db, Role.HANDLER)
    aa = factories.user(db, Role.APPROPRIATE_AUTHORITY)
    investigator = factories.user(db, Role.INVESTIGATOR)
    for state in CaseState:
        factories.complaint_in_state(db, state, handler=handler, aa=aa, investigator=investigator)
    a = factories.actor_for(aa)
    waiting = factories.matter(db, CaseType.CONDUCT_MATTER)
    workflow.apply(db, a, waiting, "handle_without_investigation", {}, factories.NOW)
    # A matter investigated, decided as a case to answer, closed, then reopened and handled
    # again keeps that decision, with no final outcome date: the guard lets its outcome be
    # determined, so the queue must list it.
    decided = factories.matter(db, CaseType.CONDUCT_MATTER)
    workflow.apply(db, a, decided, "handle_without_investigation", {}, factories.NOW)
    db.add(ConductOutcome(case_subject_id=decided.subjects[0].id, case_to_answer=True))
    db.flush()
    return aa, decided


def test_decisions_waiting_holds_exactly_what_the_case_pages_offer(db, factory_states):
    aa, decided = factory_states
    actor = factories.actor_for(aa)
    expected = _decisions_expected(db, actor)
    assert decided.id in expected
    assert _decisions_listed(db, actor) == expected


def test_the_demo_force_queues_agree_with_the_case_pages(db):
    seed(db, today=TODAY, cases=150)
    db.flush()
    authorities = db.scalars(select(User).where(User.role == Role.APPROPRIATE_AUTHORITY))
    for aa in authorities:
        actor = factories.actor_for(aa)
        assert _decisions_listed(db, actor) == _decisions_expected(db, actor), aa.email
    for reviewer in db.scalars(select(User).where(User.role == Role.OPCC_REVIEWER)):
        actor = factories.actor_for(reviewer)
        takeable = {
            review.case_id
            for show in ("mine", "unallocated")
            for review in db.scalars(review_queue.queue(actor, show))
        }
        under_review = db.scalars(
            select(Case).join(Review).where(Case.state == CaseState.UNDER_REVIEW)
        ).unique()
        offered = {c.id for c in under_review if _offered(c, actor, ("decide_review",))}
        assert takeable == offered, reviewer.email
