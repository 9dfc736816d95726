"""The force's people: staff accounts for every role, and the officers and staff that
cases are about.

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
from complaints.auth.models import User
from complaints.auth.roles import Role
from complaints.demo import chance, names
from complaints.demo.tuning import (
    CONTRACTOR_ROLES,
    DEMO_EMAIL_DOMAIN,
    DEMO_PASSWORD,
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
from complaints.subjects import services as subjects
from complaints.subjects.models import Subject, SubjectKind

if TYPE_CHECKING:
    from complaints.demo.world import World


@dataclass
class Staff:
    by_role: dict[Role, list[User]]

    def pick(self, rng: random.Random, role: Role, division_id: int | None = None) -> User:
        people = self.by_role[role]
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
    """Unique fictional names: no two people in the force share one."""

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
    by_role: dict[Role, list[User]] = {}
    for role, count, memorable, divisions in STAFF:
        for index in range(count):
            given, family = world.people.next()
            email = (
                f"{memorable}@{DEMO_EMAIL_DOMAIN}"
                if index == 0
                else f"{given}.{family}@{FORCE_EMAIL_DOMAIN}"
            )
            division = divisions[index % len(divisions)] if divisions else None
            user = accounts.create_user(
                world.session,
                world.system,
                accounts.NewUser(
                    email=email.lower(),
                    full_name=f"{given} {family}",
                    role=role,
                    password=DEMO_PASSWORD,
                    division_id=world.divisions.get(division or ""),
                ),
                world.start,
            )
            by_role.setdefault(role, []).append(user)
    return Staff(by_role)


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


def add_subjects(world: World) -> tuple[SubjectPool, list[IdentityChange]]:
    rng, people, numbers = world.rng, world.people, _Numbers(world.rng)
    weights: dict[int, float] = {}
    divisions: dict[int, int | None] = {}
    made: list[tuple[Subject, subjects.IdentityDetails]] = []
    for kind, count in SUBJECT_MIX.items():
        for _ in range(count):
            details = _identity(world, kind, people.next(), numbers)
            subject = _add_subject(world, kind, details)
            weights[subject.id] = rng.paretovariate(2.0) * SUBJECT_PROPENSITY[kind]
            divisions[subject.id] = details.division_id
            made.append((subject, details))
    chief = _add_subject(
        world,
        SubjectKind.CHIEF_OFFICER,
        _chief_officer(world, people, "Chief Constable"),
        is_chief_constable=True,
    )
    deputy = _add_subject(
        world, SubjectKind.CHIEF_OFFICER, _chief_officer(world, people, "Deputy Chief Constable")
    )
    weights[deputy.id] = DEPUTY_PROPENSITY
    pool = SubjectPool(
        by_division=_cumulative_by_division(weights, divisions),
        everyone=_cumulative(list(weights), weights),
        chief_constable=chief.id,
        senior=frozenset({chief.id, deputy.id}),
    )
    return pool, _plan_identity_changes(world, made, people, numbers)


def _add_subject(
    world: World,
    kind: SubjectKind,
    details: subjects.IdentityDetails,
    *,
    is_chief_constable: bool = False,
) -> Subject:
    joined = world.start.date() - dt.timedelta(days=world.rng.randint(400, 30 * 365))
    return subjects.add_subject(
        world.session,
        world.system,
        subjects.NewSubject(kind, details, is_chief_constable=is_chief_constable),
        world.start,
        since=joined,
    )


def _identity(
    world: World, kind: SubjectKind, name: tuple[str, str], numbers: _Numbers
) -> subjects.IdentityDetails:
    rng, given, family = world.rng, name[0], name[1]

    def division(codes: Sequence[str]) -> int:
        return world.divisions[rng.choice(list(codes))]

    if kind == SubjectKind.OFFICER:
        rank = chance.weighted(rng, OFFICER_RANKS)
        code = "CID" if rank.startswith("D") and rng.random() < 0.6 else None
        return subjects.IdentityDetails(
            given,
            family,
            rank,
            numbers.collar(),
            None,
            world.divisions[code or chance.weighted(rng, OFFICER_DIVISIONS)],
        )
    if kind == SubjectKind.SPECIAL_CONSTABLE:
        return subjects.IdentityDetails(
            given, family, "SC", numbers.special(), None, division(("N", "S", "W"))
        )
    if kind == SubjectKind.STAFF:
        grade = chance.weighted(rng, {g: w for g, (w, _) in STAFF_GRADES.items()})
        return subjects.IdentityDetails(
            given, family, grade, None, numbers.staff_number(), division(STAFF_GRADES[grade][1])
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


def _chief_officer(world: World, people: Names, rank: str) -> subjects.IdentityDetails:
    given, family = people.next()
    return subjects.IdentityDetails(given, family, rank, None, None, world.divisions["HQ"])


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
    made: list[tuple[Subject, subjects.IdentityDetails]],
    people: Names,
    numbers: _Numbers,
) -> list[IdentityChange]:
    """Transfers (new collar number and division), promotions and changes of surname."""
    rng = world.rng
    changeable = [(s, d) for s, d in made if s.kind in (SubjectKind.OFFICER, SubjectKind.STAFF)]
    changes = []
    for subject, old in rng.sample(changeable, min(IDENTITY_CHANGES, len(changeable))):
        on = world.today - dt.timedelta(days=rng.randint(1, HISTORY_DAYS))
        kind = rng.choices(("transfer", "promotion", "surname"), weights=(55, 15, 30))[0]
        if kind == "surname" or subject.kind == SubjectKind.STAFF:
            new = replace(old, family_name=people.next()[1])
        elif kind == "promotion" and old.rank == "PC":
            new = replace(old, rank="PS", collar_number=numbers.collar())
        else:
            others = [c for c in ("N", "S", "W") if world.divisions[c] != old.division_id]
            new = replace(
                old, collar_number=numbers.collar(), division_id=world.divisions[rng.choice(others)]
            )
        changes.append(IdentityChange(on, subject.id, new))
    return sorted(changes, key=lambda c: (c.on, c.subject_id))
