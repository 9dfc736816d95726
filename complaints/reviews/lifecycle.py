"""The review's part of the case lifecycle (domain.md A2, A5, A7): the window, lateness,
the review right, recording an application and deciding it.

``cases.workflow`` lists these guards and effects in its table; they live here, beside the
review's models, so a change to a review rule is made in one package.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy import ColumnElement, and_, exists, false, or_, select
from sqlalchemy.orm import Session

from complaints.auth.permissions import Permission, can, may_hold, role_can
from complaints.cases import deadlines, effects
from complaints.cases.choices import AppropriateAuthority, CaseState
from complaints.cases.guards import Rule, TransitionError, choice
from complaints.cases.models import Case
from complaints.common.actor import Actor
from complaints.common.clock import london_date
from complaints.investigations.lifecycle import investigate
from complaints.investigations.models import InvestigationMode
from complaints.reviews.models import Review, ReviewBody, ReviewOutcome, ReviewRecommendation

S = CaseState
SENT_BACK_TO = (S.RECORDED, S.HANDLING, S.INVESTIGATION)


def open_review(case: Case) -> Review | None:
    """The valid review waiting for a decision; invalid applications are never decided."""
    return next((r for r in case.reviews if r.valid and r.decided_on is None), None)


def review_deadline(case: Case) -> dt.date | None:
    """The last day to apply for a review: 28 days from the day after notification (A5)."""
    if case.outcome_notified_at is None:
        return None
    return deadlines.review_deadline_from(london_date(case.outcome_notified_at))


def is_late(case: Case, received_on: dt.date) -> bool:
    """An application received after the window's last day (valid only with a reason)."""
    deadline = review_deadline(case)
    return deadline is not None and received_on > deadline


def new_review(
    case: Case,
    actor: Actor,
    *,
    received_on: dt.date,
    received_by: ReviewBody,
    body: ReviewBody,
    routing_reason: str,
    valid: bool,
    now: dt.datetime,
    late_special_reason: str | None = None,
    forwarded_on: dt.date | None = None,
) -> Review:
    """An application as recorded, valid or not, added to its case: the one place a
    ``Review`` row is made."""
    review = Review(
        case_id=case.id,
        received_on=received_on,
        received_by=received_by,
        body=body,
        routing_reason=routing_reason[:300],
        valid=valid,
        late_special_reason=late_special_reason,
        investigated=case.investigation is not None,
        forwarded_on=forwarded_on,
        recorded_by_id=actor.user_id,
        created_at=now,
    )
    case.reviews.append(review)
    return review


# Guards. ----------------------------------------------------------------------------------


def has_review_right(
    case: Case, actor: Actor, data: dict[str, Any], now: dt.datetime
) -> str | None:
    """No review of the IOPC's own investigations (B2 T16); late only with a reason (A5)."""
    investigation = case.investigation
    if investigation is not None and investigation.mode == InvestigationMode.INDEPENDENT:
        return "There is no review of an investigation the IOPC carried out independently"
    received = data.get("received_on") or london_date(now)
    if is_late(case, received) and not (data.get("late_special_reason") or "").strip():
        return (
            f"The window for a review closed on {review_deadline(case):%d %B %Y}: record "
            "the special reason for accepting it late"
        )
    return None


def review_window_passed(
    case: Case, actor: Actor, data: dict[str, Any], now: dt.datetime
) -> str | None:
    deadline = review_deadline(case)
    if deadline is not None and london_date(now) <= deadline:
        return f"The complainant may apply for a review until {deadline:%d %B %Y}"
    return None


def _decides(actor: Actor) -> ColumnElement[bool]:
    """Which open reviews this actor decides: the OPCC's own, by the reviewer who took it
    (or takes it now); the IOPC's, recorded by the appropriate authority (A7), which for a
    complaint about the chief constable is the OPCC."""
    opcc = false()
    if role_can(actor.role, Permission.REVIEW):
        opcc = and_(
            Review.body == ReviewBody.OPCC,
            or_(Review.reviewer_id.is_(None), Review.reviewer_id == actor.user_id),
        )
    iopc = false()
    if role_can(actor.role, Permission.DECIDE):
        iopc = Review.body == ReviewBody.IOPC
    elif may_hold(actor.role, Permission.DECIDE):
        iopc = and_(
            Review.body == ReviewBody.IOPC,
            Case.appropriate_authority == AppropriateAuthority.PCC,
        )
    waiting = select(Review.id).where(
        Review.case_id == Case.id,
        Review.valid.is_(True),
        Review.decided_on.is_(None),
        or_(opcc, iopc),
    )
    return exists(waiting.correlate(Case))


def _why_not_decider(case: Case, actor: Actor) -> str | None:
    review = open_review(case)
    if review is None:
        return "There is no review waiting for a decision"
    if review.body == ReviewBody.OPCC:
        if not can(actor, Permission.REVIEW, case):
            return "This review is for the OPCC to decide"
        if review.reviewer_id not in (None, actor.user_id):
            return "Another OPCC reviewer has taken this review"
    return "The IOPC decides this review: the appropriate authority records its decision"


decided_by_the_review_body = Rule(
    _decides, _why_not_decider, "There is no review waiting for a decision"
)


# Effects. ---------------------------------------------------------------------------------


def apply_for_review(session, actor, case, data, now):
    body_value = data.get("body") or case.review_body
    if not body_value:
        raise TransitionError("Say which body reviews this: the OPCC or the IOPC (A7)")
    body = choice(ReviewBody, body_value, "the OPCC or the IOPC")
    received_by = choice(ReviewBody, data.get("received_by") or body, "who received it")
    received_on = data.get("received_on") or london_date(now)
    if received_on > london_date(now):
        raise TransitionError("The date the application was received cannot be in the future")
    forwarded_on = None
    if received_by != body:
        forwarded_on = data.get("forwarded_on") or london_date(now)
        if forwarded_on < received_on:
            raise TransitionError("An application cannot be forwarded before it was received")
    late_reason = (data.get("late_special_reason") or "").strip() or None
    new_review(
        case,
        actor,
        received_on=received_on,
        received_by=received_by,
        body=body,
        routing_reason=(
            data.get("routing_reason")
            or (case.review_body_reason if body == case.review_body else None)
            or "Chosen when the application was recorded"
        ),
        valid=True,
        now=now,
        late_special_reason=late_reason if is_late(case, received_on) else None,
        forwarded_on=forwarded_on,
    )
    return None


def _recommendations(data: dict[str, Any]) -> list[str]:
    """Recommendations as given: a list, or a text with one recommendation per line."""
    given = data.get("recommendations") or []
    if isinstance(given, str):
        given = given.splitlines()
    return [text.strip() for text in given if text and text.strip()]


def decide_review(session: Session, actor, case, data, now):
    review = open_review(case)
    outcome = choice(ReviewOutcome, data.get("outcome"), "whether the review is upheld")
    rationale = (data.get("rationale") or "").strip()
    back_to = None
    if outcome == ReviewOutcome.UPHELD:
        back_to = choice(CaseState, data.get("sent_back_to") or S.RECORDED, "where it goes back")
        if back_to not in SENT_BACK_TO:
            raise TransitionError(
                "An upheld review sends the case back to recorded, handling or investigation"
            )
    decided_on = data.get("on") or london_date(now)
    if decided_on < review.received_on or decided_on > london_date(now):
        raise TransitionError(
            "The decision date must be between the day the application was received and today"
        )
    review.outcome = outcome
    review.decided_on = decided_on
    review.rationale = rationale or None
    review.decided_by_id = actor.user_id
    if review.body == ReviewBody.OPCC and review.reviewer_id is None:
        review.reviewer_id = actor.user_id
        review.allocated_at = now
    for number, text in enumerate(_recommendations(data), start=len(review.recommendations) + 1):
        review.recommendations.append(
            ReviewRecommendation(review_id=review.id, number=number, text=text, created_at=now)
        )
    if back_to is None:
        case.finalised_at = now
        return S.FINALISED
    effects.clear_results(case)
    review.sent_back_to = back_to
    if back_to == S.INVESTIGATION:
        investigate(session, actor, case, data, now)
    elif back_to == S.HANDLING:
        effects.without_investigation(session, actor, case, data, now)
    return back_to
