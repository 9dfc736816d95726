"""Early-intervention policies, set by an administrator for each force: a name, what counts,
the threshold, the period, and who is told.

For example "3 or more allegations in 12 months" (allegations, threshold 3, 12 months),
"2 discriminatory-behaviour allegations in 24 months" (the F categories, 2, 24 months),
"any allegation while on a plan" (1, while on a plan) and "top 1% of officers by
allegations this year" (top 1%, this calendar year).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from complaints.auth.models import User
from complaints.auth.permissions import Permission, role_can
from complaints.common import audit
from complaints.common.actor import Actor
from complaints.common.limits import too_long
from complaints.common.roles import Role
from complaints.forces.models import ForceMembership
from complaints.intervention.alerts import AlertRefused
from complaints.intervention.models import Counts, Period, Policy
from complaints.reference.models import AllegationCategory

MAX_NAME = 120
# Who may be told: the roles that work alerts.
NOTIFIED_ROLES = tuple(r for r in Role if role_can(r, Permission.EARLY_INTERVENTION))


@dataclass(frozen=True)
class PolicyData:
    force_id: int
    name: str
    counts: Counts
    threshold: int
    period: Period
    period_months: int | None = None
    top_percent: int | None = None
    category_ids: tuple[int, ...] = ()
    notify_role: Role | None = None
    recipient_ids: tuple[int, ...] = ()
    active: bool = True


def of_forces(session: Session, force_ids: list[int]) -> list[Policy]:
    return list(
        session.scalars(
            select(Policy)
            .where(Policy.force_id.in_(force_ids))
            .order_by(Policy.force_id, Policy.name)
        )
    )


def may_manage(actor: Actor, force_id: int) -> bool:
    return role_can(actor.role, Permission.MANAGE_INTERVENTION_POLICIES) and (
        force_id in actor.forces
    )


def people_to_tell(session: Session, force_id: int) -> list[User]:
    """The active people who work alerts for the force, who a policy may name."""
    return list(
        session.scalars(
            select(User)
            .join(ForceMembership, ForceMembership.user_id == User.id)
            .where(
                ForceMembership.force_id == force_id,
                User.active.is_(True),
                User.role.in_(NOTIFIED_ROLES),
            )
            .order_by(User.full_name, User.id)
        )
    )


def _checked(session: Session, actor: Actor, data: PolicyData, policy: Policy | None):
    if not may_manage(actor, data.force_id):
        raise AlertRefused("Only an administrator of the force sets its policies")
    name = " ".join((data.name or "").split())
    if not name:
        raise AlertRefused("Enter a name for the policy", "name")
    if len(name) > MAX_NAME:
        raise AlertRefused(too_long("The name", MAX_NAME), "name")
    same_name = select(Policy.id).where(
        Policy.force_id == data.force_id, func.lower(Policy.name) == name.lower()
    )
    if policy is not None:
        same_name = same_name.where(Policy.id != policy.id)
    if session.scalar(same_name.limit(1)) is not None:
        raise AlertRefused("The force already has a policy of that name", "name")
    if not 1 <= data.threshold <= 1000:
        raise AlertRefused("The threshold must be a whole number from 1 to 1,000", "threshold")
    if data.top_percent is not None and not 1 <= data.top_percent <= 50:
        raise AlertRefused("The top share must be a whole number from 1 to 50", "top_percent")
    months = data.period_months if data.period == Period.MONTHS else None
    if data.period == Period.MONTHS and (months is None or not 1 <= months <= 120):
        raise AlertRefused("Enter the number of months, from 1 to 120", "period_months")
    if data.category_ids and data.counts != Counts.ALLEGATIONS:
        raise AlertRefused(
            "Categories can be chosen only for a policy counting allegations", "category_ids"
        )
    categories = [session.get(AllegationCategory, cid) for cid in dict.fromkeys(data.category_ids)]
    if any(c is None for c in categories):
        raise AlertRefused("Choose categories from the list", "category_ids")
    allowed = {u.id: u for u in people_to_tell(session, data.force_id)}
    if any(uid not in allowed for uid in data.recipient_ids):
        raise AlertRefused("Choose people from the list", "recipient_ids")
    if data.notify_role is not None and data.notify_role not in NOTIFIED_ROLES:
        raise AlertRefused("Choose who is told from the list", "notify_role")
    if data.notify_role is None and not data.recipient_ids:
        raise AlertRefused("Choose who is told: a role, or people by name", "notify_role")
    return name, months, categories, [allowed[uid] for uid in dict.fromkeys(data.recipient_ids)]


def create(session: Session, actor: Actor, data: PolicyData, now: dt.datetime) -> Policy:
    audit.acting(session, actor, now)
    name, months, categories, recipients = _checked(session, actor, data, None)
    policy = Policy(
        force_id=data.force_id,
        name=name,
        counts=data.counts,
        threshold=data.threshold,
        top_percent=data.top_percent,
        period=data.period,
        period_months=months,
        notify_role=data.notify_role,
        active=data.active,
        created_at=now,
        updated_at=now,
    )
    policy.categories = categories
    policy.recipients = recipients
    session.add(policy)
    session.flush()
    return policy


def update(
    session: Session, actor: Actor, policy: Policy, data: PolicyData, now: dt.datetime
) -> Policy:
    """Change a policy. Alerts it raised keep what they hold; the next scan counts anew."""
    audit.acting(session, actor, now)
    if data.force_id != policy.force_id:
        raise AlertRefused("A policy stays with its force")
    name, months, categories, recipients = _checked(session, actor, data, policy)
    policy.name = name
    policy.counts = data.counts
    policy.threshold = data.threshold
    policy.top_percent = data.top_percent
    policy.period = data.period
    policy.period_months = months
    policy.notify_role = data.notify_role
    policy.active = data.active
    policy.categories = categories
    policy.recipients = recipients
    policy.updated_at = now
    session.flush()
    return policy


def describe(policy: Policy) -> str:
    """The policy in words: "3 or more allegations (F1, F2) in 12 months"."""
    what = policy.counts.label.lower()
    if policy.categories:
        what += " (" + ", ".join(c.code for c in policy.categories) + ")"
    if policy.top_percent is not None:
        rule = f"the top {policy.top_percent}% of officers by {what}"
        if policy.threshold > 1:
            rule += f", with at least {policy.threshold}"
    elif policy.threshold == 1:
        rule = f"any {what[:-1] if what.endswith('s') else what}"
        if policy.categories:
            rule = f"any of {what}"
    else:
        rule = f"{policy.threshold} or more {what}"
    if policy.period == Period.MONTHS:
        words = f"{rule} in {policy.period_months} months"
    elif policy.period == Period.THIS_YEAR:
        words = f"{rule} this calendar year"
    else:
        words = f"{rule} while on an intervention plan"
    return words[0].upper() + words[1:]
