"""Learning items: what the force took from its complaints, reviews, IOPC referrals, dip
samples and inspections.

The learning register is part of every demo and has no service yet, so items are added
directly, after the cases exist, tied to the real outcomes, reviews and referrals they
came from, and with statuses that fit how long ago each was raised.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import select

from complaints.auth.roles import Role
from complaints.cases import services as casework
from complaints.cases.choices import AllegationResult, CaseState, CaseType
from complaints.cases.models import Allegation, Case
from complaints.common.clock import london_date
from complaints.demo import chance, wording
from complaints.demo.tuning import LEARNING_LEVEL_WEIGHTS, LEARNING_MIX, LEARNING_RESPONSE_DAYS
from complaints.learning.models import LearningItem, LearningSource, LearningStatus
from complaints.reviews.models import Review, ReviewOutcome

if TYPE_CHECKING:
    from complaints.demo.world import World


@dataclass(frozen=True)
class _Lesson:
    source: LearningSource
    raised_on: dt.date
    case_id: int | None = None
    review_id: int | None = None


def add_learning(world: World) -> None:
    """Lessons from outcomes, reviews, IOPC referrals, dip samples and inspections."""
    rng = world.rng
    for source, count in LEARNING_MIX.items():
        candidates = [c for c in _lesson_candidates(world, source) if c.raised_on <= world.today]
        for lesson in rng.sample(candidates, min(count, len(candidates))):
            _add_learning_item(world, lesson)


def _lesson_candidates(world: World, source: LearningSource) -> list[_Lesson]:
    rng, session = world.rng, world.session
    if source == LearningSource.REVIEW:
        reviews = session.scalars(
            select(Review).where(Review.outcome == ReviewOutcome.UPHELD).order_by(Review.id)
        )
        return [
            _Lesson(source, r.decided_on + dt.timedelta(days=rng.randint(0, 14)), r.case_id, r.id)
            for r in reviews
        ]
    if source == LearningSource.CASE_OUTCOME:
        cases = session.scalars(
            select(Case)
            .where(
                Case.outcome_determined_at.is_not(None),
                Case.id.in_(
                    select(Allegation.case_id).where(
                        Allegation.result == AllegationResult.SERVICE_NOT_ACCEPTABLE
                    )
                ),
            )
            .order_by(Case.id)
        )
        return [_Lesson(source, london_date(c.outcome_determined_at), c.id) for c in cases]
    if source == LearningSource.IOPC:
        cases = session.scalars(
            select(Case)
            .where(Case.referred_at.is_not(None), Case.case_type != CaseType.DSI_MATTER)
            .order_by(Case.id)
        )
        return [
            _Lesson(
                source, london_date(c.referred_at) + dt.timedelta(days=rng.randint(30, 120)), c.id
            )
            for c in cases
        ]
    if source == LearningSource.DIP_SAMPLE:
        cases = session.scalars(
            select(Case)
            .where(Case.state == CaseState.FINALISED, Case.restricted.is_(False))
            .order_by(Case.id)
        )
        return [
            _Lesson(
                source, london_date(c.finalised_at) + dt.timedelta(days=rng.randint(20, 90)), c.id
            )
            for c in cases
        ]
    return [
        _Lesson(source, world.today - dt.timedelta(days=rng.randint(30, 600)))
        for _ in range(LEARNING_MIX[source])
    ]


def _add_learning_item(world: World, lesson: _Lesson) -> None:
    rng, today = world.rng, world.today
    owner = world.staff.pick(rng, Role.APPROPRIATE_AUTHORITY)
    raiser = (
        world.staff.pick(rng, Role.OPCC_OVERSIGHT)
        if lesson.source == LearningSource.DIP_SAMPLE
        else owner
    )
    at = chance.moment(lesson.raised_on, rng)
    actor = world.act(raiser, at)
    if lesson.source == LearningSource.DIP_SAMPLE and lesson.case_id is not None:
        case = world.session.get(Case, lesson.case_id)
        casework.grant_access(world.session, actor, case, raiser, "Dip sample", at)
    theme, description = rng.choice(wording.LEARNING)
    if lesson.source == LearningSource.INSPECTION:
        description = rng.choice(wording.INSPECTION_FINDINGS)
    status = _learning_status(rng, (today - lesson.raised_on).days)
    waits = (
        LEARNING_RESPONSE_DAYS
        if status in (LearningStatus.PROPOSED, LearningStatus.ACCEPTED)
        else rng.choice((90, 120, 180))
    )
    completed = (
        min(today, lesson.raised_on + dt.timedelta(days=rng.randint(20, 200)))
        if status == LearningStatus.IMPLEMENTED
        else None
    )
    world.session.add(
        LearningItem(
            source=lesson.source,
            case_id=lesson.case_id,
            review_id=lesson.review_id,
            theme=theme,
            description=description,
            level=chance.weighted(rng, LEARNING_LEVEL_WEIGHTS),
            owner_id=owner.id,
            raised_on=lesson.raised_on,
            due_on=lesson.raised_on + dt.timedelta(days=waits),
            status=status,
            completed_on=completed,
            evidence=rng.choice(wording.LEARNING_EVIDENCE) if completed else None,
            shared_how=rng.choice(wording.LEARNING_SHARED_HOW) if completed else None,
            not_accepted_reason=(
                rng.choice(wording.LEARNING_NOT_ACCEPTED)
                if status == LearningStatus.NOT_ACCEPTED
                else None
            ),
            created_at=at,
        )
    )
    world.session.flush()


def _learning_status(rng: random.Random, age_days: int) -> LearningStatus:
    if age_days < 21:
        return LearningStatus.PROPOSED
    if age_days < 90:
        return chance.weighted(
            rng,
            {
                LearningStatus.ACCEPTED: 40,
                LearningStatus.IN_PROGRESS: 50,
                LearningStatus.NOT_ACCEPTED: 10,
            },
        )
    return chance.weighted(
        rng,
        {
            LearningStatus.IMPLEMENTED: 55,
            LearningStatus.IN_PROGRESS: 20,
            LearningStatus.ACCEPTED: 10,
            LearningStatus.NOT_ACCEPTED: 15,
        },
    )
