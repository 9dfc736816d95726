"""Flask-Login glue: the signed-in user, kept off the model so models stay framework-free."""

from __future__ import annotations

from flask import current_app, flash
from flask import session as cookie_session
from flask_login import LoginManager
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from complaints.auth.models import User
from complaints.common.clock import utcnow

SIGNED_IN_AT = "signed_in_at"  # session key: when this sign-in began (Unix seconds)
LAST_SEEN = "last_seen"  # session key: this sign-in's latest request (Unix seconds)
SIGNED_OUT_IDLE = (
    "You were signed out because nothing was done for {minutes} minutes. Sign in to carry on."
)

login_manager = LoginManager()
login_manager.login_view = "auth.login"
login_manager.login_message = "Sign in to continue."
login_manager.login_message_category = "info"
login_manager.session_protection = "strong"


class SignedInUser:
    """What Flask-Login holds for a request. The id embeds the session token, so a
    password or role change signs the person out everywhere."""

    is_authenticated = True
    is_active = True
    is_anonymous = False

    def __init__(self, user: User) -> None:
        self.user = user

    def get_id(self) -> str:
        return f"{self.user.id}:{self.user.session_token}"


@login_manager.user_loader
def _load(user_id: str) -> SignedInUser | None:
    from complaints.web import bare_session

    ident, _, token = user_id.partition(":")
    if not (ident.isascii() and ident.isdigit() and len(ident) <= 9) or not token:
        return None
    now = int(utcnow().timestamp())
    started = cookie_session.get(SIGNED_IN_AT)
    lifetime = current_app.permanent_session_lifetime.total_seconds()
    if not isinstance(started, int) or now - started > lifetime:
        return None  # a shift is the longest a sign-in lasts, active or not
    idle = float(current_app.config["SESSION_IDLE_MINUTES"])
    seen = cookie_session.get(LAST_SEEN, started)
    if not isinstance(seen, int) or now - seen >= idle * 60:
        # A screen left unattended: sign out, and say why on the sign-in page.
        cookie_session.pop(SIGNED_IN_AT, None)
        cookie_session.pop(LAST_SEEN, None)
        flash(SIGNED_OUT_IDLE.format(minutes=f"{idle:g}"), "information")
        return None
    # The memberships in the same statement: every request's actor needs its forces.
    user = bare_session().scalar(
        select(User).where(User.id == int(ident)).options(joinedload(User.memberships))
    )
    if user is None or not user.active or user.session_token != token:
        return None
    cookie_session[LAST_SEEN] = now
    return SignedInUser(user)
