"""Demo data: two years of a joint PSD's complaints for three fictional forces, for demos,
training and testing.

A demo is only convincing, and manual testing only useful, if the database looks like a
real Professional Standards Department's: every state of the lifecycle in use, the
national category mix, realistic timings, reviews, misconduct outcomes and learning. So
every case here is made through the same services and workflow steps that users drive
(``log_case``, ``record_contact``, ``workflow.apply`` ...), as the people whose role
allows each step, and it carries the same audit trail as real casework. Severity
assessments, conduct outcomes and learning items have no service yet and are added
directly.

How it works: the forces (``forces``: the installation's own, Northshire Police, and two
more unless ``forces=1``), their staff and their subjects are made first (``people``, in a
``world`` shared by everything after). The PSD's people work for every force; each force
has its own OPCC, board, officers and chief constable, and its share of the cases, each
force's numbered from 1 and, with several forces, carrying its code (NOR-CO/2026/00001).
Each case is then *planned* in plain Python (``plans``): what it is about (``intake``),
its route (``choices``) and the dated steps it takes along it (``lifecycle``,
``timeline``, ``conduct``, ``outcomes``), cut off at the end of ``today`` so that recent
cases stay open wherever they had got to. The plans are played
through the services in the order the cases were logged (``playback``, ``steps``), and
learning is drawn from the result (``learning``), and each force's early-intervention
policies are set and scanned for (``intervention``), and HR's protected characteristics
of officers and staff and each force's workforce profile are added (``workforce``). All
randomness comes from one ``random.Random(seed)`` (the workforce's from one of its own,
drawn from the same seed) and all times from ``today`` (``chance``): the same seed and the
same day give the same data. The shares and durations are the knobs in ``tuning``.

This module is the public face and the order of work; the rest lives in those modules.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from complaints.auth.models import User
from complaints.cases.choices import CaseState
from complaints.cases.models import Allegation, Case
from complaints.common import audit
from complaints.demo.intervention import add_early_intervention
from complaints.demo.learning import add_learning
from complaints.demo.online import add_online_submissions
from complaints.demo.oversight import add_oversight
from complaints.demo.plans import plan_cases
from complaints.demo.playback import play
from complaints.demo.reports import publish_last_month
from complaints.demo.tuning import DEMO_EMAIL_DOMAIN, DEMO_PASSWORD, FORCES, STAFF
from complaints.demo.workforce import add_workforce
from complaints.demo.world import World
from complaints.forces.models import Force
from complaints.reports.generation import PageMaker
from complaints.subjects.models import Subject

__all__ = [
    "DEMO_EMAIL_DOMAIN",
    "DEMO_PASSWORD",
    "DemoLogin",
    "SeedRefused",
    "SeedSummary",
    "demo_logins",
    "seed",
]


@dataclass(frozen=True)
class DemoLogin:
    """A memorable demo sign-in (handler@demo.example, reviewer.eastmere@demo.example)."""

    role: str  # the role's label
    email: str
    name: str
    forces: str  # the forces they work for, or "" when the installation has one force


@dataclass
class SeedSummary:
    users: list[tuple[str, str, str]]  # (role label, full name, email), by role; the first
    password: str  # of each role has the memorable email (handler@demo.example, aa@...)
    cases: int
    subjects: int
    allegations: int
    by_state: dict[str, int]
    forces: list[tuple[str, str, int]] = field(default_factory=list)  # (code, name, cases)
    logins: list[DemoLogin] = field(default_factory=list)  # the memorable sign-ins


class SeedRefused(Exception):
    """The database already holds data; the message is for the operator."""


def seed(
    session: Session,
    *,
    today: dt.date,
    seed: int = 2026,
    cases: int = 2000,
    forces: int = len(FORCES),
    progress: Callable[[int], None] | None = None,
    files_dir: str | Path | None = None,
    threshold: int = 5,
    page: PageMaker | None = None,
) -> SeedSummary:
    """Fill an empty, migrated database with the last two years of a joint PSD working
    for ``forces`` forces (1: Northshire Police alone, as an installation of one force).

    Flushes as it goes; the caller commits. ``progress`` is called with 1 per case made.
    Given ``files_dir`` (where documents are kept), last month's board report is signed off
    and published there too, with ``threshold`` as its small-count threshold, and ``page``
    to make each version's kept web page (``reports.views.pages.kept_page``).
    """
    if not 1 <= forces <= len(FORCES):
        raise ValueError(f"The demo has 1 to {len(FORCES)} forces")
    _refuse_if_in_use(session)
    previous_actor = audit.current_actor(session)
    try:
        world = World.create(session, random.Random(seed), today, forces)
        play(world, plan_cases(world, cases), progress)
        add_learning(world)
        add_oversight(world)
        add_early_intervention(world)
        add_online_submissions(world)
        add_workforce(world, seed)
        if files_dir is not None:
            publish_last_month(world, files_dir, threshold, page)
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


def demo_logins(session: Session) -> list[DemoLogin]:
    """The active memorable demo sign-ins, by role, with the forces each works for."""
    order = {role: index for index, (role, *_rest) in enumerate(STAFF)}
    users = session.scalars(
        select(User).where(User.email.endswith("@" + DEMO_EMAIL_DOMAIN), User.active.is_(True))
    ).all()
    forces = dict(session.execute(select(Force.id, Force.name).order_by(Force.id)).all())

    def works_for(user: User) -> str:
        ids = [m.force_id for m in user.memberships]
        if len(forces) < 2:
            return ""
        if len(ids) == len(forces):
            return "all forces"
        return ", ".join(forces[i] for i in ids) or "no force"

    return [
        DemoLogin(u.role.label, u.email, u.full_name, works_for(u))
        for u in sorted(users, key=lambda u: (order[u.role], u.id))
    ]


def _summarise(session: Session) -> SeedSummary:
    order = {role: index for index, (role, *_rest) in enumerate(STAFF)}
    users = sorted(session.scalars(select(User)), key=lambda u: (order[u.role], u.id))
    counts = dict(session.execute(select(Case.state, func.count()).group_by(Case.state)).all())
    by_force = dict(
        session.execute(select(Case.force_id, func.count()).group_by(Case.force_id)).all()
    )
    forces = session.execute(select(Force.id, Force.code, Force.name).order_by(Force.id)).all()
    return SeedSummary(
        users=[(u.role.label, u.full_name, u.email) for u in users],
        password=DEMO_PASSWORD,
        cases=session.scalar(select(func.count()).select_from(Case)) or 0,
        subjects=session.scalar(select(func.count()).select_from(Subject)) or 0,
        allegations=session.scalar(select(func.count()).select_from(Allegation)) or 0,
        by_state={state.value: counts.get(state, 0) for state in CaseState},
        forces=[(code, name, by_force.get(force_id, 0)) for force_id, code, name in forces],
        logins=demo_logins(session),
    )
