"""Early intervention in the demo: each force's administrator sets the four example
policies of domain.md A11, the nightly scan runs over the two years of cases, and the
appropriate authority has taken the first force's oldest alert through its review to an
agreed plan, with one action done and one to do, and closed another as a false positive."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from complaints.auth.models import User
from complaints.auth.roles import Role
from complaints.demo.world import World
from complaints.intervention import alerts, plans, policies, scan
from complaints.intervention.models import Alert, AlertState, Counts, Period
from complaints.reference.models import AllegationCategory

# name, threshold, period, months, top share, categories (code prefix)
EXAMPLES = (
    ("3 or more allegations in 12 months", 3, Period.MONTHS, 12, None, None),
    ("2 discriminatory-behaviour allegations in 24 months", 2, Period.MONTHS, 24, None, "F"),
    ("Any allegation while on a plan", 1, Period.ON_PLAN, None, None, None),
    ("Top 1% of officers by allegations this year", 1, Period.THIS_YEAR, None, 1, None),
)


def add_early_intervention(world: World) -> None:
    session = world.session
    now = world.horizon - dt.timedelta(hours=20)  # last night's scan
    admin = world.staff.by_role[Role.ADMIN][0]
    discriminatory = tuple(
        session.scalars(
            select(AllegationCategory.id).where(
                AllegationCategory.code.like("F%"), AllegationCategory.legacy.is_(False)
            )
        )
    )
    policy_day = world.start + dt.timedelta(days=1)
    for force in world.forces:
        for name, threshold, period, months, top, prefix in EXAMPLES:
            policies.create(
                session,
                world.act(admin, policy_day),
                policies.PolicyData(
                    force_id=force.id,
                    name=name,
                    counts=Counts.ALLEGATIONS,
                    threshold=threshold,
                    period=period,
                    period_months=months,
                    top_percent=top,
                    category_ids=discriminatory if prefix else (),
                    notify_role=Role.APPROPRIATE_AUTHORITY,
                ),
                policy_day,
            )
    scan.nightly(session, world.system, now)
    _work_the_oldest(world, now)


def _decider(world: World, force_id: int) -> User:
    return next(
        u
        for u in world.staff.of(Role.APPROPRIATE_AUTHORITY, force_id)
        if any(m.force_id == force_id and m.decides for m in u.memberships)
    )


def _work_the_oldest(world: World, night: dt.datetime) -> None:
    """The first force's two oldest alerts: one answered with a plan being followed, one
    closed as a false positive."""
    session = world.session
    force = world.forces[0]
    oldest = session.scalars(
        select(Alert)
        .where(Alert.force_id == force.id, Alert.state == AlertState.NEW)
        .order_by(Alert.counted.desc(), Alert.id)
        .limit(2)
    ).all()
    if not oldest:
        return
    aa = _decider(world, force.id)
    morning = night + dt.timedelta(hours=10)
    first = oldest[0]
    alerts.take(session, world.act(aa, morning), first, "start_review", "", morning)
    later = morning + dt.timedelta(hours=3)
    alerts.take(
        session,
        world.act(aa, later),
        first,
        "refer_to_supervisor",
        "Several complaints of incivility at the front counter within a few months.",
        later,
    )
    agreed = later + dt.timedelta(hours=2)
    today = world.today
    plan = plans.agree(
        session,
        world.act(aa, agreed),
        first,
        plans.PlanData(
            summary="Coaching on communication with the public, and a review of body-worn "
            "video with the officer's inspector.",
            agreed_on=today,
            first_action=plans.ActionData(
                "Two coaching sessions on de-escalation", "Inspector (line manager)", today
            ),
        ),
        agreed,
    )
    plans.add_action(
        session,
        world.act(aa, agreed),
        plan,
        plans.ActionData(
            "Review body-worn video from the last three months together",
            "Sergeant (supervisor)",
            today + dt.timedelta(days=28),
        ),
        agreed,
    )
    plans.complete_action(session, world.act(aa, agreed), plan.actions[0], today, "", agreed)
    if len(oldest) > 1:
        alerts.take(
            session,
            world.act(aa, agreed),
            oldest[1],
            "close_false_positive",
            "The allegations are one incident complained of by three people.",
            agreed,
        )
