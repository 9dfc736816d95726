"""The case lifecycle of domain.md A2 as one declarative table, and the only code that
changes ``case.state``.

``apply`` checks the transition exists from the current state for this case type, that
the actor may take it (``can``), and that its guard passes; then it runs the step's
effect, stamps the dates, sets the state and writes the audit event that feeds the case
timeline. ``available`` tells a page which buttons to show, and ``offered`` tells a queue,
in SQL, which cases a step is waiting on. Guards and effects live with their owners:
``cases.guards`` and ``cases.effects``, ``reviews.lifecycle``, ``investigations.lifecycle``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, and_
from sqlalchemy.orm import Session

from complaints.auth.permissions import Permission, can
from complaints.cases import deadlines, effects, services
from complaints.cases.choices import CaseState, CaseType
from complaints.cases.guards import (
    Effect,
    Guard,
    Rule,
    TransitionError,
    contacted,
    matter_ready_to_close,
    may_handle_informally,
    ready_for_outcome,
)
from complaints.cases.models import Case
from complaints.common import audit
from complaints.common.actor import Actor
from complaints.intervention import scan as early_intervention
from complaints.investigations import lifecycle as investigation
from complaints.reviews import lifecycle as review

__all__ = ["TRANSITIONS", "Transition", "TransitionError", "apply", "available", "offered"]

S = CaseState
P = Permission
COMPLAINT = frozenset({CaseType.COMPLAINT})
CONDUCT = frozenset({CaseType.CONDUCT_MATTER})
DSI = frozenset({CaseType.DSI_MATTER})
ALL_TYPES = frozenset(CaseType)
# Steps after which the early-intervention scan looks again at the people on the case.
RECORDING_DECISIONS = frozenset({"record", "reopen"})


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
          guard=contacted, effect=effects.record, needs_reason=True),
    _step("handle_outside_schedule_3", "Handle outside Schedule 3",
          sources={S.LOGGED}, target=S.INITIAL_HANDLING,
          by={P.HANDLE_INFORMALLY}, types=COMPLAINT,
          guard=may_handle_informally, effect=effects.handle_outside),
    _step("resolve", "Resolve and finalise",
          sources={S.INITIAL_HANDLING}, target=S.FINALISED,
          by={P.HANDLE_INFORMALLY}, types=COMPLAINT,
          guard=ready_for_outcome(informal=True), effect=effects.finalise),
    _step("withdraw", "Record withdrawal",
          sources={S.LOGGED, S.INITIAL_HANDLING, S.RECORDED, S.REFERRED, S.HANDLING,
                   S.INVESTIGATION, S.SUSPENDED, S.AWAITING_DECISION},
          target=S.WITHDRAWN, by={P.WITHDRAW}, types=COMPLAINT, effect=effects.withdraw),
    _step("refer_to_iopc", "Refer to the IOPC",
          sources={S.RECORDED}, target=S.REFERRED,
          by={P.DECIDE}, effect=effects.refer, needs_reason=True),
    _step("iopc_returned", "IOPC returned it for local handling",
          sources={S.REFERRED}, target=S.RECORDED,
          by={P.DECIDE}, types=COMPLAINT | CONDUCT),
    _step("iopc_investigation", "IOPC decided an investigation",
          sources={S.REFERRED}, target=S.INVESTIGATION,
          by={P.DECIDE}, types=COMPLAINT | CONDUCT, effect=investigation.investigate),
    _step("handle_without_investigation", "Handle otherwise than by investigation",
          sources={S.RECORDED}, target=S.HANDLING,
          by={P.DECIDE}, types=COMPLAINT | CONDUCT, effect=effects.without_investigation),
    _step("start_investigation", "Start a local investigation",
          sources={S.RECORDED}, target=S.INVESTIGATION,
          by={P.DECIDE}, types=COMPLAINT | CONDUCT, effect=investigation.investigate_locally),
    _step("suspend", "Suspend the investigation",
          sources={S.INVESTIGATION}, target=S.SUSPENDED,
          by={P.DECIDE}, types=COMPLAINT | CONDUCT, effect=investigation.suspend,
          needs_reason=True),
    _step("resume", "Resume the investigation",
          sources={S.SUSPENDED}, target=S.INVESTIGATION,
          by={P.DECIDE}, types=COMPLAINT | CONDUCT, effect=investigation.resume),
    _step("submit_report", "Submit the investigation report",
          sources={S.INVESTIGATION}, target=S.AWAITING_DECISION,
          by={P.INVESTIGATE}, types=COMPLAINT | CONDUCT, guard=investigation.notices_served,
          effect=investigation.submit_report),
    _step("determine_outcome", "Determine the outcome",
          sources={S.HANDLING, S.AWAITING_DECISION}, target=S.OUTCOME_DETERMINED,
          by={P.DECIDE}, types=COMPLAINT | CONDUCT,
          guard=ready_for_outcome(informal=False), effect=effects.determine),
    _step("notify_outcome", "Notify the complainant of the outcome",
          sources={S.OUTCOME_DETERMINED}, target=S.OUTCOME_NOTIFIED,
          by={P.SEND_CORRESPONDENCE}, types=COMPLAINT, effect=effects.notify),
    _step("apply_for_review", "Record a review application",
          sources={S.OUTCOME_NOTIFIED}, target=S.UNDER_REVIEW,
          by={P.SEND_CORRESPONDENCE, P.REVIEW, P.APPLY_FOR_REVIEW}, types=COMPLAINT,
          guard=review.has_review_right, effect=review.apply_for_review),
    _step("finalise", "Finalise (review window passed)",
          sources={S.OUTCOME_NOTIFIED}, target=S.FINALISED,
          by={P.SEND_CORRESPONDENCE, P.DECIDE}, types=COMPLAINT,
          guard=review.review_window_passed, effect=effects.finalise),
    _step("close_matter", "Finalise the matter",
          sources={S.OUTCOME_DETERMINED, S.REFERRED}, target=S.FINALISED,
          by={P.DECIDE}, types=CONDUCT | DSI, guard=matter_ready_to_close, effect=effects.finalise),
    _step("decide_review", "Decide the review",
          sources={S.UNDER_REVIEW}, target=S.FINALISED,  # or back, if upheld (effect)
          by={P.REVIEW, P.DECIDE}, types=COMPLAINT,
          guard=review.decided_by_the_review_body, effect=review.decide_review),
    _step("reopen", "Reopen",
          sources={S.FINALISED}, target=S.RECORDED,
          by={P.DECIDE}, effect=effects.reopen, needs_reason=True),
]
# fmt: on
TRANSITIONS: dict[str, Transition] = {step.name: step for step in _STEPS}
# Where each type of case starts: a complaint is logged; the matters are recorded at once.
FIRST_STATE = {
    CaseType.COMPLAINT: S.LOGGED,
    CaseType.CONDUCT_MATTER: S.RECORDED,
    CaseType.DSI_MATTER: S.RECORDED,
}


def possible_states(case_type: CaseType) -> frozenset[CaseState]:
    """The states a case of this type can ever be in (domain.md A2): where it starts and
    where the table's steps for its type lead. An import checks a legacy state by this."""
    reached = {t.target for t in TRANSITIONS.values() if case_type in t.case_types}
    return frozenset({FIRST_STATE[case_type], *reached})


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


def offered(transition: Transition, actor: Actor) -> ColumnElement[bool]:
    """A WHERE clause on ``Case``: the cases on which this step can be taken now, as far as
    the step's states, case types and guard say. The guard must be a ``Rule``; who may take
    the step on each case is the queue's visibility and the actor's role."""
    clauses = [Case.state.in_(transition.sources), Case.case_type.in_(transition.case_types)]
    if transition.guard is not None:
        if not isinstance(transition.guard, Rule):
            raise TypeError(f"'{transition.name}' has a guard that no query can ask")
        clauses.append(transition.guard.holds(actor))
    return and_(*clauses)


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
        if Permission.DECIDE in transition.permissions:
            services.note_decision_maker(case, actor)
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
    if name in RECORDING_DECISIONS:
        early_intervention.after_case_change(session, case, now)
    return case
