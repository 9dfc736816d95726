"""Signing in (password, then the second factor) and out."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user, logout_user

from complaints.auth import pending, services, signing_in, two_factor
from complaints.auth.forms import CodeForm, NewPasswordForm, RecoveryCodeForm, SignInForm
from complaints.common import audit
from complaints.common.clock import utcnow
from complaints.web import actor, db, public, signed_in

bp = Blueprint("auth", __name__)

WRONG_DETAILS = (
    "Enter a correct email address and password. After several wrong attempts, wait a few "
    "minutes before trying again."
)
TIMED_OUT = "Your sign-in took too long to finish. Sign in again."


@bp.route("/sign-in", methods=["GET", "POST"])
@public
def login():
    """Step 1: email and password. The same answer for a wrong password, an unknown
    address and a throttled attempt."""
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = SignInForm()
    if form.validate_on_submit():
        session = db()
        user = signing_in.check_password(
            session,
            pending.attempt(form.email.data),
            form.password.data,
            utcnow(),
            pending.throttle(),
        )
        session.commit()
        if user is not None:
            return pending.begin(user, request.args.get("next"))
        form.email.errors.append(WRONG_DETAILS)
        return render_template("auth/login.html", form=form), 401
    status = 400 if form.errors else 200
    return render_template("auth/login.html", form=form), status


def _start_again():
    flash(TIMED_OUT, "information")
    return redirect(url_for("auth.login"))


@bp.route("/sign-in/two-factor", methods=["GET", "POST"])
@public
def code():
    """Step 2: the code from the person's authenticator app."""
    return _second_factor(CodeForm(), "auth/code.html", recovery=False)


@bp.route("/sign-in/recovery-code", methods=["GET", "POST"])
@public
def recovery_code():
    """Step 2 without the phone: one of the ten recovery codes, once."""
    return _second_factor(RecoveryCodeForm(), "auth/recovery_code.html", recovery=True)


def _second_factor(form: CodeForm | RecoveryCodeForm, template: str, *, recovery: bool):
    loaded = pending.load()
    if loaded is None:
        return _start_again()
    user, state = loaded
    if not user.enrolled or state.get("factor"):
        return pending.next_step(user)
    if not form.validate_on_submit():
        return render_template(template, form=form), 400 if form.errors else 200
    session = db()
    passed = signing_in.check_second_factor(
        session,
        user,
        form.code.data,
        utcnow(),
        pending.throttle(),
        source=pending.client_address(),
        recovery=recovery,
    )
    session.commit()
    if not passed:
        form.code.errors.append(
            "Enter a recovery code you have not used before"
            if recovery
            else "Enter the code your authenticator app shows now"
        )
        return render_template(template, form=form), 401
    if not recovery:
        return pending.passed_second_factor(user, "authenticator app")
    left = two_factor.recovery_codes_left(user)
    flash(
        f"You signed in with a recovery code. You have {left} left: make new ones "
        "from Your account if you are running out.",
        "information",
    )
    return pending.passed_second_factor(user, "recovery code")


@bp.route("/sign-in/set-up-two-factor", methods=["GET", "POST"])
@public
def enrol():
    """Step 2 the first time (or after an administrator's reset): set up the app."""
    loaded = pending.load()
    if loaded is None:
        return _start_again()
    user, _state = loaded
    if user.enrolled:
        return pending.next_step(user)
    session = db()
    who = actor()
    secret = two_factor.start_enrolment(session, who, user, utcnow())
    session.commit()
    form = CodeForm()
    if form.validate_on_submit():
        codes = two_factor.confirm_enrolment(session, who, user, form.code.data, utcnow())
        if codes is not None:
            session.commit()
            pending.mark_second_factor("authenticator app (set up)")
            return render_template(
                "auth/recovery_codes.html", codes=codes, next_url=url_for("auth.code")
            )
        form.code.errors.append("Enter the code your authenticator app shows now")
    issuer = current_app.config.get("TWO_FACTOR_ISSUER") or (
        f"{current_app.config['SERVICE_NAME']} ({current_app.config['FORCE_NAME']})"
    )
    return render_template(
        "auth/enrol.html",
        form=form,
        qr=two_factor.qr_svg(two_factor.setup_uri(user, secret, issuer)),
        secret=two_factor.grouped(secret),
    ), 400 if form.errors else 200


@bp.route("/sign-in/new-password", methods=["GET", "POST"])
@public
def new_password():
    """Last step when an administrator set the password: the person chooses their own."""
    loaded = pending.load()
    if loaded is None:
        return _start_again()
    user, state = loaded
    if not state.get("factor") or not user.must_change_password:
        return pending.next_step(user)
    form = NewPasswordForm()
    if form.validate_on_submit() and pending.save_new_password(user, form):
        return pending.password_changed(user)
    return render_template("auth/new_password.html", form=form), 400 if form.errors else 200


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
