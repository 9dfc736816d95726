"""A sign-in between its steps, and the browser that completed one before.

After the password, the browser holds only "this account, this far, since then" in its
signed session cookie: it is not signed in until the second factor (and a new password,
when an administrator set the old one) is done. The device cookie is a signed note that
this browser completed a sign-in to this account (see complaints/auth/throttle.py).
"""

from __future__ import annotations

import secrets
from typing import Any
from urllib.parse import urlsplit

from flask import Response, current_app, redirect, request, url_for
from flask import session as cookie_session
from flask_login import login_user
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import select

from complaints.auth import services, signing_in
from complaints.auth.login import LAST_SEEN, SIGNED_IN_AT, SignedInUser
from complaints.auth.models import User
from complaints.auth.throttle import Throttle
from complaints.common.clock import utcnow
from complaints.common.errors import Refused
from complaints.web import actor, db

PENDING = "pending_sign_in"
THROTTLE = "complaints.throttle"
DEVICE_COOKIE = "complaints_device"


def throttle() -> Throttle:
    return current_app.extensions[THROTTLE]


def client_address() -> str:
    return request.remote_addr or "unknown"


def _devices() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.secret_key, salt="complaints.device")


def device() -> tuple[str | None, int | None]:
    """The nonce of this browser's device cookie and the account it vouches for."""
    value = request.cookies.get(DEVICE_COOKIE)
    if not value:
        return None, None
    max_age = int(current_app.config["DEVICE_COOKIE_DAYS"]) * 86400
    try:
        payload = _devices().loads(value, max_age=max_age)
    except BadSignature:
        return None, None
    if not isinstance(payload, dict):
        return None, None
    nonce, user_id = payload.get("n"), payload.get("u")
    if not isinstance(nonce, str) or not isinstance(user_id, int):
        return None, None
    return nonce, user_id


def attempt(email: str) -> signing_in.Attempt:
    nonce, user_id = device()
    return signing_in.Attempt(email, client_address(), nonce, user_id)


def safe_next(target: str | None) -> str | None:
    """Only same-site paths, so a crafted link cannot send someone elsewhere."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


def begin(user: User, next_page: str | None) -> Response:
    """The password was right: start the steps that remain."""
    cookie_session.clear()  # nothing carried over from before sign-in
    cookie_session[PENDING] = {
        "user": user.id,
        "token": user.session_token,
        "at": int(utcnow().timestamp()),
        "next": safe_next(next_page),
        "factor": None,
    }
    return next_step(user)


def load() -> tuple[User, dict[str, Any]] | None:
    """The account being signed in to, while its sign-in is still fresh and valid."""
    state = cookie_session.get(PENDING)
    if not isinstance(state, dict) or not isinstance(state.get("user"), int):
        return None
    minutes = float(current_app.config["PENDING_SIGN_IN_MINUTES"])
    if int(utcnow().timestamp()) - int(state.get("at") or 0) > minutes * 60:
        cookie_session.pop(PENDING, None)
        return None
    user = db().scalar(select(User).where(User.id == state["user"]))
    if user is None or not user.active or user.session_token != state.get("token"):
        return None
    return user, state


def mark_second_factor(how: str) -> None:
    state = dict(cookie_session[PENDING])
    state["factor"] = how
    cookie_session[PENDING] = state


def passed_second_factor(user: User, how: str) -> Response:
    mark_second_factor(how)
    return next_step(user)


def password_changed(user: User) -> Response:
    """The new password rotated the account's token: this sign-in carries on with it."""
    state = dict(cookie_session[PENDING])
    state["token"] = user.session_token
    cookie_session[PENDING] = state
    return next_step(user)


def next_step(user: User) -> Response:
    state = cookie_session[PENDING]
    if not user.enrolled:
        return redirect(url_for("auth.enrol"))
    if not state.get("factor"):
        return redirect(url_for("auth.code"))
    if user.must_change_password:
        return redirect(url_for("auth.new_password"))
    return finish(user, state)


def finish(user: User, state: dict[str, Any]) -> Response:
    """Every step done: sign in, and remember this browser as one the person uses."""
    session = db()
    signing_in.complete(session, user, utcnow(), source=client_address(), how=state["factor"])
    session.commit()
    messages = cookie_session.get("_flashes")  # said along the way, shown on arrival
    cookie_session.clear()
    if messages:
        cookie_session["_flashes"] = messages
    cookie_session.permanent = True  # expires after PERMANENT_SESSION_LIFETIME
    cookie_session[SIGNED_IN_AT] = int(utcnow().timestamp())  # and no later, however busy
    cookie_session[LAST_SEEN] = cookie_session[SIGNED_IN_AT]
    login_user(SignedInUser(user))
    response = redirect(state.get("next") or url_for("home.index"))
    nonce, vouched = device()
    if vouched != user.id or nonce is None:
        nonce = secrets.token_urlsafe(16)
    response.set_cookie(
        DEVICE_COOKIE,
        _devices().dumps({"u": user.id, "n": nonce}),
        max_age=int(current_app.config["DEVICE_COOKIE_DAYS"]) * 86400,
        secure=bool(current_app.config["SESSION_COOKIE_SECURE"]),
        httponly=True,
        samesite="Lax",
    )
    return response


def sign_in_again(user: User) -> None:
    """Keep this browser signed in after the account's token changed (a new password,
    signing out other devices): every other session has ended."""
    login_user(SignedInUser(user))


def save_new_password(user: User, form: Any) -> bool:
    """Save the form's new password for ``user`` (a sign-in's last step, or the person's
    own change); a refused one (too guessable) goes back beside the field."""
    session = db()
    try:
        services.change_password(session, actor(), user, form.password.data, utcnow())
    except Refused as refused:
        session.rollback()
        form.password.errors.append(str(refused))
        return False
    session.commit()
    return True
