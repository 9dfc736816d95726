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

from complaints.auth.models import User
from complaints.auth.permissions import Permission, can
from complaints.auth.roles import Role
from complaints.cases import deadlines, services
from complaints.cases.choices import (
    CaseState,
    CaseType,
    ContactPurpose,
    HandlingType,
    RecordingReason,
    ReferralType,
)
from complaints.cases.models import Case
from complaints.common import audit
from complaints.common.actor import Actor
from complaints.common.clock import london_date
from complaints.investigations.models import Investigation, InvestigationMode, SuspensionPeriod
from complaints.investigations.services import missing_conduct_outcomes
from complaints.reviews.models import Review, ReviewBody, ReviewOutcome, ReviewRecommendation
from complaints.reviews.routing import propose_review_body

S = CaseState
P = Permission
COMPLAINT = frozenset({CaseType.COMPLAINT})
CONDUCT = frozenset({CaseType.CONDUCT_MATTER})
DSI = frozenset({CaseType.DSI_MATTER})
ALL_TYPES = frozenset(CaseType)


class TransitionError(ValueError):
    """A step that cannot be taken now; the message says why, for the user."""


Guard = Callable[[Case, Actor, dict[str, Any], dt.datetime], str | None]
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


def _contacted(case: Case, actor: Actor, data: dict[str, Any], now: dt.datetime) -> str | None:
    first_contact = any(c.purpose == ContactPurpose.FIRST_CONTACT for c in case.contacts)
    if case.state == S.LOGGED and not first_contact and not case.contact_not_possible_reason:
        return (
            "Record first contact with the complainant, or why they could not be "
            "reached, before deciding how to handle the complaint"
        )
    return None


def _may_handle_informally(
    case: Case, actor: Actor, data: dict[str, Any], now: dt.datetime
) -> str | None:
    if case.mandatory_triggers:
        return (
            "This complaint must be recorded under Schedule 3: "
            + "; ".join(case.mandatory_triggers).lower()
        )
    if case.recording_requested:
        return "The complainant asked for the complaint to be recorded"
    return _contacted(case, actor, data, now)


def _every_allegation_has_result(informal: bool) -> Guard:
    def guard(case: Case, actor: Actor, data: dict[str, Any], now: dt.datetime) -> str | None:
        if case.case_type == CaseType.CONDUCT_MATTER:
            # A conduct matter's outcome is decided per subject, not per allegation (A3).
            missing = missing_conduct_outcomes(case)
            if missing:
                names = ", ".join(cs.identity.display for cs in missing)
                return f"Record the conduct outcome for every subject first (missing: {names})"
            return None
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


def open_review(case: Case) -> Review | None:
    """The valid review waiting for a decision; invalid applications are never decided."""
    return next((r for r in case.reviews if r.valid and r.decided_on is None), None)


def _decided_by_the_review_body(
    case: Case, actor: Actor, data: dict[str, Any], now: dt.datetime
) -> str | None:
    """The OPCC decides its own reviews, by the reviewer who took it (or takes it now);
    the PSD records the IOPC's decisions (A7)."""
    review = open_review(case)
    if review is None:
        return "There is no review waiting for a decision"
    if review.body == ReviewBody.OPCC:
        if not can(actor, P.REVIEW, case):
            return "This review is for the OPCC to decide"
        if review.reviewer_id not in (None, actor.user_id):
            return "Another OPCC reviewer has taken this review"
    if review.body == ReviewBody.IOPC and not can(actor, P.DECIDE, case):
        return "The IOPC decides this review: the appropriate authority records its decision"
    return None


def _has_review_right(
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


def _matter_ready_to_close(
    case: Case, actor: Actor, data: dict[str, Any], now: dt.datetime
) -> str | None:
    """A2: a DSI matter closes once referred; a conduct matter once its outcome is decided."""
    if case.case_type == CaseType.CONDUCT_MATTER and case.state != S.OUTCOME_DETERMINED:
        return "A conduct matter is finalised once its outcome is determined"
    if case.case_type == CaseType.DSI_MATTER and case.state != S.REFERRED:
        return "A DSI matter is finalised once it has been referred to the IOPC"
    return None


def review_deadline(case: Case) -> dt.date | None:
    """The last day to apply for a review: 28 days from the day after notification (A5)."""
    if case.outcome_notified_at is None:
        return None
    return deadlines.review_deadline_from(london_date(case.outcome_notified_at))


def is_late(case: Case, received_on: dt.date) -> bool:
    """An application received after the window's last day (valid only with a reason)."""
    deadline = review_deadline(case)
    return deadline is not None and received_on > deadline


def _review_window_passed(
    case: Case, actor: Actor, data: dict[str, Any], now: dt.datetime
) -> str | None:
    deadline = review_deadline(case)
    if deadline is not None and london_date(now) <= deadline:
        return f"The complainant may apply for a review until {deadline:%d %B %Y}"
    return None


def _choice(enum_cls, value, what: str):
    """A value from the step's data as one of an enum's members, or a clear refusal."""
    try:
        return enum_cls(value)
    except ValueError:
        raise TransitionError(f"Choose {what}") from None


def _clear_results(case: Case) -> None:
    """Work done again needs results decided again: earlier ones no longer stand."""
    for allegation in case.allegations:
        allegation.result = None
        allegation.result_recorded_at = None


# Effects: everything a step does besides setting the state. ----------------------------


def _record(session, actor, case, data, now):
    reason = data.get("recording_reason")
    if reason is None:
        reason = (
            RecordingReason.DISSATISFIED_AFTER_INITIAL_HANDLING
            if case.state == S.INITIAL_HANDLING
            else RecordingReason.AA_DECIDED
        )
    case.recording_reason = _choice(RecordingReason, reason, "a reason for recording")
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
    case.referral_type = _choice(
        ReferralType, data.get("referral_type") or ReferralType.MANDATORY, "a referral type"
    )
    case.referred_at = now
    return None


def _without_investigation(session, actor, case, data, now):
    case.handling_type = HandlingType.OTHERWISE_THAN_BY_INVESTIGATION
    return None


def _investigate(session, actor, case, data, now):
    investigation = case.investigation
    # A case sent back to investigation keeps its mode unless the decision changes it.
    mode = _choice(
        InvestigationMode,
        data.get("mode") or (investigation.mode if investigation else InvestigationMode.LOCAL),
        "an investigation mode",
    )
    investigator_id = data.get("investigator_id")
    if investigator_id is not None:
        investigator = session.get(User, investigator_id)
        if (
            investigator is None
            or investigator.role != Role.INVESTIGATOR
            or not investigator.active
        ):
            raise TransitionError("Choose an active investigator")
        if case.restricted:
            services.grant_access(session, actor, case, investigator, "investigator", now)
    case.handling_type = HandlingType(mode.value)
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


def _investigate_locally(session, actor, case, data, now):
    """The appropriate authority starts local investigations; the IOPC decides the rest."""
    return _investigate(session, actor, case, {**data, "mode": InvestigationMode.LOCAL}, now)


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
    """The outcome letter names the review body (A7): the handler confirms or changes the
    proposed one, with its reason, as the complaint is notified."""
    if case.recorded_at is not None:
        proposal = propose_review_body(case)
        case.review_body = _choice(
            ReviewBody, data.get("review_body") or proposal.body, "the review body"
        )
        reason = (data.get("review_body_reason") or "").strip()
        case.review_body_reason = (reason or proposal.reason)[:300]
    case.outcome_notified_at = now
    return None


def _apply_for_review(session, actor, case, data, now):
    body_value = data.get("body") or case.review_body
    if not body_value:
        raise TransitionError("Say which body reviews this: the OPCC or the IOPC (A7)")
    body = _choice(ReviewBody, body_value, "the OPCC or the IOPC")
    received_by = _choice(ReviewBody, data.get("received_by") or body, "who received it")
    received_on = data.get("received_on") or london_date(now)
    if received_on > london_date(now):
        raise TransitionError("The date the application was received cannot be in the future")
    forwarded_on = None
    if received_by != body:
        forwarded_on = data.get("forwarded_on") or london_date(now)
        if forwarded_on < received_on:
            raise TransitionError("An application cannot be forwarded before it was received")
    late_reason = (data.get("late_special_reason") or "").strip() or None
    case.reviews.append(
        Review(
            case_id=case.id,
            received_on=received_on,
            received_by=received_by,
            body=body,
            routing_reason=(
                data.get("routing_reason")
                or (case.review_body_reason if body == case.review_body else None)
                or "Chosen when the application was recorded"
            )[:300],
            valid=True,
            late_special_reason=late_reason if is_late(case, received_on) else None,
            investigated=case.investigation is not None,
            forwarded_on=forwarded_on,
            recorded_by_id=actor.user_id,
            created_at=now,
        )
    )
    return None


def _recommendations(data: dict[str, Any]) -> list[str]:
    """Recommendations as given: a list, or a text with one recommendation per line."""
    given = data.get("recommendations") or []
    if isinstance(given, str):
        given = given.splitlines()
    return [text.strip() for text in given if text and text.strip()]


def _decide_review(session, actor, case, data, now):
    review = open_review(case)
    outcome = _choice(ReviewOutcome, data.get("outcome"), "whether the review is upheld")
    rationale = (data.get("rationale") or "").strip()
    back_to = None
    if outcome == ReviewOutcome.UPHELD:
        back_to = _choice(CaseState, data.get("sent_back_to") or S.RECORDED, "where it goes back")
        if back_to not in (S.RECORDED, S.HANDLING, S.INVESTIGATION):
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
    _clear_results(case)
    review.sent_back_to = back_to
    if back_to == S.INVESTIGATION:
        _investigate(session, actor, case, data, now)
    elif back_to == S.HANDLING:
        _without_investigation(session, actor, case, data, now)
    return back_to


def _reopen(session, actor, case, data, now):
    _clear_results(case)
    case.finalised_at = None
    if case.recorded_at is None:
        case.recorded_at = now
        case.recording_reason = RecordingReason.AA_DECIDED
    return None


def _step(
    name: str,
    label: str,
    *,
    sources: set[CaseState],
    target: CaseState,
    by: set[Permission],
    types: frozenset[CaseType] = ALL_TYPES,
    guard: Guard | None = None,
    effect: Effect | None = None,
    needs_reason: bool = False,
) -> Transition:
    return Transition(
        name, label, frozenset(sources), target, frozenset(by), types, guard, effect, needs_reason
    )


# The lifecycle of domain.md A2, one step per entry: from which states, to which, who
# may take it (any one permission), for which case types, what must be true first
# (guard) and what else it does (effect).
# fmt: off
_STEPS = [
    _step("record", "Record under Schedule 3",
          sources={S.LOGGED, S.INITIAL_HANDLING}, target=S.RECORDED,
          by={P.DECIDE, P.HANDLE_INFORMALLY}, types=COMPLAINT,
          guard=_contacted, effect=_record, needs_reason=True),
    _step("handle_outside_schedule_3", "Handle outside Schedule 3",
          sources={S.LOGGED}, target=S.INITIAL_HANDLING,
          by={P.HANDLE_INFORMALLY}, types=COMPLAINT,
          guard=_may_handle_informally, effect=_handle_outside),
    _step("resolve", "Resolve and finalise",
          sources={S.INITIAL_HANDLING}, target=S.FINALISED,
          by={P.HANDLE_INFORMALLY}, types=COMPLAINT,
          guard=_every_allegation_has_result(informal=True), effect=_finalise),
    _step("withdraw", "Record withdrawal",
          sources={S.LOGGED, S.INITIAL_HANDLING, S.RECORDED, S.REFERRED, S.HANDLING,
                   S.INVESTIGATION, S.SUSPENDED, S.AWAITING_DECISION},
          target=S.WITHDRAWN, by={P.WITHDRAW}, types=COMPLAINT, effect=_withdraw),
    _step("refer_to_iopc", "Refer to the IOPC",
          sources={S.RECORDED}, target=S.REFERRED,
          by={P.DECIDE}, effect=_refer, needs_reason=True),
    _step("iopc_returned", "IOPC returned it for local handling",
          sources={S.REFERRED}, target=S.RECORDED,
          by={P.DECIDE}, types=COMPLAINT | CONDUCT),
    _step("iopc_investigation", "IOPC decided an investigation",
          sources={S.REFERRED}, target=S.INVESTIGATION,
          by={P.DECIDE}, types=COMPLAINT | CONDUCT, effect=_investigate),
    _step("handle_without_investigation", "Handle otherwise than by investigation",
          sources={S.RECORDED}, target=S.HANDLING,
          by={P.DECIDE}, types=COMPLAINT | CONDUCT, effect=_without_investigation),
    _step("start_investigation", "Start a local investigation",
          sources={S.RECORDED}, target=S.INVESTIGATION,
          by={P.DECIDE}, types=COMPLAINT | CONDUCT, effect=_investigate_locally),
    _step("suspend", "Suspend the investigation",
          sources={S.INVESTIGATION}, target=S.SUSPENDED,
          by={P.DECIDE}, types=COMPLAINT | CONDUCT, effect=_suspend, needs_reason=True),
    _step("resume", "Resume the investigation",
          sources={S.SUSPENDED}, target=S.INVESTIGATION,
          by={P.DECIDE}, types=COMPLAINT | CONDUCT, effect=_resume),
    _step("submit_report", "Submit the investigation report",
          sources={S.INVESTIGATION}, target=S.AWAITING_DECISION,
          by={P.INVESTIGATE}, types=COMPLAINT | CONDUCT, effect=_submit_report),
    _step("determine_outcome", "Determine the outcome",
          sources={S.HANDLING, S.AWAITING_DECISION}, target=S.OUTCOME_DETERMINED,
          by={P.DECIDE}, types=COMPLAINT | CONDUCT,
          guard=_every_allegation_has_result(informal=False), effect=_determine),
    _step("notify_outcome", "Notify the complainant of the outcome",
          sources={S.OUTCOME_DETERMINED}, target=S.OUTCOME_NOTIFIED,
          by={P.SEND_CORRESPONDENCE}, types=COMPLAINT, effect=_notify),
    _step("apply_for_review", "Record a review application",
          sources={S.OUTCOME_NOTIFIED}, target=S.UNDER_REVIEW,
          by={P.SEND_CORRESPONDENCE, P.REVIEW}, types=COMPLAINT,
          guard=_has_review_right, effect=_apply_for_review),
    _step("finalise", "Finalise (review window passed)",
          sources={S.OUTCOME_NOTIFIED}, target=S.FINALISED,
          by={P.SEND_CORRESPONDENCE, P.DECIDE}, types=COMPLAINT,
          guard=_review_window_passed, effect=_finalise),
    _step("close_matter", "Finalise the matter",
          sources={S.OUTCOME_DETERMINED, S.REFERRED}, target=S.FINALISED,
          by={P.DECIDE}, types=CONDUCT | DSI, guard=_matter_ready_to_close, effect=_finalise),
    _step("decide_review", "Decide the review",
          sources={S.UNDER_REVIEW}, target=S.FINALISED,  # or back, if upheld (effect)
          by={P.REVIEW, P.DECIDE}, types=COMPLAINT,
          guard=_decided_by_the_review_body, effect=_decide_review),
    _step("reopen", "Reopen",
          sources={S.FINALISED}, target=S.RECORDED,
          by={P.DECIDE}, effect=_reopen, needs_reason=True),
]
# fmt: on
TRANSITIONS: dict[str, Transition] = {step.name: step for step in _STEPS}


def permitted(case: Case, transition: Transition, actor: Actor) -> str | None:
    """Why this step is not open to this actor on this case at all, or None."""
    if case.case_type not in transition.case_types:
        return f"A {case.case_type.label.lower()} cannot be taken through '{transition.label}'"
    if case.state not in transition.sources:
        return f"'{transition.label}' is not possible while the case is {case.state.label.lower()}"
    if not any(can(actor, p, case) for p in transition.permissions):
        return "You do not have permission to do this on this case"
    return None


def blocked_reason(
    case: Case,
    transition: Transition,
    actor: Actor,
    data: dict[str, Any] | None,
    now: dt.datetime,
) -> str | None:
    """Why this actor cannot take this step now, or None if they can."""
    why = permitted(case, transition, actor)
    if why is None and transition.guard is not None:
        why = transition.guard(case, actor, data or {}, now)
    return why


def available(case: Case, actor: Actor, now: dt.datetime) -> list[tuple[Transition, str | None]]:
    """Steps this actor may take from here, each with the reason it is blocked, if it is.

    A step the actor has no permission for is left out; one blocked by a guard is kept
    with its reason, so the page can explain what is missing.
    """
    result = []
    for transition in TRANSITIONS.values():
        if permitted(case, transition, actor) is not None:
            continue
        why = transition.guard(case, actor, {}, now) if transition.guard else None
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
        deadlines.refresh(case)
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
