"""The one context a seed run passes around, and how it acts as a member of staff.

One object rather than module globals, so that two runs never share state and every
planner takes its randomness and its "today" from the same place.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from complaints.auth.models import User
from complaints.common import audit
from complaints.common.actor import Actor
from complaints.common.clock import LONDON
from complaints.demo import chance
from complaints.demo.forces import DemoForce, add_forces
from complaints.demo.people import (
    IdentityChange,
    Names,
    Staff,
    add_staff,
    add_subjects,
)
from complaints.demo.tuning import HISTORY_DAYS, SOURCE
from complaints.reference.models import AllegationCategory


def _actor(user: User) -> Actor:
    return Actor.of(user, SOURCE)


@dataclass
class World:
    """What planning and playing share: the session, the dice, the calendar and the cast."""

    session: Session
    rng: random.Random
    today: dt.date
    start: dt.datetime  # the forces' records begin: staff and subjects exist from here
    horizon: dt.datetime  # the end of today: nothing happens later
    system: Actor
    categories: dict[str, int]  # code -> id
    people: Names
    forces: list[DemoForce] = field(init=False)  # the first is the installation's own
    staff: Staff = field(init=False)
    identity_changes: list[IdentityChange] = field(init=False)

    @classmethod
    def create(cls, session: Session, rng: random.Random, today: dt.date, forces: int = 1) -> World:
        start_day = today - dt.timedelta(days=HISTORY_DAYS + 30)
        world = cls(
            session=session,
            rng=rng,
            today=today,
            start=chance.moment(start_day, rng),
            horizon=dt.datetime.combine(today, dt.time(23, 59), LONDON).astimezone(dt.UTC),
            system=Actor.system(SOURCE),
            categories=dict(
                session.execute(
                    select(AllegationCategory.code, AllegationCategory.id).where(
                        AllegationCategory.active.is_(True)
                    )
                ).all()
            ),
            people=Names(rng),
        )
        world.forces = add_forces(session, world.system, forces, world.start)
        world.staff = add_staff(world)
        world.identity_changes = []
        for force in world.forces:
            force.pool, changes = add_subjects(world, force)
            world.identity_changes += changes
        world.identity_changes.sort(key=lambda c: (c.on, c.subject_id))
        return world

    def act(self, user: User, at: dt.datetime) -> Actor:
        """Work as this user at this moment: the audit trail records both.

        Services do this themselves; it matters for the rows the seeder adds directly
        (severity assessments, conduct outcomes, learning items), which have no service.
        """
        actor = _actor(user)
        audit.acting(self.session, actor, at)
        return actor
