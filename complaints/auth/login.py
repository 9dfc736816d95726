"""Flask-Login glue: the signed-in user, kept off the model so models stay framework-free."""

from __future__ import annotations

from flask import current_app
from flask import session as cookie_session
from flask_login import LoginManager
from sqlalchemy import select

from complaints.auth.models import User
from complaints.common.clock import utcnow

SIGNED_IN_AT = "signed_in_at"  # session key: when this sign-in began (Unix seconds)

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
    from complaints.web import db

    ident, _, token = user_id.partition(":")
    if not (ident.isascii() and ident.isdigit() and len(ident) <= 9) or not token:
        return None
    started = cookie_session.get(SIGNED_IN_AT)
    lifetime = current_app.permanent_session_lifetime.total_seconds()
    if not isinstance(started, int) or utcnow().timestamp() - started > lifetime:
        return None  # a shift is the longest a sign-in lasts, active or not
    user = db().scalar(select(User).where(User.id == int(ident)))
    if user is None or not user.active or user.session_token != token:
        return None
    return SignedInUser(user)
