"""Misconduct in an investigation: severity assessments and each subject's conduct outcome.

Dashboards of misconduct need the national shape of outcomes (domain.md B5.1: most
meetings and hearings find the case proven), and there is no service for these records
yet, so they are planned here alongside the investigation and added directly, as the
appropriate authority, at the moment the plan says.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from typing import Any

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
    DAYS_TO_CASE_TO_ANSWER,
    DAYS_TO_PROCEEDINGS,
    FINDING_WEIGHTS,
    PROCEEDINGS_WEIGHTS,
    SANCTION_WEIGHTS,
    SEVERITY_REVISED_AT,
    SEVERITY_REVISED_SHARE,
    SEVERITY_WEIGHTS,
)
from complaints.demo.world import World
from complaints.investigations.models import ConductOutcome, Severity, SeverityAssessment

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
    """A subject's conduct outcome: case to answer, then any meeting or hearing.

    Returns whether the subject has a case to answer.
    """
    rng = t.rng
    decided = chance.after(t.clock, DAYS_TO_CASE_TO_ANSWER.draw(rng), rng)
    case_to_answer = False
    outcome: dict[str, Any]
    if severity == Severity.NONE:
        if rng.random() < 0.5:
            return False
        outcome = {"practice_requiring_improvement": True, "rprp": rng.random() < 0.5}
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
        hearing = chance.after(decided, DAYS_TO_PROCEEDINGS.draw(rng), rng)
        if hearing <= t.horizon:
            decided = hearing
            outcome["finding"] = chance.weighted(rng, FINDING_WEIGHTS[outcome["proceedings"]])
            if outcome["finding"] in SANCTION_WEIGHTS:
                outcome["sanction"] = chance.weighted(rng, SANCTION_WEIGHTS[outcome["finding"]])
        else:
            outcome["pending"] = True
    if severity != Severity.NONE:  # the notice goes out during the investigation
        outcome["regulation_17_served_on"] = t.day - dt.timedelta(days=rng.randint(30, 80))
    t.at(decided, _outcome(aa, index, outcome))
    return case_to_answer


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


def _outcome(aa: User, index: int, outcome: dict[str, Any]) -> Runner:
    fields = {k: v for k, v in outcome.items() if k != "pending"}
    pending = outcome.get("pending", False)

    def run(world: World, case: Case, at: dt.datetime) -> None:
        world.act(aa, at)
        world.session.add(
            ConductOutcome(
                case_subject_id=case.subjects[index].id,
                decided_on=None if pending else london_date(at),
                **fields,
            )
        )
        world.session.flush()

    return run
