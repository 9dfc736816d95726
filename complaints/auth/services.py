"""Accounts: create, authenticate (with lock-out), change role or password, deactivate."""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass

from argon2 import Parameters, PasswordHasher, profiles
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from complaints.auth import notices
from complaints.auth.models import User
from complaints.auth.passwords import WeakPassword, check_strength
from complaints.auth.roles import Role
from complaints.common import audit
from complaints.common.actor import Actor
from complaints.common.errors import ChangedMeanwhile, Refused
from complaints.forces.services import all_forces, default_forces, set_memberships

_hasher = PasswordHasher.from_parameters(profiles.RFC_9106_LOW_MEMORY)
# Verified against when the email is unknown, so a miss costs as long as a hit.
_dummy_hash = _hasher.hash(secrets.token_hex(16))


def use_password_profile(name: str) -> None:
    """Choose argon2-cffi's named cost profile (tests use CHEAPEST; never in production).

    Existing hashes keep verifying, and are upgraded on the next sign-in.
    """
    global _hasher, _dummy_hash
    parameters = getattr(profiles, name, None)
    if not isinstance(parameters, Parameters):
        raise ValueError(f"unknown argon2 profile {name!r}")
    if parameters != _hasher._parameters:
        _hasher = PasswordHasher.from_parameters(parameters)
        _dummy_hash = _hasher.hash(secrets.token_hex(16))


class AccountError(Refused):
    """A request about an account that cannot be met; the message is for the user."""


class AccountChangedMeanwhile(ChangedMeanwhile):
    """Someone else saved the account after this editor opened it."""


@dataclass(frozen=True)
class NewUser:
    email: str
    full_name: str
    role: Role
    password: str
    division_id: int | None = None
    # The forces the person works for: by default the only force, in a one-force service.
    force_ids: tuple[int, ...] = ()
    # The forces that delegate their decisions to them: by default, for an appropriate
    # authority, every force they work for.
    decides_for: tuple[int, ...] | None = None
    # A password someone else chose (an administrator) is known to two people: the
    # account's owner must choose their own at first sign-in.
    must_change_password: bool = True
    external: bool = False  # an investigator from outside the force


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def check_password_strength(
    session: Session, password: str, *, about: tuple[str, ...] = ()
) -> None:
    """Refuse a guessable password; a guesser here tries the person's own details and the
    names of the forces first."""
    forces = tuple(f"{force.name} {force.code}" for force in all_forces(session))
    try:
        check_strength(password, about=about + forces)
    except WeakPassword as weak:
        raise AccountError(str(weak)) from None


def normalise_email(email: str) -> str:
    return email.strip().lower()


def create_user(session: Session, actor: Actor, data: NewUser, now: dt.datetime) -> User:
    audit.acting(session, actor, now)
    email = normalise_email(data.email)
    check_password_strength(session, data.password, about=(email, data.full_name))
    if session.scalar(select(func.count()).select_from(User).where(User.email == email)):
        raise AccountError("An account with this email address already exists")
    user = User(
        email=email,
        full_name=data.full_name.strip(),
        role=data.role,
        password_hash=hash_password(data.password),
        division_id=data.division_id,
        created_at=now,
        active=True,
        must_change_password=data.must_change_password,
        external=data.external,
        password_changed_at=now,
        session_token=secrets.token_hex(16),
    )
    session.add(user)
    session.flush()
    force_ids = data.force_ids or default_forces(session)
    decides_for = data.decides_for
    if decides_for is None:
        decides_for = force_ids if data.role == Role.APPROPRIATE_AUTHORITY else ()
    set_memberships(session, actor, user, force_ids, now, decides_for=decides_for)
    return user


def verify_or_waste(user: User | None, password: str) -> bool:
    """Check the password; without an account, spend as long checking a dummy hash, so
    the time taken does not say whether the address has one."""
    return _verify(user.password_hash if user else _dummy_hash, password) and user is not None


def needs_rehash(user: User) -> bool:
    """Whether the stored hash was made with older settings than today's."""
    return _hasher.check_needs_rehash(user.password_hash)


def _verify(password_hash: str, password: str) -> bool:
    try:
        return _hasher.verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


@dataclass(frozen=True)
class UserChanges:
    full_name: str
    role: Role
    active: bool
    division_id: int | None = None
    new_password: str | None = None
    expected_version: int | None = None  # the version the editor started from
    external: bool = False


def update_user(
    session: Session, actor: Actor, user: User, changes: UserChanges, now: dt.datetime
) -> User:
    """Change an account; a new role, password or deactivation signs its sessions out."""
    audit.acting(session, actor, now)
    if changes.expected_version is not None and changes.expected_version != user.version:
        raise AccountChangedMeanwhile(
            "Someone else changed this account while you were editing it. "
            "Check the details below and save again."
        )
    if user.id == actor.user_id and (changes.role != user.role or not changes.active):
        raise AccountError("You cannot change your own role or deactivate yourself")
    sign_out = changes.role != user.role or not changes.active
    user.full_name = changes.full_name.strip()
    user.role = changes.role
    user.active = changes.active
    user.division_id = changes.division_id
    user.external = changes.external
    if changes.new_password:
        check_password_strength(session, changes.new_password, about=(user.email, user.full_name))
        user.password_hash = hash_password(changes.new_password)
        user.password_changed_at = now
        user.must_change_password = user.id != actor.user_id
        sign_out = True
    if sign_out:
        user.session_token = secrets.token_hex(16)
    user.version += 1
    session.flush()
    return user


def sign_out_everywhere(session: Session, actor: Actor, user: User, now: dt.datetime) -> None:
    """End every session of this account: a copied session cookie stops working."""
    audit.acting(session, actor, now)
    user.session_token = secrets.token_hex(16)
    session.flush()


def verify_password(user: User, password: str) -> bool:
    """Whether this is the account's password (for a change that asks for it again)."""
    return _verify(user.password_hash, password)


def change_password(
    session: Session, actor: Actor, user: User, new_password: str, now: dt.datetime
) -> None:
    """The person sets their own password: every other session ends (the caller signs the
    current one in again), one an administrator set no longer needs changing, and they
    are told by email (a change they did not make is then noticed)."""
    audit.acting(session, actor, now)
    check_password_strength(session, new_password, about=(user.email, user.full_name))
    if _verify(user.password_hash, new_password):
        raise AccountError("Choose a password different from the one you have now")
    user.password_hash = hash_password(new_password)
    user.password_changed_at = now
    user.must_change_password = False
    user.session_token = secrets.token_hex(16)
    audit.record(session, "password_changed", entity_type="users", entity_id=user.id, now=now)
    notices.password_changed(session, user, now)
    session.flush()
