"""An intervention plan: agreed after the supervisor's review, a list of actions each with
an owner and a due date, followed to done. When the last action is done the plan is
complete and its alert resolved."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, selectinload

from complaints.common import audit
from complaints.common.actor import Actor
from complaints.common.clock import london_date
from complaints.common.limits import too_long
from complaints.intervention.alerts import AlertRefused, clean_note, may_act, move
from complaints.intervention.models import Alert, AlertState, Plan, PlanAction

MAX_SUMMARY = 2000
MAX_OWNER = 120


@dataclass(frozen=True)
class ActionData:
    description: str
    owner: str
    due_on: dt.date


@dataclass(frozen=True)
class PlanData:
    summary: str
    agreed_on: dt.date
    first_action: ActionData


def _may(actor: Actor, alert: Alert) -> None:
    if not may_act(actor, alert):
        raise AlertRefused("Only the appropriate authority for the force agrees and follows plans")


def _action(plan: Plan, data: ActionData, now: dt.datetime) -> PlanAction:
    description = clean_note(data.description, True, "What is to be done")
    owner = (data.owner or "").strip()
    if not owner:
        raise AlertRefused("Enter who will do it", "owner")
    if len(owner) > MAX_OWNER:
        raise AlertRefused(too_long("Who will do it", MAX_OWNER), "owner")
    if data.due_on < plan.agreed_on:
        raise AlertRefused("The due date must be on or after the day the plan was agreed", "due_on")
    return PlanAction(
        plan_id=plan.id,
        force_id=plan.force_id,
        description=description,
        owner=owner,
        due_on=data.due_on,
        created_at=now,
    )


def agree(session: Session, actor: Actor, alert: Alert, data: PlanData, now: dt.datetime) -> Plan:
    """The plan agreed with the supervisor, with its first action: the alert moves to
    "plan agreed"."""
    audit.acting(session, actor, now)
    _may(actor, alert)
    if alert.state != AlertState.SUPERVISOR_REVIEW:
        raise AlertRefused("A plan is agreed after the supervisor's review")
    summary = (data.summary or "").strip()
    if not summary:
        raise AlertRefused("Enter what the plan is for", "summary")
    if len(summary) > MAX_SUMMARY:
        raise AlertRefused(too_long("What the plan is for", MAX_SUMMARY), "summary")
    if data.agreed_on > london_date(now):
        raise AlertRefused("The date agreed must be today or in the past", "agreed_on")
    plan = Plan(
        alert_id=alert.id,
        force_id=alert.force_id,
        subject_id=alert.subject_id,
        summary=summary,
        agreed_on=data.agreed_on,
        agreed_by_id=actor.user_id,
        created_at=now,
        updated_at=now,
    )
    session.add(plan)
    session.flush()
    plan.actions.append(_action(plan, data.first_action, now))
    move(session, actor, alert, AlertState.PLAN_AGREED, summary, now)
    session.flush()
    return plan


def add_action(
    session: Session, actor: Actor, plan: Plan, data: ActionData, now: dt.datetime
) -> PlanAction:
    """Another action on a plan still being followed."""
    audit.acting(session, actor, now)
    _may(actor, plan.alert)
    if plan.completed_at is not None:
        raise AlertRefused("The plan is complete: no more actions can be added")
    action = _action(plan, data, now)
    plan.actions.append(action)
    plan.updated_at = now  # a change to the plan: its version moves on
    session.flush()
    return action


def complete_action(
    session: Session,
    actor: Actor,
    action: PlanAction,
    done_on: dt.date,
    note: str,
    now: dt.datetime,
) -> Plan:
    """Mark an action done; the last one done completes the plan and resolves the alert."""
    audit.acting(session, actor, now)
    plan = action.plan
    _may(actor, plan.alert)
    if action.done_on is not None:
        raise AlertRefused("This action is already done")
    if done_on < plan.agreed_on or done_on > london_date(now):
        raise AlertRefused(
            "The date it was done must be on or after the plan was agreed, and not in the future",
            "done_on",
        )
    action.done_on = done_on
    action.done_by_id = actor.user_id
    action.done_note = clean_note(note, False, "Note (optional)")
    plan.updated_at = now
    session.flush()
    if all(a.done_on is not None for a in plan.actions):
        plan.completed_at = now
        move(session, actor, plan.alert, AlertState.RESOLVED, "Plan complete", now)
    session.flush()
    return plan


def being_followed(force_ids: list[int]) -> Select[tuple[Plan]]:
    """The plans not yet complete in these forces, the oldest agreed first."""
    return (
        select(Plan)
        .join(Alert, Alert.id == Plan.alert_id)
        .where(Plan.force_id.in_(force_ids), Plan.completed_at.is_(None))
        .options(selectinload(Plan.subject), selectinload(Plan.actions), selectinload(Plan.alert))
        .order_by(Plan.agreed_on, Plan.id)
    )
