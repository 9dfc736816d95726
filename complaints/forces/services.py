"""Adding and changing forces, and who works for which (administrator's work).

Each takes ``(session, actor, data, now)`` and only flushes. A person's forces decide what
they see (``cases.visibility``): PSD staff may work for several forces; OPCC staff and
board members work for exactly one, because each force's OPCC and board are its own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import column, func, select, table
from sqlalchemy.orm import Session

from complaints.common import audit
from complaints.common.actor import Actor
from complaints.common.errors import ChangedMeanwhile, Refused
from complaints.common.roles import Role
from complaints.forces.models import Force, ForceMembership

# The code that asks a page of figures for every force the person works for, combined.
ALL_FORCES = "ALL"

# Roles whose work is one force's own: its OPCC and its accountability board.
ONE_FORCE_ROLES = frozenset({Role.OPCC_REVIEWER, Role.OPCC_OVERSIGHT, Role.BOARD_MEMBER})
# Roles that work cases, and so must belong to a force (an administrator need not).
FORCE_ROLES = ONE_FORCE_ROLES | {Role.HANDLER, Role.INVESTIGATOR, Role.APPROPRIATE_AUTHORITY}


class ForceError(Refused):
    """A change to a force or to who works for it that cannot be made. ``field``: which of
    the data given is at fault (``code``, ``name``, ``force_ids``, ``decides_for``), so a
    form can show the message beside it."""


@dataclass(frozen=True)
class ForceData:
    code: str
    name: str
    psd_name: str = "Professional Standards Department"
    psd_address: tuple[str, ...] = ()
    opcc_name: str = "Office of the Police and Crime Commissioner"
    opcc_address: tuple[str, ...] = ()
    contact_email: str | None = None
    contact_phone: str | None = None
    opcc_email: str | None = None
    opcc_phone: str | None = None
    opcc_website: str | None = None
    report_targets: dict[str, Any] = field(default_factory=dict)
    national_comparators: dict[str, Any] = field(default_factory=dict)


def _checked_code(session: Session, code: str, force_id: int | None = None) -> str:
    code = code.strip().upper()
    if not (code.isascii() and code.isalpha() and 2 <= len(code) <= 8):
        raise ForceError("The force's code is 2 to 8 letters, like BED", "code")
    if code == ALL_FORCES:
        raise ForceError(f"{ALL_FORCES} means every force together: choose another code", "code")
    same = select(func.count()).select_from(Force).where(Force.code == code)
    if force_id is not None:
        same = same.where(Force.id != force_id)
    if session.scalar(same):
        raise ForceError(f"Another force already has the code {code}", "code")
    return code


def _checked_name(session: Session, name: str, force_id: int | None = None) -> str:
    name = name.strip()
    if not name:
        raise ForceError("Enter the force's name", "name")
    same = select(func.count()).select_from(Force).where(Force.name == name)
    if force_id is not None:
        same = same.where(Force.id != force_id)
    if session.scalar(same):
        raise ForceError("Another force already has this name", "name")
    return name


def add_force(session: Session, actor: Actor, data: ForceData, now: dt.datetime) -> Force:
    audit.acting(session, actor, now)
    code = _checked_code(session, data.code)
    name = _checked_name(session, data.name)
    force = Force(
        code=code,
        name=name,
        psd_name=data.psd_name,
        psd_address="\n".join(data.psd_address),
        opcc_name=data.opcc_name,
        opcc_address="\n".join(data.opcc_address),
        contact_email=data.contact_email,
        contact_phone=data.contact_phone,
        opcc_email=data.opcc_email,
        opcc_phone=data.opcc_phone,
        opcc_website=data.opcc_website,
        report_targets=dict(data.report_targets),
        national_comparators=dict(data.national_comparators),
        active=True,
        created_at=now,
    )
    session.add(force)
    session.flush()
    return force


class ForceChangedMeanwhile(ChangedMeanwhile):
    """Someone else saved the force after this editor opened it."""


@dataclass(frozen=True)
class ForceChanges(ForceData):
    active: bool = True
    expected_version: int | None = None  # the version the editor started from


# Read as a plain table: the forces package sits below cases and does not import them.
_cases = table("cases", column("force_id"), column("reference"))


def update_force(
    session: Session, actor: Actor, force: Force, changes: ForceChanges, now: dt.datetime
) -> Force:
    """Change a force's details. Its code cannot change once a case reference carries it
    (the references would no longer say which force they belong to), and the last active
    force stays active."""
    audit.acting(session, actor, now)
    if changes.expected_version is not None and changes.expected_version != force.version:
        raise ForceChangedMeanwhile("Someone else changed this force while you were editing it")
    code = _checked_code(session, changes.code, force.id)
    name = _checked_name(session, changes.name, force.id)
    if code != force.code and session.scalar(
        select(func.count())
        .select_from(_cases)
        .where(
            _cases.c.force_id == force.id,
            _cases.c.reference.startswith(f"{force.code}-", autoescape=True),
        )
    ):
        raise ForceError(
            f"The code {force.code} is in this force's case references, so it cannot change",
            "code",
        )
    if force.active and not changes.active:
        others = select(func.count()).select_from(Force).where(Force.active, Force.id != force.id)
        if not session.scalar(others):
            raise ForceError("The only active force cannot be made inactive", "active")
    force.code = code
    force.name = name
    force.psd_name = changes.psd_name.strip()
    force.psd_address = "\n".join(line.strip() for line in changes.psd_address if line.strip())
    force.opcc_name = changes.opcc_name.strip()
    force.opcc_address = "\n".join(line.strip() for line in changes.opcc_address if line.strip())
    force.contact_email = changes.contact_email or None
    force.contact_phone = changes.contact_phone or None
    force.opcc_email = changes.opcc_email or None
    force.opcc_phone = changes.opcc_phone or None
    force.opcc_website = changes.opcc_website or None
    force.report_targets = dict(changes.report_targets)
    force.national_comparators = dict(changes.national_comparators)
    force.active = changes.active
    session.flush()
    return force


_users = table("users", column("id"), column("active"))


def members(session: Session) -> dict[int, int]:
    """How many people with an active account work for each force, by force id."""
    rows = session.execute(
        select(ForceMembership.force_id, func.count())
        .join(_users, _users.c.id == ForceMembership.user_id)
        .where(_users.c.active.is_(True))
        .group_by(ForceMembership.force_id)
    )
    return {force_id: count for force_id, count in rows}


def all_forces(session: Session) -> list[Force]:
    return list(session.scalars(select(Force).order_by(Force.name)))


def is_single_force(session: Session) -> bool:
    """An installation serving one force shows no force anywhere."""
    return session.scalar(select(func.count()).select_from(Force)) < 2


def default_forces(session: Session) -> tuple[int, ...]:
    """The forces a new person works for when none are chosen: the only one, if there is
    only one; otherwise none, and the administrator must choose."""
    ids = list(session.scalars(select(Force.id).limit(2)))
    return tuple(ids) if len(ids) == 1 else ()


def force_by_code(session: Session, code: str | None) -> Force:
    """The force a command names by its code (a report, an import); without a code, the
    installation's only force (once there are several, the code must be given)."""
    if code:
        force = session.scalar(select(Force).where(Force.code == code.strip().upper()))
        if force is None:
            raise ForceError(f"There is no force with the code {code.strip().upper()}", "code")
        return force
    forces = list(session.scalars(select(Force).order_by(Force.id).limit(2)))
    if len(forces) != 1:
        raise ForceError("This installation serves several forces: give the force's code", "code")
    return forces[0]


def force_for(
    session: Session, actor: Actor, chosen: int | None = None, case_force: int | None = None
) -> int:
    """The force a new record without a case of its own belongs to: the case's force, the
    one chosen, or the actor's only force; a person of several forces must choose. The
    system (the command line, the demo) acts for any force, and must say which once an
    installation has more than one."""
    if case_force is not None:
        return case_force
    acts_for_all = actor.user_id is None
    if chosen is not None:
        if not (acts_for_all and session.get(Force, chosen)) and chosen not in actor.forces:
            raise ForceError("Choose one of the forces you work for", "force_id")
        return chosen
    if len(actor.forces) == 1:
        return next(iter(actor.forces))
    if acts_for_all:
        only = session.scalars(select(Force.id).limit(2)).all()
        if len(only) == 1:
            return only[0]
    raise ForceError("Choose the force this is for", "force_id")


def set_memberships(
    session: Session,
    actor: Actor,
    user: Any,
    force_ids: Iterable[int],
    now: dt.datetime,
    *,
    decides_for: Iterable[int] = (),
) -> None:
    """Make ``force_ids`` the forces this person works for; ``decides_for`` those that have
    delegated their appropriate authority's decisions to them."""
    audit.acting(session, actor, now)
    wanted = sorted(set(force_ids))
    deciding = set(decides_for)
    role = user.role
    if role in FORCE_ROLES and not wanted:
        raise ForceError("Choose the force this person works for", "force_ids")
    if role in ONE_FORCE_ROLES and len(wanted) > 1:
        raise ForceError(
            "Choose only one force: OPCC staff and board members work for exactly one force",
            "force_ids",
        )
    if deciding - set(wanted):
        raise ForceError("A person decides only for a force they work for", "decides_for")
    if deciding and role != Role.APPROPRIATE_AUTHORITY:
        raise ForceError("Only an appropriate authority decides for a force", "decides_for")
    known = set(session.scalars(select(Force.id).where(Force.id.in_(wanted))))
    if known != set(wanted):
        raise ForceError("Choose forces from the list", "force_ids")
    current = {m.force_id: m for m in user.memberships}
    for force_id, membership in current.items():
        if force_id not in wanted:
            user.memberships.remove(membership)
    for force_id in wanted:
        membership = current.get(force_id)
        if membership is None:
            membership = ForceMembership(user_id=user.id, force_id=force_id)
            user.memberships.append(membership)
        membership.decides = force_id in deciding
    session.flush()
