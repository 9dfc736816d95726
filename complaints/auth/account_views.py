"""A person's own account: password, second factor, sessions and recent sign-ins."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, url_for
from flask_login import current_user
from flask_wtf import FlaskForm

from complaints.auth import pending, services, signing_in, two_factor
from complaints.auth.forms import ChangePasswordForm
from complaints.common.clock import utcnow
from complaints.web import actor, db, signed_in

bp = Blueprint("account", __name__, url_prefix="/account")


@bp.route("")
@signed_in
def index():
    """What the person can change about their own sign-in, and who signed in as them."""
    user = current_user.user
    return render_template(
        "account/index.html",
        user=user,
        codes_left=two_factor.recovery_codes_left(user),
        sign_ins=signing_in.recent_sign_ins(db(), user),
    )


@bp.route("/password", methods=["GET", "POST"])
@signed_in
def password():
    """Change one's own password; other sessions end, this one carries on."""
    user = current_user.user
    form = ChangePasswordForm()
    if form.validate_on_submit():
        if not services.verify_password(user, form.current.data):
            form.current.errors.append("Your current password is not correct")
        elif pending.save_new_password(user, form):
            pending.sign_in_again(user)
            flash("Your password has been changed. Other devices have been signed out.", "success")
            return redirect(url_for("account.index"))
    return render_template("account/password.html", form=form), 400 if form.errors else 200


@bp.route("/recovery-codes", methods=["POST"])
@signed_in
def recovery_codes():
    """Ten new recovery codes, shown once; the old ones stop working."""
    form = FlaskForm()  # a button: only the CSRF token to check
    if not form.validate_on_submit():
        return redirect(url_for("account.index"))
    session = db()
    codes = two_factor.new_recovery_codes(session, actor(), current_user.user, utcnow())
    session.commit()
    return render_template(
        "auth/recovery_codes.html", codes=codes, next_url=url_for("account.index")
    )


@bp.route("/sign-out-other-devices", methods=["POST"])
@signed_in
def sign_out_other_devices():
    """End every other session of this account (a shared or lost computer), not this one."""
    form = FlaskForm()  # a button: only the CSRF token to check
    if form.validate_on_submit():
        session = db()
        user = current_user.user
        services.sign_out_everywhere(session, actor(), user, utcnow())
        session.commit()
        pending.sign_in_again(user)
        flash("You have been signed out on every other device.", "success")
    return redirect(url_for("account.index"))


@bp.route("/keep-alive", methods=["POST"])
@signed_in
def keep_alive():
    """ "Stay signed in" from the timeout warning: any request counts as activity."""
    return "", 204
