"""Misconduct in an investigation: severity assessments and each subject's conduct outcome.

Dashboards of misconduct need the national shape of outcomes (domain.md B5.1: most
meetings and hearings find the case proven), and there is no service for these records
planned here alongside the investigation and added directly, as the appropriate
authority, at the moment the plan says (faster than the services, and a plan already
keeps to their rules).
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select

from complaints.auth.models import User
from complaints.cases.models import Case
from complaints.common.clock import london_date
from complaints.demo import chance
from complaints.demo.intake import UNIDENTIFIED
from complaints.demo.steps import Runner
from complaints.demo.timeline import Timeline
from complaints.demo.tuning import (
    CASE_TO_ANSWER_SHARE,
    CPS_REFERRAL_SHARE,
    DAYS_TO_ASSESS_SEVERITY,
    DAYS_TO_PROCEEDINGS,
    FINDING_WEIGHTS,
    PROCEEDINGS_WEIGHTS,
    SANCTION_WEIGHTS,
    SEVERITY_REVISED_AT,
    SEVERITY_REVISED_SHARE,
    SEVERITY_WEIGHTS,
)
from complaints.demo.wording import ADJOURNMENT_REASONS, HEARING_PANELS, PROCEEDINGS_CHAIRS
from complaints.demo.world import World
from complaints.investigations import notices
from complaints.investigations.models import (
    ConductOutcome,
    Finding,
    Proceedings,
    Sanction,
    Severity,
    SeverityAssessment,
)
from complaints.investigations.queries import severity_history
from complaints.proceedings.models import Adjournment, MisconductProceeding

# (index of the case subject, first assessment, revision or None)
Assessment = tuple[int, Severity, Severity | None]


def draw_severities(rng: random.Random, subject_ids: Sequence[int]) -> list[Assessment]:
    """One assessment per named subject, sometimes revised later."""
    result = []
    for index, subject_id in enumerate(subject_ids):
        if subject_id == UNIDENTIFIED:
            continue
        first = chance.weighted(rng, SEVERITY_WEIGHTS)
        revised = None
        if rng.random() < SEVERITY_REVISED_SHARE:
            revised = rng.choice([s for s in Severity if s != first])
        result.append((index, first, revised))
    return result


def special_procedures(severities: Sequence[Assessment]) -> bool:
    """Anyone assessed, at any point, as misconduct or gross misconduct."""
    return any(
        s != Severity.NONE
        for _, first, revised in severities
        for s in (first, revised)
        if s is not None
    )


def assess(
    t: Timeline,
    aa: User,
    severities: Sequence[Assessment],
    investigation_days: float,
    *,
    by_iopc: bool,
) -> None:
    """Severity assessments soon after the start; revisions before the report."""
    for index, first, revised in severities:
        t.later(DAYS_TO_ASSESS_SEVERITY.draw(t.rng), _severity(aa, index, first, by_iopc))
        if revised is not None:
            t.later(
                investigation_days * t.rng.uniform(*SEVERITY_REVISED_AT),
                _severity(aa, index, revised, by_iopc),
            )


def decide(t: Timeline, aa: User, index: int, severity: Severity) -> bool:
    """A subject's conduct outcome, decided with the report: case to answer or not, then
    any meeting or hearing, whose finding comes later.

    Returns whether the subject has a case to answer.
    """
    rng = t.rng
    case_to_answer = False
    outcome: dict[str, Any]
    if severity == Severity.NONE:
        outcome = (
            {"practice_requiring_improvement": True, "rprp": rng.random() < 0.5}
            if rng.random() < 0.5
            else {}
        )
    elif rng.random() >= CASE_TO_ANSWER_SHARE[severity]:
        outcome = {
            "case_to_answer": False,
            "rprp": rng.random() < 0.5,
            "practice_requiring_improvement": rng.random() < 0.3,
        }
    else:
        case_to_answer = True
        outcome = {
            "case_to_answer": True,
            "proceedings": chance.weighted(rng, PROCEEDINGS_WEIGHTS[severity]),
            "cps_referral": (
                severity == Severity.GROSS_MISCONDUCT and rng.random() < CPS_REFERRAL_SHARE
            ),
        }
    t.do(_outcome(aa, index, outcome, decided=not case_to_answer))
    if case_to_answer:
        hearing = chance.after(t.clock, DAYS_TO_PROCEEDINGS.draw(rng), rng)
        t.do(_arrange(aa, index, outcome["proceedings"], london_date(hearing), rng))
        finding = chance.weighted(rng, FINDING_WEIGHTS[outcome["proceedings"]])
        sanction = (
            chance.weighted(rng, SANCTION_WEIGHTS[finding]) if finding in SANCTION_WEIGHTS else None
        )
        t.at(hearing, _finding(aa, index, finding, sanction))
    return case_to_answer


def serve_notices(investigator: User) -> Runner:
    """Before the report: the Regulation 17 notice for every subject it is still owed to
    (the workflow refuses the report otherwise), served a few days earlier, with the
    officer's response usually in."""

    def run(world: World, case: Case, at: dt.datetime) -> None:
        world.act(investigator, at)
        rng = random.Random(case.id)
        for case_subject in notices.unserved(case):
            served = london_date(at) - dt.timedelta(days=rng.randint(1, 10))
            assessed = severity_history(case_subject)[-1].assessed_on
            served = max(served, assessed)
            response = served + dt.timedelta(days=rng.randint(3, 14))
            row = _conduct_row(world, case_subject.id)
            row.regulation_17_served_on = served
            row.regulation_17_served_by_id = investigator.id
            row.regulation_17_response_on = response if response <= london_date(at) else None
        world.session.flush()

    return run


def settle(aa: User) -> Runner:
    """No further action for any subject of a conduct matter still without an outcome."""

    def run(world: World, case: Case, at: dt.datetime) -> None:
        world.act(aa, at)
        decided = {
            row.case_subject_id
            for row in world.session.scalars(
                select(ConductOutcome).where(
                    ConductOutcome.case_subject_id.in_([cs.id for cs in case.subjects])
                )
            )
        }
        for case_subject in case.subjects:
            if case_subject.id not in decided:
                world.session.add(
                    ConductOutcome(case_subject_id=case_subject.id, decided_on=london_date(at))
                )
        world.session.flush()

    return run


def _severity(aa: User, index: int, severity: Severity, by_iopc: bool) -> Runner:
    def run(world: World, case: Case, at: dt.datetime) -> None:
        world.act(aa, at)
        world.session.add(
            SeverityAssessment(
                case_subject_id=case.subjects[index].id,
                severity=severity,
                assessed_on=london_date(at),
                assessed_by_id=None if by_iopc else aa.id,
                by_iopc=by_iopc,
                rationale=f"Assessed as {severity.label.lower()} on the evidence "
                "available at the time.",
            )
        )
        world.session.flush()

    return run


def _conduct_row(world: World, case_subject_id: int) -> ConductOutcome:
    """The subject's conduct record, made if the notice has not made it already."""
    row = world.session.scalar(
        select(ConductOutcome).where(ConductOutcome.case_subject_id == case_subject_id)
    )
    if row is None:
        row = ConductOutcome(case_subject_id=case_subject_id)
        world.session.add(row)
    return row


def _outcome(aa: User, index: int, outcome: dict[str, Any], *, decided: bool) -> Runner:
    def run(world: World, case: Case, at: dt.datetime) -> None:
        world.act(aa, at)
        row = _conduct_row(world, case.subjects[index].id)
        row.decided_on = london_date(at) if decided else None
        for name, value in outcome.items():
            setattr(row, name, value)
        world.session.flush()

    return run


def _arrange(
    aa: User, index: int, kind: Proceedings, held_on: dt.date, rng: random.Random
) -> Runner:
    """The notice of referral given now, and the meeting or hearing set for its day; now
    and then a hearing adjourned once on the way."""
    chair = rng.choice(PROCEEDINGS_CHAIRS)
    hearing = kind != Proceedings.MEETING
    adjourned = hearing and rng.random() < 0.2

    def run(world: World, case: Case, at: dt.datetime) -> None:
        world.act(aa, at)
        referred = london_date(at)
        row = _conduct_row(world, case.subjects[index].id)

        def by_today(day: dt.date) -> dt.date | None:
            return day if day <= world.today else None

        proceeding = MisconductProceeding(
            outcome=row,
            force_id=case.force_id,
            referred_on=referred,
            officer_response_on=by_today(min(referred + dt.timedelta(days=14), held_on)),
            scheduled_on=held_on,
            chair=chair,
            panel=rng.choice(HEARING_PANELS) if hearing else None,
            publicly_notified_on=by_today(held_on - dt.timedelta(days=10)) if hearing else None,
            in_public=(rng.random() < 0.7) if hearing else None,
            created_at=at,
        )
        world.session.add(proceeding)
        first = held_on - dt.timedelta(days=21)
        if adjourned and referred < first <= world.today:
            proceeding.adjournments.append(
                Adjournment(
                    force_id=case.force_id,
                    adjourned_on=first,
                    new_date=held_on,
                    reason=rng.choice(ADJOURNMENT_REASONS),
                    recorded_by_id=aa.id,
                    created_at=at,
                )
            )
        world.session.flush()

    return run


def _finding(aa: User, index: int, finding: Finding, sanction: Sanction | None) -> Runner:
    """The meeting or hearing's finding and any sanction, which complete the outcome."""

    def run(world: World, case: Case, at: dt.datetime) -> None:
        world.act(aa, at)
        row = world.session.scalar(
            select(ConductOutcome).where(ConductOutcome.case_subject_id == case.subjects[index].id)
        )
        row.finding, row.sanction, row.decided_on = finding, sanction, london_date(at)
        world.session.flush()

    return run
