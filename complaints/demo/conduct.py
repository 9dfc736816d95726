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
from complaints.demo.world import World
from complaints.investigations.models import (
    ConductOutcome,
    Finding,
    Sanction,
    Severity,
    SeverityAssessment,
)

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
    if severity != Severity.NONE:  # the notice went out during the investigation
        outcome["regulation_17_served_on"] = t.day - dt.timedelta(days=rng.randint(1, 20))
    t.do(_outcome(aa, index, outcome, decided=not case_to_answer))
    if case_to_answer:
        hearing = chance.after(t.clock, DAYS_TO_PROCEEDINGS.draw(rng), rng)
        finding = chance.weighted(rng, FINDING_WEIGHTS[outcome["proceedings"]])
        sanction = (
            chance.weighted(rng, SANCTION_WEIGHTS[finding]) if finding in SANCTION_WEIGHTS else None
        )
        t.at(hearing, _finding(aa, index, finding, sanction))
    return case_to_answer


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


def _outcome(aa: User, index: int, outcome: dict[str, Any], *, decided: bool) -> Runner:
    def run(world: World, case: Case, at: dt.datetime) -> None:
        world.act(aa, at)
        world.session.add(
            ConductOutcome(
                case_subject_id=case.subjects[index].id,
                decided_on=london_date(at) if decided else None,
                **outcome,
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
