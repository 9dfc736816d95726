"""The forces' people: staff accounts for every role, and the officers and staff that
cases are about.

The PSD's handlers and investigators and the administrators work for every force; the
first appropriate authority works and decides for all of them, each of the others for
one. Each force has its own OPCC reviewers, OPCC oversight and board members, and its own
officers and staff, chief constable and deputy.

Complaints cluster on a few people, in their own division, and people change collar
number, rank or surname over two years; so subjects are made up front with a heavy-tailed
propensity to be complained about, and their identity changes are planned here and
applied by ``playback`` as the calendar reaches them.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from complaints.auth import services as accounts
from complaints.auth import two_factor
from complaints.auth.models import User
from complaints.auth.roles import Role
from complaints.demo import chance, names
from complaints.demo.tuning import (
    CONTRACTOR_ROLES,
    DEMO_EMAIL_DOMAIN,
    DEMO_PASSWORD,
    DEMO_TOTP_SECRET,
    DEPUTY_PROPENSITY,
    FORCE_EMAIL_DOMAIN,
    HISTORY_DAYS,
    IDENTITY_CHANGES,
    LOCAL_SUBJECT_SHARE,
    OFFICER_DIVISIONS,
    OFFICER_RANKS,
    STAFF,
    STAFF_GRADES,
    SUBJECT_MIX,
    SUBJECT_PROPENSITY,
)
from complaints.forces.services import ONE_FORCE_ROLES
from complaints.subjects import services as subjects
from complaints.subjects.models import Subject, SubjectKind

if TYPE_CHECKING:
    from complaints.demo.forces import DemoForce
    from complaints.demo.world import World


@dataclass
class Staff:
    by_role: dict[Role, list[User]]
    # Who of each role works for each force (an appropriate authority decides for each).
    by_force: dict[tuple[Role, int], list[User]]

    def of(self, role: Role, force_id: int) -> list[User]:
        return self.by_force[(role, force_id)]

    def outside_investigator(self) -> User:
        """An investigator from another force, for complaints about the chief constable."""
        return next(u for u in self.by_role[Role.INVESTIGATOR] if u.external)

    def pick(
        self,
        rng: random.Random,
        role: Role,
        division_id: int | None = None,
        *,
        force_id: int | None = None,
    ) -> User:
        people = self.by_role[role] if force_id is None else self.of(role, force_id)
        local = [u for u in people if division_id is not None and u.division_id == division_id]
        return rng.choice(local or people)


@dataclass
class SubjectPool:
    """Named subjects to draw cases' subjects from, each with their own propensity."""

    by_division: dict[int, tuple[list[int], list[float]]]  # ids and cumulative weights
    everyone: tuple[list[int], list[float]]
    chief_constable: int
    senior: frozenset[int]  # above chief superintendent: an IOPC review limb (A7)

    def pick(self, rng: random.Random, division_id: int, count: int) -> list[int]:
        chosen: list[int] = []
        for _attempt in range(count * 20):
            local = self.by_division.get(division_id)
            ids, cumulative = (
                local if local and rng.random() < LOCAL_SUBJECT_SHARE else self.everyone
            )
            subject_id = rng.choices(ids, cum_weights=cumulative)[0]
            if subject_id not in chosen:
                chosen.append(subject_id)
            if len(chosen) == count:
                break
        return chosen


@dataclass(frozen=True)
class IdentityChange:
    on: dt.date
    subject_id: int
    details: subjects.IdentityDetails


class Names:
    """Unique fictional names: no two people in the forces share one."""

    def __init__(self, rng: random.Random):
        self.rng = rng
        self.used: set[tuple[str, str]] = set()

    def next(self) -> tuple[str, str]:
        while True:
            name = (self.rng.choice(names.GIVEN_NAMES), self.rng.choice(names.FAMILY_NAMES))
            if name not in self.used:
                self.used.add(name)
                return name


def add_staff(world: World) -> Staff:
    """Every role's people, role by role; each one-force role force by force."""
    forces = world.forces
    every = tuple(force.id for force in forces)
    by_role: dict[Role, list[User]] = {}
    by_force: dict[tuple[Role, int], list[User]] = {}
    for role, count, memorable, divisions in STAFF:
        teams = (
            [(force, max(1, round(count * force.scale))) for force in forces]
            if role in ONE_FORCE_ROLES
            else [(None, count)]
        )
        for force, how_many in teams:
            for index in range(how_many):
                given, family = world.people.next()
                if index == 0:
                    local_part = force.sign_in(memorable) if force else memorable
                    email = f"{local_part}@{DEMO_EMAIL_DOMAIN}"
                else:
                    domain = force.spec.email_domain if force else FORCE_EMAIL_DOMAIN
                    email = f"{given}.{family}@{domain}"
                decides_for = _decides_for(role, index, every)
                works_for = (force.id,) if force else every
                division_id = _posting(forces, divisions, index, decides_for)
                user = accounts.create_user(
                    world.session,
                    world.system,
                    accounts.NewUser(
                        email=email.lower(),
                        full_name=f"{given} {family}",
                        role=role,
                        password=DEMO_PASSWORD,
                        division_id=division_id,
                        force_ids=works_for,
                        decides_for=decides_for,
                        must_change_password=False,
                        # The last investigator comes from another force: the one who may
                        # investigate complaints about the chief constable.
                        external=role == Role.INVESTIGATOR and index == how_many - 1,
                    ),
                    world.start,
                )
                two_factor.enrol_with_secret(world.session, user, DEMO_TOTP_SECRET, world.start)
                by_role.setdefault(role, []).append(user)
                # An appropriate authority takes a force's cases only where they decide.
                for force_id in decides_for if decides_for is not None else works_for:
                    by_force.setdefault((role, force_id), []).append(user)
    return Staff(by_role, by_force)


def _posting(
    forces: list[DemoForce],
    divisions: Sequence[str],
    index: int,
    decides_for: tuple[int, ...] | None,
) -> int | None:
    """The division someone works from. The PSD's teams are posted to each force's
    divisions in turn (so each force's cases go to the team posted there); an appropriate
    authority to the headquarters of the force they decide for, or of the first force."""
    if not divisions:
        return None
    if decides_for is not None:
        force = next(f for f in forces if f.id == decides_for[0])
        return force.divisions.get(divisions[index % len(divisions)])
    posts = [(force, code) for force in forces for code in divisions]
    force, code = posts[index % len(posts)]
    return force.divisions.get(code)


def _decides_for(role: Role, index: int, every: tuple[int, ...]) -> tuple[int, ...] | None:
    """The first appropriate authority decides for every force, each other one for one
    force in turn (so every force has more than one), though they all work for every
    force, as a joint PSD's decision makers do; nobody else decides."""
    if role != Role.APPROPRIATE_AUTHORITY:
        return None
    return every if index == 0 else (every[(index - 1) % len(every)],)


class _Numbers:
    """Collar and staff numbers, each issued once."""

    def __init__(self, rng: random.Random):
        self.collars = iter(rng.sample(range(1000, 9000), 1000))
        self.specials = iter(rng.sample(range(9000, 10000), 200))
        self.staff = iter(rng.sample(range(10000, 100000), 1000))

    def collar(self) -> str:
        return str(next(self.collars))

    def special(self) -> str:
        return str(next(self.specials))

    def staff_number(self, prefix: str = "NS") -> str:
        return f"{prefix}{next(self.staff)}"


def add_subjects(world: World, force: DemoForce) -> tuple[SubjectPool, list[IdentityChange]]:
    """The force's share of the subjects, its chief constable and deputy, and the changes
    of identity planned for them."""
    rng, people, numbers = world.rng, world.people, _Numbers(world.rng)
    weights: dict[int, float] = {}
    divisions: dict[int, int | None] = {}
    made: list[tuple[Subject, subjects.IdentityDetails]] = []
    for kind, count in SUBJECT_MIX.items():
        for _ in range(round(count * force.share)):
            details = _identity(world, force, kind, people.next(), numbers)
            subject = _add_subject(world, force, kind, details)
            weights[subject.id] = rng.paretovariate(2.0) * SUBJECT_PROPENSITY[kind]
            divisions[subject.id] = details.division_id
            made.append((subject, details))
    chief = _add_subject(
        world,
        force,
        SubjectKind.CHIEF_OFFICER,
        _chief_officer(force, people, "Chief Constable"),
        is_chief_constable=True,
    )
    deputy = _add_subject(
        world,
        force,
        SubjectKind.CHIEF_OFFICER,
        _chief_officer(force, people, "Deputy Chief Constable"),
    )
    weights[deputy.id] = DEPUTY_PROPENSITY
    pool = SubjectPool(
        by_division=_cumulative_by_division(weights, divisions),
        everyone=_cumulative(list(weights), weights),
        chief_constable=chief.id,
        senior=frozenset({chief.id, deputy.id}),
    )
    return pool, _plan_identity_changes(world, force, made, people, numbers)


def _add_subject(
    world: World,
    force: DemoForce,
    kind: SubjectKind,
    details: subjects.IdentityDetails,
    *,
    is_chief_constable: bool = False,
) -> Subject:
    joined = world.start.date() - dt.timedelta(days=world.rng.randint(400, 30 * 365))
    return subjects.add_subject(
        world.session,
        world.system,
        subjects.NewSubject(
            kind, details, is_chief_constable=is_chief_constable, force_id=force.id
        ),
        world.start,
        since=joined,
    )


def _identity(
    world: World, force: DemoForce, kind: SubjectKind, name: tuple[str, str], numbers: _Numbers
) -> subjects.IdentityDetails:
    rng, given, family = world.rng, name[0], name[1]

    def division(codes: Sequence[str]) -> int:
        return force.divisions[rng.choice(list(codes))]

    if kind == SubjectKind.OFFICER:
        rank = chance.weighted(rng, OFFICER_RANKS)
        code = "CID" if rank.startswith("D") and rng.random() < 0.6 else None
        return subjects.IdentityDetails(
            given,
            family,
            rank,
            numbers.collar(),
            None,
            force.divisions[code or chance.weighted(rng, OFFICER_DIVISIONS)],
        )
    if kind == SubjectKind.SPECIAL_CONSTABLE:
        return subjects.IdentityDetails(
            given, family, "SC", numbers.special(), None, division(("N", "S", "W"))
        )
    if kind == SubjectKind.STAFF:
        grade = chance.weighted(rng, {g: w for g, (w, _) in STAFF_GRADES.items()})
        return subjects.IdentityDetails(
            given,
            family,
            grade,
            None,
            numbers.staff_number(force.spec.staff_prefix),
            division(STAFF_GRADES[grade][1]),
        )
    if kind == SubjectKind.VOLUNTEER:
        return subjects.IdentityDetails(
            given,
            family,
            "Police support volunteer",
            None,
            numbers.staff_number("V"),
            division(("N", "S", "W")),
        )
    return subjects.IdentityDetails(
        given, family, rng.choice(CONTRACTOR_ROLES), None, None, division(("CUST", "ROADS"))
    )


def _chief_officer(force: DemoForce, people: Names, rank: str) -> subjects.IdentityDetails:
    given, family = people.next()
    return subjects.IdentityDetails(given, family, rank, None, None, force.divisions["HQ"])


def _cumulative(ids: list[int], weights: dict[int, float]) -> tuple[list[int], list[float]]:
    total, cumulative = 0.0, []
    for subject_id in ids:
        total += weights[subject_id]
        cumulative.append(total)
    return ids, cumulative


def _cumulative_by_division(
    weights: dict[int, float],
    divisions: dict[int, int | None],
) -> dict[int, tuple[list[int], list[float]]]:
    grouped: dict[int, list[int]] = {}
    for subject_id, division_id in divisions.items():
        if division_id is not None:
            grouped.setdefault(division_id, []).append(subject_id)
    return {d: _cumulative(ids, weights) for d, ids in grouped.items()}


def _plan_identity_changes(
    world: World,
    force: DemoForce,
    made: list[tuple[Subject, subjects.IdentityDetails]],
    people: Names,
    numbers: _Numbers,
) -> list[IdentityChange]:
    """Transfers (new collar number and division), promotions and changes of surname."""
    rng = world.rng
    changeable = [(s, d) for s, d in made if s.kind in (SubjectKind.OFFICER, SubjectKind.STAFF)]
    changes = []
    wanted = round(IDENTITY_CHANGES * force.share)
    for subject, old in rng.sample(changeable, min(wanted, len(changeable))):
        on = world.today - dt.timedelta(days=rng.randint(1, HISTORY_DAYS))
        kind = rng.choices(("transfer", "promotion", "surname"), weights=(55, 15, 30))[0]
        if kind == "surname" or subject.kind == SubjectKind.STAFF:
            new = replace(old, family_name=people.next()[1])
        elif kind == "promotion" and old.rank == "PC":
            new = replace(old, rank="PS", collar_number=numbers.collar())
        else:
            others = [c for c in ("N", "S", "W") if force.divisions[c] != old.division_id]
            new = replace(
                old, collar_number=numbers.collar(), division_id=force.divisions[rng.choice(others)]
            )
        changes.append(IdentityChange(on, subject.id, new))
    return sorted(changes, key=lambda c: (c.on, c.subject_id))
