"""Routes of early intervention and who may use them (see test_route_permissions): the
appropriate authority works alerts and plans; administrators set the policies."""

from __future__ import annotations

import datetime as dt

from complaints.auth.roles import Role
from complaints.intervention.models import (
    Alert,
    AlertState,
    Counts,
    Period,
    Plan,
    PlanAction,
    Policy,
)
from tests import factories
from tests.views.routes import R

AA = frozenset({R.APPROPRIATE_AUTHORITY})
ADMINS = frozenset({R.ADMIN})

ROUTES: dict[str, tuple[str, str, frozenset[Role] | str]] = {
    "intervention.index": ("GET", "/early-intervention/", AA),
    "intervention.alert": ("GET", "/early-intervention/alerts/{alert_id}", AA),
    "intervention.step": (
        "GET",
        "/early-intervention/alerts/{alert_id}/steps/close_no_action",
        AA,
    ),
    "intervention.agree_plan": ("GET", "/early-intervention/alerts/{alert_id}/plan", AA),
    "intervention.add_action": ("GET", "/early-intervention/plans/{plan_id}/actions/new", AA),
    "intervention.action_done": (
        "GET",
        "/early-intervention/plans/{plan_id}/actions/{plan_action_id}/done",
        AA,
    ),
    "intervention.policy_list": ("GET", "/early-intervention/policies", ADMINS),
    "intervention.new_policy": ("GET", "/early-intervention/policies/new", ADMINS),
    "intervention.edit_policy": ("GET", "/early-intervention/policies/{policy_id}", ADMINS),
}
NOT_FOUND_FOR: dict[str, frozenset[Role]] = {}


def objects(db, world) -> dict:
    """An alert with a plan being followed, about an officer of the first force."""
    officer = factories.subject(db, family_name="Routes")
    now = factories.NOW
    policy = Policy(
        force_id=officer.force_id,
        name="Routes policy",
        counts=Counts.ALLEGATIONS,
        threshold=3,
        period=Period.MONTHS,
        period_months=12,
        notify_role=R.APPROPRIATE_AUTHORITY,
        created_at=now,
        updated_at=now,
    )
    db.add(policy)
    db.flush()
    alert = Alert(
        force_id=officer.force_id,
        policy_id=policy.id,
        subject_id=officer.id,
        state=AlertState.PLAN_AGREED,
        counted=3,
        raised_at=now,
        updated_at=now,
    )
    db.add(alert)
    db.flush()
    plan = Plan(
        alert_id=alert.id,
        force_id=officer.force_id,
        subject_id=officer.id,
        summary="Coaching",
        agreed_on=dt.date(2026, 11, 1),
        created_at=now,
        updated_at=now,
    )
    db.add(plan)
    db.flush()
    action = PlanAction(
        plan_id=plan.id,
        force_id=officer.force_id,
        description="Coaching sessions",
        owner="Insp. Reed",
        due_on=dt.date(2026, 12, 1),
        created_at=now,
    )
    db.add(action)
    db.commit()
    return {
        "alert_id": alert.id,
        "plan_id": plan.id,
        "plan_action_id": action.id,
        "policy_id": policy.id,
    }
