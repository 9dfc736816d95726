"""Learning items: what the force took from its complaints, reviews, IOPC referrals, dip
samples and inspections.

Items are added directly, after the cases exist, so that they can be backdated: tied to
the real outcomes, reviews and referrals they came from, with statuses that fit how long
ago each was raised, and IOPC recommendations answered (mostly) within their 56 days.
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
from complaints.learning.services import iopc_response_due
from complaints.reviews.models import Review, ReviewOutcome

if TYPE_CHECKING:
    from complaints.demo.forces import DemoForce
    from complaints.demo.world import World


INSPECTION_REPORTS = (
    "HMICFRS PEEL inspection 2025",
    "HMICFRS police integrity and corruption inspection",
    "HMICFRS custody inspection",
)
IOPC_RESPONSES = (
    "The force accepts the recommendation. Guidance has been updated and briefed to all "
    "supervisors; compliance will be audited in three months.",
    "The force accepts the recommendation in part: training is being revised, and the "
    "policy change is already covered by national guidance.",
)


@dataclass(frozen=True)
class _Lesson:
    source: LearningSource
    raised_on: dt.date
    case_id: int | None = None
    review_id: int | None = None


def add_learning(world: World) -> None:
    """Each force's lessons from its outcomes, reviews, IOPC referrals, dip samples and
    inspections: its share of them, owned by its appropriate authorities."""
    rng = world.rng
    for force in world.forces:
        for source, count in LEARNING_MIX.items():
            wanted = round(count * force.share)
            candidates = [
                c
                for c in _lesson_candidates(world, force, source, wanted)
                if c.raised_on <= world.today
            ]
            for lesson in rng.sample(candidates, min(wanted, len(candidates))):
                _add_learning_item(world, force, lesson)


def _lesson_candidates(
    world: World, force: DemoForce, source: LearningSource, wanted: int
) -> list[_Lesson]:
    rng, session = world.rng, world.session
    own = Case.force_id == force.id
    if source == LearningSource.REVIEW:
        reviews = session.scalars(
            select(Review)
            .join(Case, Review.case_id == Case.id)
            .where(own, Review.outcome == ReviewOutcome.UPHELD)
            .order_by(Review.id)
        )
        return [
            _Lesson(source, r.decided_on + dt.timedelta(days=rng.randint(0, 14)), r.case_id, r.id)
            for r in reviews
        ]
    if source == LearningSource.CASE_OUTCOME:
        cases = session.scalars(
            select(Case)
            .where(
                own,
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
            .where(own, Case.referred_at.is_not(None), Case.case_type != CaseType.DSI_MATTER)
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
            .where(own, Case.state == CaseState.FINALISED, Case.restricted.is_(False))
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
        for _ in range(wanted)
    ]


def _add_learning_item(world: World, force: DemoForce, lesson: _Lesson) -> None:
    rng, today = world.rng, world.today
    owner = world.staff.pick(rng, Role.APPROPRIATE_AUTHORITY, force_id=force.id)
    raiser = (
        world.staff.pick(rng, Role.OPCC_OVERSIGHT, force_id=force.id)
        if lesson.source == LearningSource.DIP_SAMPLE
        else owner
    )
    at = chance.moment(lesson.raised_on, rng)
    actor = world.act(raiser, at)
    if lesson.source == LearningSource.DIP_SAMPLE and lesson.case_id is not None:
        case = world.session.get(Case, lesson.case_id)
        casework.grant_access(world.session, actor, case, raiser, "Dip sample", at)
    theme, description = rng.choice(wording.LEARNING)
    detail = None
    if lesson.source == LearningSource.INSPECTION:
        description = rng.choice(wording.INSPECTION_FINDINGS)
        detail = rng.choice(INSPECTION_REPORTS)
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
    shared_on = min(today, completed + dt.timedelta(days=rng.randint(0, 30))) if completed else None
    iopc = lesson.source == LearningSource.IOPC
    response_due = iopc_response_due(lesson.raised_on) if iopc else None
    answered = (
        iopc
        and status != LearningStatus.PROPOSED
        and (lesson.raised_on + dt.timedelta(days=70)) <= today
        and rng.random() < 0.85
    )
    response_sent = (
        min(today, lesson.raised_on + dt.timedelta(days=rng.randint(20, 70))) if answered else None
    )
    world.session.add(
        LearningItem(
            source=lesson.source,
            source_detail=detail,
            force_id=force.id,
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
            shared_on=shared_on,
            received_on=lesson.raised_on if iopc else None,
            response_due_on=response_due,
            response=rng.choice(IOPC_RESPONSES) if answered else None,
            response_sent_on=response_sent,
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
