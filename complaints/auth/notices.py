"""What a person is told by email when something changes how they sign in.

Told at once, so that a change they did not make (someone else resetting their second
factor, or changing their password) is noticed by the one person who would know."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from complaints.auth.models import User
from complaints.common.actor import Actor
from complaints.common.clock import LONDON
from complaints.mail import outbox

_SIGN_OFF = (
    "If you did not expect this, tell your administrator or the Professional Standards "
    "Department at once: someone else may be using your account.\n\n"
    "This message was sent automatically by the complaints and conduct service."
)


def _when(now: dt.datetime) -> str:
    moment = now.astimezone(LONDON)
    return f"{moment.day} {moment:%B %Y} at {moment:%H:%M}"


def two_factor_reset(session: Session, actor: Actor, user: User, now: dt.datetime) -> None:
    outbox.queue(
        session,
        outbox.Email(
            to=user.email,
            kind="two_factor_reset",
            subject="Your two-factor sign-in was reset",
            body=(
                f"Dear {user.full_name},\n\n"
                f"{actor.name}, an administrator, reset your two-factor sign-in on "
                f"{_when(now)}. You have been signed out everywhere. When you next sign "
                "in you will set up your authenticator app again and get new recovery "
                f"codes.\n\n{_SIGN_OFF}"
            ),
        ),
        now,
    )


def password_changed(session: Session, user: User, now: dt.datetime) -> None:
    outbox.queue(
        session,
        outbox.Email(
            to=user.email,
            kind="password_changed",
            subject="Your password was changed",
            body=(
                f"Dear {user.full_name},\n\n"
                f"The password of your account was changed on {_when(now)}, and every "
                f"other session of your account was signed out.\n\n{_SIGN_OFF}"
            ),
        ),
        now,
    )
