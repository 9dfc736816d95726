"""What a case's outcome says: each allegation's result, and any review of the outcome.

Kept apart from the route a case takes because these are the parts readers of the demo
look at most closely (outcome letters, review decisions, the national result mix), and
because a review body follows rules of its own (domain.md A7), not the route.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from typing import Any

from complaints.cases import services as casework
from complaints.cases.choices import AllegationResult, CaseState
from complaints.demo import chance, wording
from complaints.demo.choices import Choices
from complaints.demo.tuning import (
    RESULTS_WITH_ACTIONS,
    SCHEDULE_3_RESULT_WEIGHTS,
    Route,
)
from complaints.reviews.models import ReviewBody, ReviewOutcome

Result = tuple[AllegationResult, wording.Taken | None]  # with the actions, where any were taken


def draw_results(
    rng: random.Random,
    allegations: int,
    weights: dict[AllegationResult, float],
    actions: Sequence[wording.Taken],
) -> list[Result]:
    results = []
    for _ in range(allegations):
        result = chance.weighted(rng, weights)
        results.append((result, rng.choice(actions) if result in RESULTS_WITH_ACTIONS else None))
    return results


def schedule_3_results(rng: random.Random, allegations: int, case_to_answer: bool) -> list[Result]:
    """A complaint's results; if someone faces proceedings, the service was not acceptable."""
    results = draw_results(rng, allegations, SCHEDULE_3_RESULT_WEIGHTS, wording.SCHEDULE_3_ACTIONS)
    if case_to_answer:
        results[0] = (
            AllegationResult.SERVICE_NOT_ACCEPTABLE,
            rng.choice(wording.SCHEDULE_3_ACTIONS),
        )
    return results


def review_body(
    choices: Choices, case: casework.NewCase, senior: frozenset[int]
) -> tuple[ReviewBody, str]:
    """domain.md A7: the IOPC reviews when an IOPC limb applies, otherwise the OPCC."""
    reasons = wording.REVIEW_ROUTING_REASONS
    if choices.route == Route.IOPC:
        return ReviewBody.IOPC, reasons["referred"]
    if any(s in senior for s in case.subject_ids):
        return ReviewBody.IOPC, reasons["senior"]
    if case.trigger_crime_or_misconduct:
        return ReviewBody.IOPC, reasons["crime_or_misconduct"]
    return ReviewBody.OPCC, reasons["opcc"]


def review_decision(
    rng: random.Random, outcome: ReviewOutcome, on: dt.date, *, investigated: bool
) -> tuple[dict[str, Any], CaseState | None]:
    """The decision's data, and where an upheld review sends the case back to.

    Sent back to investigation, the case keeps its investigator, mode and terms of
    reference; otherwise it goes back to be handled (or decided) again.
    """
    data: dict[str, Any] = {
        "outcome": outcome.value,
        "on": on,
        "rationale": rng.choice(wording.REVIEW_RATIONALES[outcome.value]),
    }
    if outcome == ReviewOutcome.NOT_UPHELD:
        return data, None
    back_to = (
        CaseState.INVESTIGATION
        if investigated
        else rng.choice((CaseState.HANDLING, CaseState.HANDLING, CaseState.RECORDED))
    )
    data |= {
        "sent_back_to": back_to.value,
        "recommendations": rng.choice(wording.REVIEW_RECOMMENDATIONS),
    }
    return data, back_to
