"""Signing in: the password, then the second factor, each throttled and audited.

Every answer to a wrong, unknown or throttled attempt is the same to the person trying
(the page cannot be used to learn which addresses have accounts); the audit trail says
which it was, for administrators.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from complaints.auth import throttle as counters
from complaints.auth import two_factor
from complaints.auth.models import User
from complaints.auth.services import hash_password, needs_rehash, normalise_email, verify_or_waste
from complaints.auth.throttle import Throttle
from complaints.common import audit
from complaints.common.actor import Actor
from complaints.common.audit_model import AuditEvent

SIGN_IN_ACTIONS = ("login", "login_failed", "login_throttled")


@dataclass(frozen=True)
class Attempt:
    """Who is trying, from where: the client's address, and the device cookie's nonce
    with the account it vouches for, when the browser has one."""

    email: str
    source: str
    device: str | None = None
    device_user_id: int | None = None


def check_password(
    session: Session, attempt: Attempt, password: str, now: dt.datetime, throttle: Throttle
) -> User | None:
    """The account, when the password is right and the attempt is not throttled."""
    email = normalise_email(attempt.email)
    user = session.scalar(select(User).where(User.email == email))
    who = Actor.of(user, attempt.source) if user else Actor.anonymous(attempt.source)
    audit.acting(session, who, now)
    trusted = user is not None and attempt.device and attempt.device_user_id == user.id
    counted = (
        (counters.device(attempt.device),)
        if trusted
        else (counters.address(attempt.source), counters.account(email))
    )
    reason = None
    if not throttle.allows(*counted):
        verify_or_waste(None, password)  # answers as slowly as a real check
        reason = "throttled"
    elif not verify_or_waste(user, password):
        reason = "unknown email" if user is None else "wrong password"
    elif not user.active:
        reason = "account deactivated"
    if reason is None:
        if needs_rehash(user):
            user.password_hash = hash_password(password)
        return user
    if reason != "throttled":
        throttle.failed(*counted)
    audit.record(
        session,
        "login_throttled" if reason == "throttled" else "login_failed",
        entity_type="users",
        entity_id=user.id if user else None,
        summary=reason + ("" if trusted else f" ({'known' if user else 'unknown'} account)"),
        actor=who,
        now=now,
    )
    return None


def check_second_factor(
    session: Session,
    user: User,
    code: str,
    now: dt.datetime,
    throttle: Throttle,
    *,
    source: str,
    recovery: bool = False,
) -> bool:
    """Whether the code (from the app, or a recovery code) completes this sign-in."""
    who = Actor.of(user, source)
    counted = counters.codes(user.id)
    if not throttle.allows(counted):
        reason, action = "too many codes", "login_throttled"
    elif (
        two_factor.use_recovery_code(session, who, user, code, now)
        if recovery
        else two_factor.check_code(session, who, user, code, now)
    ):
        return True
    else:
        throttle.failed(counted)
        reason, action = ("wrong recovery code" if recovery else "wrong code"), "login_failed"
    audit.record(
        session, action, entity_type="users", entity_id=user.id, summary=reason, actor=who, now=now
    )
    return False


def complete(session: Session, user: User, now: dt.datetime, *, source: str, how: str) -> None:
    """Record a finished sign-in (``how``: which second factor, for the person's list)."""
    who = Actor.of(user, source)
    audit.acting(session, who, now)
    user.last_login_at = now
    audit.record(
        session, "login", entity_type="users", entity_id=user.id, summary=how, actor=who, now=now
    )
    session.flush()


def recent_sign_ins(session: Session, user: User, limit: int = 10) -> list[AuditEvent]:
    """This account's latest sign-ins and failed or refused attempts, newest first."""
    return list(
        session.scalars(
            select(AuditEvent)
            .where(
                AuditEvent.entity_type == "users",
                AuditEvent.entity_id == user.id,
                AuditEvent.action.in_(SIGN_IN_ACTIONS),
            )
            .order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())
            .limit(limit)
        )
    )


def failed_attempts(session: Session, limit: int = 100) -> list[AuditEvent]:
    """The latest wrong and throttled attempts on any account, for administrators."""
    return list(
        session.scalars(
            select(AuditEvent)
            .where(AuditEvent.action.in_(SIGN_IN_ACTIONS[1:]))
            .order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc())
            .limit(limit)
        )
    )
