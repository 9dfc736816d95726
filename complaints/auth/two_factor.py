"""The second factor: a time-based one-time code (TOTP, RFC 6238) from an authenticator
app, and ten single-use recovery codes for the day the phone is lost.

A password alone protects nothing here: staff addresses are guessable and passwords
leak. A code is accepted once (a code seen over someone's shoulder cannot be replayed
within its 30 seconds), and recovery codes are kept only as hashes, like passwords.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets

import pyotp
import segno
from sqlalchemy.orm import Session

from complaints.auth import notices
from complaints.auth.models import RecoveryCode, User
from complaints.common import audit
from complaints.common.actor import Actor

RECOVERY_CODES = 10
_CODE_ALPHABET = "abcdefghjkmnpqrstuvwxyz23456789"  # no 0/o, 1/l/i to misread
_CODE_LENGTH = 10  # about 49 bits each: unguessable within any throttle
STEP_SECONDS = 30


def new_secret() -> str:
    return pyotp.random_base32()


def _totp(secret: str) -> pyotp.TOTP:
    return pyotp.TOTP(secret, interval=STEP_SECONDS)


def current_code(secret: str, now: dt.datetime) -> str:
    """The code an authenticator app shows now (for the demo's `flask demo code`)."""
    return _totp(secret).at(now)


def setup_uri(user: User, secret: str, issuer: str) -> str:
    """The otpauth:// address an authenticator app reads from the QR code."""
    return _totp(secret).provisioning_uri(name=user.email, issuer_name=issuer)


def qr_svg(uri: str) -> str:
    """The address as an inline SVG QR code (no image files, no network), sized by the
    stylesheet so that it fits a narrow screen."""
    return segno.make(uri, error="m").svg_inline(
        scale=5, dark="#0b0c0c", light="#ffffff", omitsize=True
    )


def grouped(secret: str) -> str:
    """The secret in groups of four, for typing into an app by hand."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _clean(code: str) -> str:
    return "".join(code.split()).replace("-", "").lower()


def start_enrolment(session: Session, actor: Actor, user: User, now: dt.datetime) -> str:
    """Give the account a secret to show at enrolment; the same one until it is confirmed."""
    audit.acting(session, actor, now)
    if user.enrolled:
        raise ValueError("already enrolled")
    if user.totp_secret is None:
        user.totp_secret = new_secret()
        session.flush()
    return user.totp_secret


def _step_of(secret: str, code: str, now: dt.datetime) -> int | None:
    """The time step whose code this is (the previous, current or next step, to allow for
    a slow typist or a phone's clock a little out), or None."""
    code = _clean(code)
    if not (len(code) == 6 and code.isascii() and code.isdigit()):
        return None
    totp = _totp(secret)
    step = totp.timecode(now)
    for candidate in (step - 1, step, step + 1):
        if hmac.compare_digest(totp.generate_otp(candidate), code):
            return candidate
    return None


def confirm_enrolment(
    session: Session, actor: Actor, user: User, code: str, now: dt.datetime
) -> list[str] | None:
    """Finish enrolment with the first code the app shows; returns the recovery codes
    (shown once, never again), or None when the code is wrong."""
    audit.acting(session, actor, now)
    if user.totp_secret is None or user.enrolled:
        return None
    step = _step_of(user.totp_secret, code, now)
    if step is None:
        return None
    user.totp_last_step = step
    user.two_factor_since = now
    codes = _replace_recovery_codes(session, user, now)
    audit.record(session, "two_factor_enrolled", entity_type="users", entity_id=user.id, now=now)
    return codes


def check_code(session: Session, actor: Actor, user: User, code: str, now: dt.datetime) -> bool:
    """Whether this is a current code from the person's app not used before."""
    audit.acting(session, actor, now)
    if not user.enrolled:
        return False
    step = _step_of(user.totp_secret, code, now)
    if step is None or (user.totp_last_step is not None and step <= user.totp_last_step):
        return False
    user.totp_last_step = step
    session.flush()
    return True


def use_recovery_code(
    session: Session, actor: Actor, user: User, code: str, now: dt.datetime
) -> bool:
    """Spend one unused recovery code; each works once."""
    audit.acting(session, actor, now)
    cleaned = _clean(code)
    if not user.enrolled or len(cleaned) != _CODE_LENGTH:
        return False
    for stored in user.recovery_codes:
        if stored.used_at is None and _matches(stored.code_hash, cleaned):
            stored.used_at = now
            session.flush()
            return True
    return False


def recovery_codes_left(user: User) -> int:
    return sum(1 for code in user.recovery_codes if code.used_at is None)


def new_recovery_codes(session: Session, actor: Actor, user: User, now: dt.datetime) -> list[str]:
    """Replace every recovery code with ten new ones (the old ones stop working)."""
    audit.acting(session, actor, now)
    codes = _replace_recovery_codes(session, user, now)
    audit.record(
        session, "recovery_codes_replaced", entity_type="users", entity_id=user.id, now=now
    )
    return codes


def reset(session: Session, actor: Actor, user: User, now: dt.datetime) -> None:
    """An administrator clears a person's second factor (a lost phone and no codes left):
    the person enrols again at their next sign-in, is signed out everywhere now, and is
    told by email."""
    audit.acting(session, actor, now)
    user.totp_secret = None
    user.two_factor_since = None
    user.totp_last_step = None
    user.recovery_codes.clear()
    user.session_token = secrets.token_hex(16)
    audit.record(session, "two_factor_reset", entity_type="users", entity_id=user.id, now=now)
    notices.two_factor_reset(session, actor, user, now)
    session.flush()


def enrol_with_secret(session: Session, user: User, secret: str, now: dt.datetime) -> None:
    """Enrol an account with a known secret: demo accounts and tests, never a person."""
    user.totp_secret = secret
    user.two_factor_since = now
    session.flush()


def _replace_recovery_codes(session: Session, user: User, now: dt.datetime) -> list[str]:
    user.recovery_codes.clear()
    codes = [
        "".join(secrets.choice(_CODE_ALPHABET) for _ in range(_CODE_LENGTH))
        for _ in range(RECOVERY_CODES)
    ]
    user.recovery_codes.extend(RecoveryCode(code_hash=_hash(code)) for code in codes)
    session.flush()
    return [f"{code[:5]}-{code[5:]}" for code in codes]


def _hash(code: str) -> str:
    """Salted SHA-256: the codes carry about 49 bits of chance each, so a slow hash
    (argon2, as for passwords) would add ten slow checks to a sign-in for nothing."""
    salt = secrets.token_hex(8)
    return f"{salt}${hashlib.sha256((salt + code).encode()).hexdigest()}"


def _matches(stored: str, code: str) -> bool:
    salt, _, digest = stored.partition("$")
    return hmac.compare_digest(hashlib.sha256((salt + code).encode()).hexdigest(), digest)
