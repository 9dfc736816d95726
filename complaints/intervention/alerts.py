"""Working an alert: who may see it, the steps it takes, and what it shows to whom.

new → PSD review → supervisor review → plan agreed → resolved (when the plan is complete,
``plans``), or closed as "no action" or "false positive" with a reason from any step
before a plan. Closed alerts stay closed: the scan raises a new one only for allegations
the closed one did not hold.

Who: the appropriate authority (``Permission.EARLY_INTERVENTION``) reads the alerts of the
forces they work for and takes their steps for the forces they decide for, as they decide
an officer's duty status. An alert's total counts every allegation it holds; the cases it
lists are only those the reader may open (``visible_items``), so a restricted case or a
complaint about the chief constable is never named to someone not named on it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Select, false, or_, select
from sqlalchemy.orm import Session, selectinload

from complaints.auth.permissions import Permission, role_can
from complaints.cases.models import Case
from complaints.cases.visibility import visible_to
from complaints.common import audit
from complaints.common.actor import Actor
from complaints.common.errors import Refused
from complaints.common.limits import too_long
from complaints.intervention.models import (
    OPEN_STATES,
    Alert,
    AlertItem,
    AlertState,
    AlertStep,
    Plan,
    Policy,
    policy_recipients,
)

S = AlertState
MAX_NOTE = 2000


class AlertRefused(Refused):
    """A step on an early-intervention alert the rules refuse."""


@dataclass(frozen=True)
class Step:
    name: str
    label: str  # the button
    done: str  # the banner after it
    sources: frozenset[AlertState]
    target: AlertState
    note_label: str
    note_required: bool


BEFORE_PLAN = frozenset({S.NEW, S.PSD_REVIEW, S.SUPERVISOR_REVIEW})
STEPS: dict[str, Step] = {
    step.name: step
    for step in (
        Step(
            "start_review",
            "Start the PSD review",
            "PSD review started.",
            frozenset({S.NEW}),
            S.PSD_REVIEW,
            "Note (optional)",
            False,
        ),
        Step(
            "refer_to_supervisor",
            "Refer to the supervisor",
            "Referred to the supervisor for their review.",
            frozenset({S.PSD_REVIEW}),
            S.SUPERVISOR_REVIEW,
            "What the PSD review found, for the supervisor",
            True,
        ),
        Step(
            "close_no_action",
            "Close: no action needed",
            "Alert closed: no action needed.",
            BEFORE_PLAN,
            S.NO_ACTION,
            "Why no action is needed",
            True,
        ),
        Step(
            "close_false_positive",
            "Close: false positive",
            "Alert closed as a false positive.",
            BEFORE_PLAN,
            S.FALSE_POSITIVE,
            "Why it is a false positive",
            True,
        ),
    )
}


def may_read(actor: Actor) -> bool:
    return role_can(actor.role, Permission.EARLY_INTERVENTION)


def may_act(actor: Actor, alert: Alert) -> bool:
    return may_read(actor) and alert.force_id in actor.decides_for


def readable(actor: Actor) -> Select[tuple[Alert]]:
    """The alerts this actor may read: those of the forces they work for."""
    if not may_read(actor):
        return select(Alert).where(false())
    return select(Alert).where(Alert.force_id.in_(sorted(actor.forces)))


def load(session: Session, actor: Actor, alert_id: int) -> Alert | None:
    """An alert this actor may read (None otherwise, as for no such alert)."""
    return session.scalar(
        readable(actor)
        .where(Alert.id == alert_id)
        .options(
            selectinload(Alert.policy),
            selectinload(Alert.subject),
            selectinload(Alert.steps),
        )
    )


def of_subject(session: Session, actor: Actor, subject_id: int) -> list[Alert]:
    """A person's alerts, open ones first, newest first."""
    found = session.scalars(
        readable(actor)
        .where(Alert.subject_id == subject_id)
        .options(selectinload(Alert.policy), selectinload(Alert.plan).selectinload(Plan.actions))
        .order_by(Alert.raised_at.desc(), Alert.id.desc())
    ).all()
    return sorted(found, key=lambda a: not a.is_open)


def visible_items(session: Session, actor: Actor, alert: Alert) -> list[AlertItem]:
    """What the alert holds on cases this actor may open: nothing else, and no count of
    what is left out."""
    return list(
        session.scalars(
            select(AlertItem)
            .join(Case, Case.id == AlertItem.case_id)
            .where(AlertItem.alert_id == alert.id, visible_to(actor))
            .options(selectinload(AlertItem.case), selectinload(AlertItem.allegation))
            .order_by(Case.received_on.desc(), AlertItem.id)
        )
    )


def available(actor: Actor, alert: Alert) -> list[Step]:
    """The steps this actor may take on the alert now (plans have their own pages)."""
    if not may_act(actor, alert):
        return []
    return [step for step in STEPS.values() if alert.state in step.sources]


def take(
    session: Session, actor: Actor, alert: Alert, name: str, note: str, now: dt.datetime
) -> Alert:
    """One step of the alert's lifecycle, recorded with its note."""
    audit.acting(session, actor, now)
    step = STEPS.get(name)
    if step is None:
        raise AlertRefused("There is no such step")
    if not may_act(actor, alert):
        raise AlertRefused("Only the appropriate authority for the force works its alerts")
    if alert.state not in step.sources:
        raise AlertRefused(f"The alert is {alert.state.label.lower()}: it cannot be moved on so")
    note = clean_note(note, step.note_required, step.note_label)
    move(session, actor, alert, step.target, note, now)
    if step.target in (S.NO_ACTION, S.FALSE_POSITIVE):
        alert.closed_reason = note
    session.flush()
    return alert


def clean_note(note: str, required: bool, label: str) -> str | None:
    note = (note or "").strip()
    if required and not note:
        raise AlertRefused(f"Enter {label[0].lower() + label[1:]}", "note")
    if len(note) > MAX_NOTE:
        raise AlertRefused(too_long(label.replace(" (optional)", ""), MAX_NOTE), "note")
    return note or None


def move(
    session: Session,
    actor: Actor,
    alert: Alert,
    target: AlertState,
    note: str | None,
    now: dt.datetime,
) -> None:
    """Set the alert's state and keep the step in its history."""
    alert.steps.append(
        AlertStep(
            alert_id=alert.id,
            force_id=alert.force_id,
            from_state=alert.state,
            to_state=target,
            note=note,
            by_id=actor.user_id,
            taken_at=now,
        )
    )
    alert.state = target
    alert.updated_at = now
    if target not in OPEN_STATES:
        alert.closed_at = now


def waiting_for(actor: Actor, limit: int = 50) -> Select[tuple[Alert]]:
    """Open alerts whose next step is this person's: the policy tells their role (for the
    forces they decide for) or names them. Oldest first."""
    if not may_read(actor):
        return select(Alert).where(false())
    named = Alert.policy_id.in_(
        select(policy_recipients.c.policy_id).where(policy_recipients.c.user_id == actor.user_id)
    )
    by_role = Alert.policy_id.in_(select(Policy.id).where(Policy.notify_role == actor.role))
    return (
        select(Alert)
        .where(
            Alert.state.in_(OPEN_STATES),
            Alert.force_id.in_(sorted(actor.decides_for)),
            or_(named, by_role),
        )
        .options(selectinload(Alert.policy), selectinload(Alert.subject), selectinload(Alert.plan))
        .order_by(Alert.raised_at, Alert.id)
        .limit(limit)
    )
