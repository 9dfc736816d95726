"""Planning the cases: when each is received, what happens to it, and where today finds it.

Plans are made in plain Python, all before any case is logged, so that the whole set
can be checked and adjusted first: a few complaints about the chief constable and some
restricted cases are put in, and finalised complaints are swapped for ones ending in any
state the draw left short, so that every state of the lifecycle can be demonstrated.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from complaints.auth.models import User
from complaints.cases import services as casework
from complaints.cases.choices import INVESTIGATION_STATES, CaseState, CaseType
from complaints.common import workdays
from complaints.demo import chance, intake
from complaints.demo.choices import STATE_PINS, Choices, draw_cast, draw_choices
from complaints.demo.forces import split
from complaints.demo.lifecycle import Script
from complaints.demo.timeline import Step
from complaints.demo.tuning import (
    CASE_TYPE_WEIGHTS,
    CHIEF_CONSTABLE_COMPLAINTS,
    HISTORY_DAYS,
    LONG_INVESTIGATION_DAYS,
    MIN_CASES_PER_STATE,
    RESTRICTED_CASES,
    WORKING_DAYS_TO_LOG,
    Route,
)

if TYPE_CHECKING:
    from complaints.demo.forces import DemoForce
    from complaints.demo.world import World


@dataclass
class Plan:
    """One case ready to play: what to log, by whom and when, then its dated steps."""

    force: DemoForce
    new_case: casework.NewCase
    author: User
    logged_at: dt.datetime
    steps: list[Step]
    state: CaseState  # where the case is at the end of today
    choices: Choices

    @property
    def special(self) -> bool:
        return self.choices.about_chief or self.choices.restricted


def plan_cases(world: World, count: int) -> list[Plan]:
    """Every case's plan, in the order the cases were logged: each force's share of them,
    each force with its own complaints about its chief constable, restricted cases and
    every state of the lifecycle."""
    plans: list[Plan] = []
    for force, share in zip(world.forces, split(count, world.forces), strict=True):
        plans += _plan_force(world, force, share)
    plans.sort(key=lambda p: (p.logged_at, p.new_case.received_on))
    return plans


def _plan_force(world: World, force: DemoForce, count: int) -> list[Plan]:
    rng = world.rng
    plans = [
        _plan_case(
            world,
            force,
            draw_choices(rng, chance.weighted(rng, CASE_TYPE_WEIGHTS)),
            received_on,
        )
        for received_on in _received_dates(world, count)
    ]
    _add_special_complaints(world, force, plans)
    _cover_every_state(world, force, plans)
    _add_long_investigation(world, force, plans)
    return plans


def _received_dates(world: World, count: int) -> list[dt.date]:
    """Fewer at weekends, slowly rising over the two years (as national volumes do)."""
    days = [world.today - dt.timedelta(days=back) for back in range(HISTORY_DAYS)]
    weights = [
        (0.5 if day.weekday() >= 5 else 1.0) * (1.1 - 0.2 * back / HISTORY_DAYS)
        for back, day in enumerate(days)
    ]
    return sorted(world.rng.choices(days, weights=weights, k=count))


def _add_special_complaints(world: World, force: DemoForce, plans: list[Plan]) -> None:
    """Complaints about the chief constable (the PCC is the AA) and restricted cases."""
    rng = world.rng
    complaints = [i for i, p in enumerate(plans) if p.choices.case_type == CaseType.COMPLAINT]
    if not complaints:
        return
    chief_slots = {
        complaints[int(at * (len(complaints) - 1))]: route
        for at, route in CHIEF_CONSTABLE_COMPLAINTS
    }
    for index in sorted(chief_slots):
        choices = replace(
            plans[index].choices,
            route=chief_slots[index],
            review=None,
            reopened=False,
            about_chief=True,
        )
        plans[index] = _plan_case(world, force, choices, plans[index].new_case.received_on)
    others = [i for i in complaints if i not in chief_slots]
    restricted = max(1, round(RESTRICTED_CASES * force.share))
    for index in rng.sample(others, min(restricted, len(others))):
        route = rng.choice((Route.OTHERWISE, Route.INVESTIGATION))
        choices = replace(plans[index].choices, route=route, restricted=True)
        plans[index] = _plan_case(world, force, choices, plans[index].new_case.received_on)


def _cover_every_state(world: World, force: DemoForce, plans: list[Plan]) -> None:
    """Swap finalised complaints for ones that end in any state the draw left short."""
    rng = world.rng
    least = max(1, round(MIN_CASES_PER_STATE * force.scale))
    for state in CaseState:
        short = least - sum(p.state == state for p in plans)
        donors = [
            i
            for i, p in enumerate(plans)
            if p.state == CaseState.FINALISED
            and p.choices.case_type == CaseType.COMPLAINT
            and not p.special
        ]
        for index in rng.sample(donors, max(0, min(short, len(donors) - least))):
            plan = _plan_ending_in(world, force, state)
            if plan is not None:
                plans[index] = plan


def _add_long_investigation(world: World, force: DemoForce, plans: list[Plan]) -> None:
    """If the draw left the force no investigation open for a year or more, swap a
    finalised complaint for one: its 12-month report shows on the OPCC's pages."""
    oldest = world.today - dt.timedelta(days=LONG_INVESTIGATION_DAYS)

    def long_open(plan: Plan) -> bool:
        return (
            plan.state in INVESTIGATION_STATES
            and plan.new_case.received_on <= oldest
            and not plan.special
        )

    if any(long_open(p) for p in plans):
        return
    donors = [
        i
        for i, p in enumerate(plans)
        if p.state == CaseState.FINALISED
        and p.choices.case_type == CaseType.COMPLAINT
        and not p.special
    ]
    if not donors:
        return
    rng = world.rng
    index = rng.choice(donors)
    choices = replace(
        draw_choices(rng, CaseType.COMPLAINT),
        route=Route.INVESTIGATION,
        suspended=True,
        unreachable=False,
    )
    for back in range(LONG_INVESTIGATION_DAYS, HISTORY_DAYS):
        plan = _plan_case(world, force, choices, world.today - dt.timedelta(days=back))
        if long_open(plan):
            plans[index] = plan
            return


def _plan_ending_in(world: World, force: DemoForce, state: CaseState) -> Plan | None:
    """A complaint that is in ``state`` today: received as recently as that allows."""
    choices = replace(draw_choices(world.rng, CaseType.COMPLAINT), **STATE_PINS[state])
    for back in range(HISTORY_DAYS):
        plan = _plan_case(world, force, choices, world.today - dt.timedelta(days=back))
        if plan.state == state:
            return plan
    return None


def _plan_case(world: World, force: DemoForce, choices: Choices, received_on: dt.date) -> Plan:
    rng = world.rng
    new_case = intake.new_case(world, force, choices, received_on)
    cast = draw_cast(world, force, choices, new_case.division_id)
    author = cast.handler if choices.case_type == CaseType.COMPLAINT else cast.aa
    if choices.case_type == CaseType.COMPLAINT and not choices.about_chief:
        new_case = replace(new_case, handler_id=cast.handler.id)
    logged_on = min(
        workdays.add(received_on, chance.weighted(rng, WORKING_DAYS_TO_LOG)), world.today
    )
    logged_at = chance.moment(logged_on, rng)
    script = Script(world, force, choices, new_case, cast, logged_at)
    script.write()
    return Plan(force, new_case, author, logged_at, script.t.steps, script.t.state, choices)
