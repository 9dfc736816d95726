"""Dip sampling: a seeded, reproducible draw of finalised cases for OPCC oversight to check.

The draw is a pure function of the candidates (ordered by id) and the seed, so anyone
with the same period, filters and seed draws the same cases again. The reviewer who
drew a sample reads its cases through ``case_access`` rows until the sample is closed.
"""

from __future__ import annotations

import datetime as dt
import random
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction

from sqlalchemy import select
from sqlalchemy.orm import Session

from complaints.auth.models import User
from complaints.cases.choices import CaseState, CaseType, HandlingType
from complaints.cases.models import Case, CaseAccess
from complaints.cases.services import grant_access
from complaints.common import audit
from complaints.common.actor import Actor
from complaints.common.clock import LONDON
from complaints.common.errors import Refused
from complaints.forces.services import force_for
from complaints.learning.models import LearningLevel, LearningSource
from complaints.learning.services import LearningData, record_learning
from complaints.oversight.models import (
    CHECKLIST,
    Answer,
    DipSample,
    SampledCase,
    SampleMethod,
    Stratum,
)

# Why an oversight reviewer is named on a case: the access ends when the sample closes.
ACCESS_REASON = "dip sample"
MAX_SEED = 2_147_483_647  # fits the database's INTEGER everywhere
RANDOM_SEEDS_BELOW = 1_000_000_000  # nine digits at most: easy to note down and type
MAX_FINDINGS = 5000
MAX_SIZE = 1000

_INVESTIGATIONS = {
    HandlingType.LOCAL_INVESTIGATION,
    HandlingType.DIRECTED_INVESTIGATION,
    HandlingType.INDEPENDENT_INVESTIGATION,
}


class SampleError(Refused):
    """A draw, checklist or closure refused, with the reason in the user's words."""


@dataclass(frozen=True)
class DrawData:
    period_from: dt.date
    period_to: dt.date
    method: SampleMethod
    size: int | None = None
    percentage: int | None = None
    stratified: bool = False
    case_type: CaseType | None = None
    seed: int | None = None  # None: a random seed, recorded with the sample
    force_id: int | None = None  # for a person of several forces; else their own force


@dataclass(frozen=True)
class ChecklistData:
    answers: dict[str, Answer]
    findings: str = ""
    raise_learning: bool = False
    learning_theme: str = ""
    learning_level: LearningLevel = LearningLevel.ORGANISATIONAL


def stratum_of(case: Case) -> Stratum:
    """How a case was handled (B3.3), read from the case's own fields."""
    if case.handling_type == HandlingType.OUTSIDE_SCHEDULE_3:
        return Stratum.OUTSIDE_SCHEDULE_3
    if case.handling_type == HandlingType.OTHERWISE_THAN_BY_INVESTIGATION:
        return Stratum.OTHERWISE
    if case.handling_type in _INVESTIGATIONS or case.investigation is not None:
        return Stratum.INVESTIGATION
    if case.recorded_at is None:
        return Stratum.OUTSIDE_SCHEDULE_3
    return Stratum.OTHER


def period_bounds(period_from: dt.date, period_to: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The period's first and last London days as a half-open range of UTC moments."""
    start = dt.datetime.combine(period_from, dt.time.min, tzinfo=LONDON)
    end = dt.datetime.combine(period_to + dt.timedelta(days=1), dt.time.min, tzinfo=LONDON)
    return start.astimezone(dt.UTC), end.astimezone(dt.UTC)


def candidates(
    session: Session,
    force_id: int,
    period_from: dt.date,
    period_to: dt.date,
    case_type: CaseType | None,
) -> list[Case]:
    """Cases finalised in the period, by id. Restricted cases and complaints about the
    chief constable are never sampled: they stay with the people named on them."""
    start, end = period_bounds(period_from, period_to)
    query = select(Case).where(
        Case.force_id == force_id,
        Case.state == CaseState.FINALISED,
        Case.finalised_at >= start,
        Case.finalised_at < end,
        Case.restricted.is_(False),
        Case.about_chief_officer.is_(False),
    )
    if case_type is not None:
        query = query.where(Case.case_type == case_type)
    return list(session.scalars(query.order_by(Case.id)))


def sample_size(available: int, method: SampleMethod, size: int | None, pct: int | None) -> int:
    """How many to draw: the number asked for (at most all of them), or the percentage
    rounded up, so that a non-empty period always gives at least one case."""
    if method == SampleMethod.SIZE:
        return min(size or 0, available)
    return -(-available * (pct or 0) // 100)


def allocate(counts: dict[Stratum, int], total: int) -> dict[Stratum, int]:
    """Proportional allocation by largest remainder: each stratum gets the whole part of
    its share, then the cases left over go to the largest fractions (ties: the larger
    stratum, then the order of the strata)."""
    pool = sum(counts.values())
    if pool == 0 or total == 0:
        return dict.fromkeys(counts, 0)
    quotas = {stratum: Fraction(total * n, pool) for stratum, n in counts.items()}
    shares = {stratum: int(quota) for stratum, quota in quotas.items()}
    left = total - sum(shares.values())
    order = list(Stratum)
    by_remainder = sorted(
        counts,
        key=lambda s: (-(quotas[s] - shares[s]), -counts[s], order.index(s)),
    )
    for stratum in by_remainder[:left]:
        shares[stratum] += 1
    return shares


def choose(
    pool: Sequence[tuple[int, Stratum]], total: int, stratified: bool, seed: int
) -> list[tuple[int, Stratum]]:
    """The draw itself: (case id, stratum) pairs chosen from ``pool`` with this seed."""
    pool = sorted(pool)
    rng = random.Random(seed)
    if not stratified:
        return sorted(rng.sample(pool, total))
    counts = {s: sum(1 for _, stratum in pool if stratum == s) for s in Stratum}
    shares = allocate(counts, total)
    chosen: list[tuple[int, Stratum]] = []
    for stratum in Stratum:  # a fixed order, so the random stream is used the same way
        members = [pair for pair in pool if pair[1] == stratum]
        chosen += rng.sample(members, shares[stratum])
    return sorted(chosen)


def _check_draw(data: DrawData) -> None:
    if data.period_from > data.period_to:
        raise SampleError("The start of the period must be on or before its end")
    if data.method == SampleMethod.SIZE and not (data.size and 1 <= data.size <= MAX_SIZE):
        raise SampleError(f"Enter a number of cases from 1 to {MAX_SIZE:,}")
    if data.method == SampleMethod.PERCENTAGE and not (
        data.percentage and 1 <= data.percentage <= 100
    ):
        raise SampleError("Enter a percentage from 1 to 100")
    if data.seed is not None and not 0 <= data.seed <= MAX_SEED:
        raise SampleError(f"Enter a seed from 0 to {MAX_SEED:,}")


def draw_sample(session: Session, actor: Actor, data: DrawData, now: dt.datetime) -> DipSample:
    """Draw the sample, record its seed and name the reviewer on each sampled case."""
    audit.acting(session, actor, now)
    _check_draw(data)
    reviewer = session.get(User, actor.user_id)
    if reviewer is None:
        raise SampleError("Sign in to draw a sample")
    force_id = force_for(session, actor, data.force_id)
    pool = candidates(session, force_id, data.period_from, data.period_to, data.case_type)
    if not pool:
        raise SampleError("No cases were finalised in that period, so there is nothing to sample")
    seed = data.seed if data.seed is not None else secrets.randbelow(RANDOM_SEEDS_BELOW)
    total = sample_size(len(pool), data.method, data.size, data.percentage)
    by_id = {case.id: case for case in pool}
    chosen = choose([(c.id, stratum_of(c)) for c in pool], total, data.stratified, seed)
    sample = DipSample(
        force_id=force_id,
        period_from=data.period_from,
        period_to=data.period_to,
        method=data.method,
        size=data.size if data.method == SampleMethod.SIZE else None,
        percentage=data.percentage if data.method == SampleMethod.PERCENTAGE else None,
        stratified=data.stratified,
        case_type=data.case_type,
        seed=seed,
        candidates=len(pool),
        drawn_by_id=reviewer.id,
        drawn_at=now,
    )
    sample.cases = [SampledCase(case_id=case_id, stratum=stratum) for case_id, stratum in chosen]
    session.add(sample)
    for case_id, _ in chosen:
        grant_access(session, actor, by_id[case_id], reviewer, ACCESS_REASON, now)
    session.flush()
    return sample


def close_sample(session: Session, actor: Actor, sample: DipSample, now: dt.datetime) -> None:
    """Close the sample: the reviewer's reading of its cases ends, unless they were named
    on a case for another reason or it is in another of their open samples."""
    audit.acting(session, actor, now)
    if not sample.is_open:
        raise SampleError("This sample is already closed")
    sample.closed_at = now
    sample.closed_by_id = actor.user_id
    still_sampled = set(
        session.scalars(
            select(SampledCase.case_id)
            .join(DipSample)
            .where(
                DipSample.drawn_by_id == sample.drawn_by_id,
                DipSample.closed_at.is_(None),
                DipSample.id != sample.id,
            )
        )
    )
    for row in sample.cases:
        access = session.get(CaseAccess, (row.case_id, sample.drawn_by_id))
        ours = access is not None and access.reason == ACCESS_REASON
        if ours and row.case_id not in still_sampled:
            access.case.access.remove(access)
    session.flush()


def save_checklist(
    session: Session, actor: Actor, row: SampledCase, data: ChecklistData, now: dt.datetime
) -> SampledCase:
    """Record the checklist for one sampled case, and raise learning from its findings."""
    audit.acting(session, actor, now)
    if not row.sample.is_open:
        raise SampleError("This sample is closed, so its checklists can no longer change")
    if row.sample.drawn_by_id != actor.user_id:
        raise SampleError("Only the person who drew the sample reviews its cases")
    missing = [question for column, question in CHECKLIST if column not in data.answers]
    if missing:
        raise SampleError(f"Answer: {missing[0]}")
    findings = data.findings.strip()
    if len(findings) > MAX_FINDINGS:
        raise SampleError("Write the findings in 5,000 characters or fewer")
    if Answer.NO in data.answers.values() and not findings:
        raise SampleError("Say what you found wherever you answered 'No'")
    for column, _ in CHECKLIST:
        setattr(row, column, data.answers[column])
    row.findings = findings or None
    row.reviewed_at = now
    row.reviewed_by_id = actor.user_id
    if data.raise_learning:
        if row.learning_item_id is not None:
            raise SampleError("Learning has already been raised from this case's findings")
        if not findings:
            raise SampleError("Write the findings the learning comes from")
        item = record_learning(
            session,
            actor,
            LearningData(
                theme=data.learning_theme, description=findings, level=data.learning_level
            ),
            now,
            source=LearningSource.DIP_SAMPLE,
            case_id=row.case_id,
        )
        row.learning_item_id = item.id
    session.flush()
    return row


def samples_of(session: Session, user_id: int) -> list[DipSample]:
    """A reviewer's samples, open ones first, newest first."""
    return list(
        session.scalars(
            select(DipSample)
            .where(DipSample.drawn_by_id == user_id)
            .order_by(DipSample.closed_at.is_not(None), DipSample.drawn_at.desc(), DipSample.id)
        )
    )
