"""The case lifecycle of domain.md A2 as one declarative table, and the only code that
changes ``case.state``.

``apply`` checks the transition exists from the current state for this case type, that
the actor may take it (``can``), and that its guard passes; then it runs the step's
effect, stamps the dates, sets the state and writes the audit event that feeds the case
timeline. ``available`` tells a page which buttons to show.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from complaints.auth.permissions import Permission, can
from complaints.cases.choices import (
    CaseState,
    CaseType,
    HandlingType,
    RecordingReason,
    ReferralType,
)
from complaints.cases.models import Case
from complaints.common import audit
from complaints.common.actor import Actor
from complaints.common.clock import london_date
from complaints.investigations.models import Investigation, InvestigationMode, SuspensionPeriod
from complaints.reviews.models import Review, ReviewBody, ReviewOutcome

S = CaseState
P = Permission
COMPLAINT = frozenset({CaseType.COMPLAINT})
CONDUCT = frozenset({CaseType.CONDUCT_MATTER})
DSI = frozenset({CaseType.DSI_MATTER})
ALL_TYPES = frozenset(CaseType)

REVIEW_WINDOW_DAYS = 28  # from the day after the outcome was notified (domain.md A5)


class TransitionError(ValueError):
    """A step that cannot be taken now; the message says why, for the user."""


Guard = Callable[[Case, dict[str, Any], dt.datetime], str | None]
Effect = Callable[[Session, Actor, Case, dict[str, Any], dt.datetime], CaseState | None]


@dataclass(frozen=True)
class Transition:
    name: str
    label: str
    sources: frozenset[CaseState]
    target: CaseState
    permissions: frozenset[Permission]  # any one of these
    case_types: frozenset[CaseType] = ALL_TYPES
    guard: Guard | None = None
    effect: Effect | None = None
    needs_reason: bool = False


# Guards: return a sentence saying why not, or None. ------------------------------------


def _contacted(case: Case, data: dict[str, Any], now: dt.datetime) -> str | None:
    if case.state == S.LOGGED and not case.contacts and not case.contact_not_possible_reason:
        return (
            "Record first contact with the complainant, or why they could not be "
            "reached, before deciding how to handle the complaint"
        )
    return None


def _may_handle_informally(case: Case, data: dict[str, Any], now: dt.datetime) -> str | None:
    if case.mandatory_triggers:
        return (
            "This complaint must be recorded under Schedule 3: "
            + "; ".join(case.mandatory_triggers).lower()
        )
    if case.recording_requested:
        return "The complainant asked for the complaint to be recorded"
    return _contacted(case, data, now)


def _every_allegation_has_result(informal: bool) -> Guard:
    def guard(case: Case, data: dict[str, Any], now: dt.datetime) -> str | None:
        if not case.allegations:
            return "Add at least one allegation first"
        missing = [
            a.number
            for a in case.allegations
            if a.result is None or a.result.outside_schedule_3 != informal
        ]
        if missing:
            numbers = ", ".join(str(n) for n in missing)
            return f"Record a result for every allegation first (missing: {numbers})"
        return None

    return guard


def review_deadline(case: Case) -> dt.date | None:
    """The last day to apply for a review: 28 days from the day after notification."""
    if case.outcome_notified_at is None:
        return None
    return london_date(case.outcome_notified_at) + dt.timedelta(days=REVIEW_WINDOW_DAYS)


def _review_window_passed(case: Case, data: dict[str, Any], now: dt.datetime) -> str | None:
    deadline = review_deadline(case)
    if deadline is not None and london_date(now) <= deadline:
        return f"The complainant may apply for a review until {deadline:%d %B %Y}"
    return None


# Effects: everything a step does besides setting the state. ----------------------------


def _record(session, actor, case, data, now):
    reason = data.get("recording_reason")
    if reason is None:
        reason = (
            RecordingReason.DISSATISFIED_AFTER_INITIAL_HANDLING
            if case.state == S.INITIAL_HANDLING
            else RecordingReason.AA_DECIDED
        )
    case.recording_reason = RecordingReason(reason)
    case.recorded_at = now
    return None


def _handle_outside(session, actor, case, data, now):
    case.handled_outside_at = now
    case.handling_type = HandlingType.OUTSIDE_SCHEDULE_3
    return None


def _finalise(session, actor, case, data, now):
    case.finalised_at = now
    return None


def _withdraw(session, actor, case, data, now):
    notice = data.get("withdrawal_notice_on")
    if notice is None:
        raise TransitionError("Enter the date of the complainant's signed withdrawal notice")
    case.withdrawal_notice_on = notice
    case.withdrawn_at = now
    return None


def _refer(session, actor, case, data, now):
    case.referral_type = ReferralType(data.get("referral_type") or ReferralType.MANDATORY)
    case.referred_at = now
    return None


def _without_investigation(session, actor, case, data, now):
    case.handling_type = HandlingType.OTHERWISE_THAN_BY_INVESTIGATION
    return None


def _investigate(session, actor, case, data, now):
    mode = InvestigationMode(data.get("mode") or InvestigationMode.LOCAL)
    case.handling_type = HandlingType(mode.value)
    investigation = case.investigation
    if investigation is None:
        investigation = Investigation(case_id=case.id, mode=mode, started_on=london_date(now))
        case.investigation = investigation
    investigation.mode = mode
    investigation.investigator_id = data.get("investigator_id", investigation.investigator_id)
    investigation.terms_of_reference = data.get(
        "terms_of_reference", investigation.terms_of_reference
    )
    investigation.special_procedures = bool(
        data.get("special_procedures", investigation.special_procedures)
    )
    investigation.report_submitted_on = None
    return None


def _suspend(session, actor, case, data, now):
    if case.investigation is None:
        raise TransitionError("There is no investigation to suspend")
    case.investigation.suspensions.append(
        SuspensionPeriod(
            investigation_id=case.investigation.id,
            started_on=data.get("on") or london_date(now),
            reason=data.get("reason") or "Suspended",
        )
    )
    return None


def _resume(session, actor, case, data, now):
    period = case.investigation.open_suspension if case.investigation else None
    if period is None:
        raise TransitionError("The investigation is not suspended")
    period.ended_on = data.get("on") or london_date(now)
    return None


def _submit_report(session, actor, case, data, now):
    case.investigation.report_submitted_on = data.get("on") or london_date(now)
    case.investigation.report_summary = data.get("summary")
    return None


def _determine(session, actor, case, data, now):
    case.outcome_determined_at = now
    return None


def _notify(session, actor, case, data, now):
    case.outcome_notified_at = now
    return None


def _apply_for_review(session, actor, case, data, now):
    body = ReviewBody(data.get("body") or ReviewBody.OPCC)
    case.reviews.append(
        Review(
            case_id=case.id,
            received_on=data.get("received_on") or london_date(now),
            received_by=ReviewBody(data.get("received_by") or body),
            body=body,
            routing_reason=data.get("routing_reason") or "No IOPC limb applies",
            valid=True,
            late_special_reason=data.get("late_special_reason"),
            investigated=case.investigation is not None,
            created_at=now,
        )
    )
    return None


def _decide_review(session, actor, case, data, now):
    review = next((r for r in case.reviews if r.decided_on is None), None)
    if review is None:
        raise TransitionError("There is no review waiting for a decision")
    outcome = ReviewOutcome(data["outcome"])
    review.outcome = outcome
    review.decided_on = data.get("on") or london_date(now)
    review.rationale = data.get("rationale")
    review.reviewer_id = actor.user_id
    if outcome == ReviewOutcome.NOT_UPHELD:
        case.finalised_at = now
        return S.FINALISED
    back_to = CaseState(data.get("sent_back_to") or S.RECORDED)
    if back_to not in (S.RECORDED, S.HANDLING, S.INVESTIGATION):
        raise TransitionError(
            "An upheld review sends the case back to recorded, handling or investigation"
        )
    review.sent_back_to = back_to
    review.recommendations = data.get("recommendations")
    if back_to == S.INVESTIGATION:
        _investigate(session, actor, case, data, now)
    return back_to


def _reopen(session, actor, case, data, now):
    case.finalised_at = None
    if case.recorded_at is None:
        case.recorded_at = now
        case.recording_reason = RecordingReason.AA_DECIDED
    return None


TRANSITIONS: dict[str, Transition] = {
    t.name: t
    for t in [
        Transition(
            "record",
            "Record under Schedule 3",
            frozenset({S.LOGGED, S.INITIAL_HANDLING}),
            S.RECORDED,
            frozenset({P.DECIDE, P.HANDLE_INFORMALLY}),
            COMPLAINT,
            _contacted,
            _record,
            needs_reason=True,
        ),
        Transition(
            "handle_outside_schedule_3",
            "Handle outside Schedule 3",
            frozenset({S.LOGGED}),
            S.INITIAL_HANDLING,
            frozenset({P.HANDLE_INFORMALLY}),
            COMPLAINT,
            _may_handle_informally,
            _handle_outside,
        ),
        Transition(
            "resolve",
            "Resolve and finalise",
            frozenset({S.INITIAL_HANDLING}),
            S.FINALISED,
            frozenset({P.HANDLE_INFORMALLY}),
            COMPLAINT,
            _every_allegation_has_result(informal=True),
            _finalise,
        ),
        Transition(
            "withdraw",
            "Record withdrawal",
            frozenset(
                {
                    S.LOGGED,
                    S.INITIAL_HANDLING,
                    S.RECORDED,
                    S.REFERRED,
                    S.HANDLING,
                    S.INVESTIGATION,
                    S.SUSPENDED,
                    S.AWAITING_DECISION,
                }
            ),
            S.WITHDRAWN,
            frozenset({P.WITHDRAW}),
            COMPLAINT,
            None,
            _withdraw,
        ),
        Transition(
            "refer_to_iopc",
            "Refer to the IOPC",
            frozenset({S.RECORDED}),
            S.REFERRED,
            frozenset({P.DECIDE}),
            ALL_TYPES,
            None,
            _refer,
            needs_reason=True,
        ),
        Transition(
            "iopc_returned",
            "IOPC returned it for local handling",
            frozenset({S.REFERRED}),
            S.RECORDED,
            frozenset({P.DECIDE}),
            COMPLAINT | CONDUCT,
        ),
        Transition(
            "iopc_investigation",
            "IOPC decided an investigation",
            frozenset({S.REFERRED}),
            S.INVESTIGATION,
            frozenset({P.DECIDE}),
            COMPLAINT | CONDUCT,
            None,
            _investigate,
        ),
        Transition(
            "handle_without_investigation",
            "Handle otherwise than by investigation",
            frozenset({S.RECORDED}),
            S.HANDLING,
            frozenset({P.DECIDE}),
            COMPLAINT | CONDUCT,
            None,
            _without_investigation,
        ),
        Transition(
            "start_investigation",
            "Start a local investigation",
            frozenset({S.RECORDED}),
            S.INVESTIGATION,
            frozenset({P.DECIDE}),
            COMPLAINT | CONDUCT,
            None,
            _investigate,
        ),
        Transition(
            "suspend",
            "Suspend the investigation",
            frozenset({S.INVESTIGATION}),
            S.SUSPENDED,
            frozenset({P.DECIDE}),
            COMPLAINT | CONDUCT,
            None,
            _suspend,
            needs_reason=True,
        ),
        Transition(
            "resume",
            "Resume the investigation",
            frozenset({S.SUSPENDED}),
            S.INVESTIGATION,
            frozenset({P.DECIDE}),
            COMPLAINT | CONDUCT,
            None,
            _resume,
        ),
        Transition(
            "submit_report",
            "Submit the investigation report",
            frozenset({S.INVESTIGATION}),
            S.AWAITING_DECISION,
            frozenset({P.INVESTIGATE}),
            COMPLAINT | CONDUCT,
            None,
            _submit_report,
        ),
        Transition(
            "determine_outcome",
            "Determine the outcome",
            frozenset({S.HANDLING, S.AWAITING_DECISION}),
            S.OUTCOME_DETERMINED,
            frozenset({P.DECIDE}),
            COMPLAINT | CONDUCT,
            _every_allegation_has_result(informal=False),
            _determine,
        ),
        Transition(
            "notify_outcome",
            "Notify the complainant of the outcome",
            frozenset({S.OUTCOME_DETERMINED}),
            S.OUTCOME_NOTIFIED,
            frozenset({P.SEND_CORRESPONDENCE}),
            COMPLAINT,
            None,
            _notify,
        ),
        Transition(
            "apply_for_review",
            "Record a review application",
            frozenset({S.OUTCOME_NOTIFIED}),
            S.UNDER_REVIEW,
            frozenset({P.SEND_CORRESPONDENCE, P.REVIEW}),
            COMPLAINT,
            None,
            _apply_for_review,
        ),
        Transition(
            "finalise",
            "Finalise (review window passed)",
            frozenset({S.OUTCOME_NOTIFIED}),
            S.FINALISED,
            frozenset({P.SEND_CORRESPONDENCE, P.DECIDE}),
            COMPLAINT,
            _review_window_passed,
            _finalise,
        ),
        Transition(
            "close_matter",
            "Finalise the matter",
            frozenset({S.OUTCOME_DETERMINED, S.REFERRED}),
            S.FINALISED,
            frozenset({P.DECIDE}),
            CONDUCT | DSI,
            None,
            _finalise,
        ),
        Transition(
            "decide_review",
            "Decide the review",
            frozenset({S.UNDER_REVIEW}),
            S.FINALISED,
            frozenset({P.REVIEW}),
            COMPLAINT,
            None,
            _decide_review,
        ),
        Transition(
            "reopen",
            "Reopen",
            frozenset({S.FINALISED}),
            S.RECORDED,
            frozenset({P.DECIDE}),
            ALL_TYPES,
            None,
            _reopen,
            needs_reason=True,
        ),
    ]
}


def blocked_reason(
    case: Case, transition: Transition, actor: Actor, data: dict[str, Any] | None, now: dt.datetime
) -> str | None:
    """Why this actor cannot take this step now, or None if they can."""
    if case.case_type not in transition.case_types:
        return f"A {case.case_type.label.lower()} cannot be taken through '{transition.label}'"
    if case.state not in transition.sources:
        return f"'{transition.label}' is not possible while the case is {case.state.label.lower()}"
    if not any(can(actor, p, case) for p in transition.permissions):
        return "You do not have permission to do this on this case"
    if transition.guard is not None:
        return transition.guard(case, data or {}, now)
    return None


def available(case: Case, actor: Actor, now: dt.datetime) -> list[tuple[Transition, str | None]]:
    """Steps this actor may take from here, each with the reason it is blocked, if it is.

    A step the actor has no permission for is left out; one blocked by a guard is kept
    with its reason, so the page can explain what is missing.
    """
    result = []
    for transition in TRANSITIONS.values():
        if case.case_type not in transition.case_types or case.state not in transition.sources:
            continue
        if not any(can(actor, p, case) for p in transition.permissions):
            continue
        why = transition.guard(case, {}, now) if transition.guard else None
        result.append((transition, why))
    return result


def apply(
    session: Session,
    actor: Actor,
    case: Case,
    name: str,
    data: dict[str, Any] | None,
    now: dt.datetime,
) -> Case:
    transition = TRANSITIONS.get(name)
    if transition is None:
        raise TransitionError(f"Unknown step '{name}'")
    data = dict(data or {})
    audit.acting(session, actor, now)
    why = blocked_reason(case, transition, actor, data, now)
    if why:
        raise TransitionError(why)
    reason = (data.get("reason") or "").strip()
    if transition.needs_reason and not reason:
        raise TransitionError("Give the reason for this decision")
    with session.no_autoflush:
        target = (
            transition.effect(session, actor, case, data, now) if transition.effect else None
        ) or transition.target
        case.state = target
        case.updated_at = now
        changes = audit.changes_of(case)
    # One event says what the step did to the case; the flush adds events for anything
    # else it created or changed (an investigation, a review).
    audit.mark_described(session, "cases", case.id)
    audit.record(
        session,
        f"transition:{name}",
        entity_type="cases",
        entity_id=case.id,
        case_id=case.id,
        changes=changes,
        summary=reason or transition.label,
        actor=actor,
        now=now,
    )
    session.flush()
    return case
