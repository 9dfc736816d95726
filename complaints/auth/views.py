"""Signing in and out."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask import session as cookie_session
from flask_login import current_user, login_user, logout_user

from complaints.auth import services
from complaints.auth.forms import SignInForm
from complaints.auth.login import LAST_SEEN, SIGNED_IN_AT, SignedInUser
from complaints.common import audit
from complaints.common.clock import utcnow
from complaints.web import actor, db, public, signed_in

bp = Blueprint("auth", __name__)


@bp.route("/sign-in", methods=["GET", "POST"])
@public
def login():
    """Sign in with email and password; repeated failures lock the account for a while."""
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = SignInForm()
    if form.validate_on_submit():
        session = db()
        outcome = services.authenticate(
            session,
            form.email.data,
            form.password.data,
            utcnow(),
            max_failures=int(current_app.config["LOGIN_MAX_FAILURES"]),
            lockout=dt.timedelta(minutes=int(current_app.config["LOGIN_LOCKOUT_MINUTES"])),
            source=request.remote_addr or "unknown",
        )
        session.commit()
        if outcome.user is not None:
            cookie_session.clear()  # no state carried over from before sign-in
            cookie_session.permanent = True  # expires after PERMANENT_SESSION_LIFETIME
            cookie_session[SIGNED_IN_AT] = int(utcnow().timestamp())  # and no later, however busy
            cookie_session[LAST_SEEN] = cookie_session[SIGNED_IN_AT]
            login_user(SignedInUser(outcome.user))
            return redirect(_safe_next(request.args.get("next")) or url_for("home.index"))
        form.email.errors.append(
            "Enter a correct email address and password. After "
            f"{current_app.config['LOGIN_MAX_FAILURES']} wrong attempts an account is "
            f"locked for {current_app.config['LOGIN_LOCKOUT_MINUTES']} minutes."
        )
        return render_template("auth/login.html", form=form), 401
    status = 400 if form.errors else 200
    return render_template("auth/login.html", form=form), status


def _safe_next(target: str | None) -> str | None:
    """Only same-site paths, so a crafted link cannot send someone elsewhere."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


@bp.route("/sign-out", methods=["POST"])
@signed_in
def logout():
    """Sign out (a POST, so no link on another site can sign someone out)."""
    session = db()
    who = actor()
    audit.record(session, "logout", entity_type="users", entity_id=current_user.user.id, actor=who)
    services.sign_out_everywhere(session, who, current_user.user, utcnow())
    session.commit()
    logout_user()
    flash("You have signed out.", "success")
    return redirect(url_for("auth.login"))
