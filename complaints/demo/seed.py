"""Demo data: two years of a fictional force's complaints, for demos, training and testing.

A demo is only convincing, and manual testing only useful, if the database looks like a
real Professional Standards Department's: every state of the lifecycle in use, the
national category mix, realistic timings, reviews, misconduct outcomes and learning. So
every case here is made through the same services and workflow steps that users drive
(``log_case``, ``record_contact``, ``workflow.apply`` ...), as the people whose role
allows each step, and it carries the same audit trail as real casework. Severity
assessments, conduct outcomes and learning items have no service yet and are added
directly.

How it works: the force's staff and subjects are made first (``people``, in a ``world``
shared by everything after). Each case is then *planned* in plain Python (``plans``):
what it is about (``intake``), its route (``choices``) and the dated steps it takes
along it (``lifecycle``, ``timeline``, ``conduct``, ``outcomes``), cut off at the end of
``today`` so that recent cases stay open wherever they had got to. The plans are played
through the services in the order the cases were logged (``playback``, ``steps``), and
learning is drawn from the result (``learning``). All randomness comes from one
``random.Random(seed)`` and all times from ``today`` (``chance``): the same seed and the
same day give the same data. The shares and durations are the knobs in ``tuning``.

This module is the public face and the order of work; the rest lives in those modules.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from complaints.auth.models import User
from complaints.cases.choices import CaseState
from complaints.cases.models import Allegation, Case
from complaints.common import audit
from complaints.demo.learning import add_learning
from complaints.demo.oversight import add_oversight
from complaints.demo.plans import plan_cases
from complaints.demo.playback import play
from complaints.demo.tuning import DEMO_EMAIL_DOMAIN, DEMO_PASSWORD, STAFF
from complaints.demo.world import World
from complaints.subjects.models import Subject

__all__ = ["DEMO_EMAIL_DOMAIN", "DEMO_PASSWORD", "SeedRefused", "SeedSummary", "seed"]


@dataclass
class SeedSummary:
    users: list[tuple[str, str, str]]  # (role label, full name, email), by role; the first
    password: str  # of each role has the memorable email (handler@demo.example, aa@...)
    cases: int
    subjects: int
    allegations: int
    by_state: dict[str, int]


class SeedRefused(Exception):
    """The database already holds data; the message is for the operator."""


def seed(
    session: Session,
    *,
    today: dt.date,
    seed: int = 2026,
    cases: int = 2000,
    progress: Callable[[int], None] | None = None,
) -> SeedSummary:
    """Fill an empty, migrated database with Northshire Police's last two years.

    Flushes as it goes; the caller commits. ``progress`` is called with 1 per case made.
    """
    _refuse_if_in_use(session)
    previous_actor = audit.current_actor(session)
    try:
        world = World.create(session, random.Random(seed), today)
        play(world, plan_cases(world, cases), progress)
        add_learning(world)
        add_oversight(world)
    finally:
        audit.act_as(session, previous_actor)  # the caller's writes are the caller's again
    return _summarise(session)


def _refuse_if_in_use(session: Session) -> None:
    users = session.scalar(select(func.count()).select_from(User))
    cases = session.scalar(select(func.count()).select_from(Case))
    if users or cases:
        raise SeedRefused(
            f"The database already holds {users} user account(s) and {cases} case(s). "
            "Demo data is only added to an empty database, so that it can never mix "
            "with real casework."
        )


def _summarise(session: Session) -> SeedSummary:
    order = {role: index for index, (role, *_rest) in enumerate(STAFF)}
    users = sorted(session.scalars(select(User)), key=lambda u: (order[u.role], u.id))
    counts = dict(session.execute(select(Case.state, func.count()).group_by(Case.state)).all())
    return SeedSummary(
        users=[(u.role.label, u.full_name, u.email) for u in users],
        password=DEMO_PASSWORD,
        cases=session.scalar(select(func.count()).select_from(Case)) or 0,
        subjects=session.scalar(select(func.count()).select_from(Subject)) or 0,
        allegations=session.scalar(select(func.count()).select_from(Allegation)) or 0,
        by_state={state.value: counts.get(state, 0) for state in CaseState},
    )
