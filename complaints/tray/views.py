"""The work tray, bring-forward dates on a case, and the daily digest setting."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user
from flask_wtf import FlaskForm

from complaints.auth.permissions import Permission
from complaints.cases.services import record_list_view
from complaints.cases.views.common import load_case
from complaints.common.clock import london_today, utcnow
from complaints.tray import queries, services
from complaints.tray.forms import BringForwardForm, DigestForm
from complaints.tray.models import BringForward
from complaints.web import actor, db, refuse, requires

bp = Blueprint("tray", __name__)


@bp.route("/tray")
@requires(Permission.VIEW_CASES)
def index():
    """What is waiting for me: deadlines, decisions, new cases, bring-forwards, answers owed."""
    session = db()
    who = actor()
    today = london_today()
    tray = queries.tray(session, who, today)
    # A list of cases is a view too (A8): who looked, and how many cases it showed.
    shown = {c.id for c in (*tray.deadlines, *tray.decisions, *tray.new_cases)}
    shown |= {b.case_id for b in tray.bring_forwards}
    shown |= {r.review.case_id for r in tray.recommendations}
    record_list_view(session, who, utcnow(), ["tray"], len(shown))
    session.commit()
    return render_template("tray/index.html", tray=tray, today=today)


@bp.route("/cases/<id:case_id>/bring-forward", methods=["GET", "POST"])
@requires(Permission.VIEW_CASES)
def add_bring_forward(case_id: int):
    """A date to come back to a case, with a note to oneself ("chase CCTV")."""
    case = load_case(case_id, "add bring-forward date")
    form = BringForwardForm()
    if form.validate_on_submit():
        session = db()
        data = services.BringForwardData(due_on=form.due_on.data, note=form.note.data or "")
        try:
            services.add_bring_forward(session, actor(), case, data, utcnow())
        except services.TrayError as refused:
            session.rollback()
            field = form[refused.field]
            field.errors = [*field.errors, str(refused)]
        else:
            session.commit()
            flash("Bring-forward date added. It is in your work tray.", "success")
            return redirect(url_for("cases.detail", case_id=case.id))
    page = render_template(
        "tray/bring_forward.html", form=form, case=case, page_title="Add a bring-forward date"
    )
    return page, 400 if form.errors else 200


@bp.route("/tray/bring-forward/<id:bring_forward_id>/done", methods=["POST"])
@requires(Permission.VIEW_CASES)
def mark_done(bring_forward_id: int):
    """Mark one's own bring-forward date done; anyone else's is not there for them."""
    session = db()
    who = actor()
    reminder = session.get(BringForward, bring_forward_id)
    if reminder is None or reminder.user_id != who.user_id:
        refuse(404, "no such bring-forward date of theirs")
    case = load_case(reminder.case_id, "bring-forward date done")
    if FlaskForm().validate_on_submit():
        services.mark_done(session, who, reminder, utcnow())
        session.commit()
        flash(f"Bring-forward date on {case.reference} marked done.", "success")
    if request.form.get("back") == "case":
        return redirect(url_for("cases.detail", case_id=case.id))
    return redirect(url_for("tray.index"))


@bp.route("/account/digest", methods=["GET", "POST"])
@requires(Permission.VIEW_CASES)
def digest():
    """Turn one's own daily digest email on or off."""
    user = current_user.user
    form = DigestForm()
    if not form.is_submitted():
        form.wanted.data = "yes" if user.digest_emails else "no"
    if form.validate_on_submit():
        session = db()
        services.set_digest(session, actor(), user, form.wanted.data == "yes", utcnow())
        session.commit()
        flash(
            "You will get the daily digest."
            if user.digest_emails
            else "You will not get the daily digest.",
            "success",
        )
        return redirect(url_for("account.index"))
    return render_template("tray/digest.html", form=form), 400 if form.errors else 200
