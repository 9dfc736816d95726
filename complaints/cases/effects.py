"""What the case's own lifecycle steps do besides setting the state (domain.md A2).

Each effect takes ``(session, actor, case, data, now)``, changes the case through the ORM
and returns the state to move to when it is not the step's usual target. Review and
investigation effects live with their packages.
"""

from __future__ import annotations

from complaints.cases.choices import CaseState, HandlingType, RecordingReason, ReferralType
from complaints.cases.guards import TransitionError, choice
from complaints.reviews.models import ReviewBody
from complaints.reviews.routing import propose_review_body


def clear_results(case) -> None:
    """Work done again needs results decided again: earlier ones no longer stand."""
    for allegation in case.allegations:
        allegation.result = None
        allegation.result_recorded_at = None


def record(session, actor, case, data, now):
    reason = data.get("recording_reason")
    if reason is None:
        reason = (
            RecordingReason.DISSATISFIED_AFTER_INITIAL_HANDLING
            if case.state == CaseState.INITIAL_HANDLING
            else RecordingReason.AA_DECIDED
        )
    case.recording_reason = choice(RecordingReason, reason, "a reason for recording")
    case.recorded_at = now
    return None


def handle_outside(session, actor, case, data, now):
    case.handled_outside_at = now
    case.handling_type = HandlingType.OUTSIDE_SCHEDULE_3
    return None


def finalise(session, actor, case, data, now):
    case.finalised_at = now
    return None


def withdraw(session, actor, case, data, now):
    notice = data.get("withdrawal_notice_on")
    if notice is None:
        raise TransitionError("Enter the date of the complainant's signed withdrawal notice")
    case.withdrawal_notice_on = notice
    case.withdrawn_at = now
    return None


def refer(session, actor, case, data, now):
    case.referral_type = choice(
        ReferralType, data.get("referral_type") or ReferralType.MANDATORY, "a referral type"
    )
    case.referred_at = now
    return None


def without_investigation(session, actor, case, data, now):
    case.handling_type = HandlingType.OTHERWISE_THAN_BY_INVESTIGATION
    return None


def determine(session, actor, case, data, now):
    case.outcome_determined_at = now
    return None


def notify(session, actor, case, data, now):
    """The outcome letter names the review body (A7): the handler confirms or changes the
    proposed one, with its reason, as the complaint is notified."""
    if case.recorded_at is not None:
        proposal = propose_review_body(case)
        case.review_body = choice(
            ReviewBody, data.get("review_body") or proposal.body, "the review body"
        )
        reason = (data.get("review_body_reason") or "").strip()
        case.review_body_reason = (reason or proposal.reason)[:300]
    case.outcome_notified_at = now
    return None


def reopen(session, actor, case, data, now):
    clear_results(case)
    case.finalised_at = None
    if case.recorded_at is None:
        case.recorded_at = now
        case.recording_reason = RecordingReason.AA_DECIDED
    return None
