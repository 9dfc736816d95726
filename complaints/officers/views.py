"""A subject's page: their identities and their complaint history, for the appropriate
authority (and the OPCC, for the chief constable). Every view is audited."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for

from complaints.auth.permissions import Permission, role_can
from complaints.common.clock import utcnow
from complaints.common.errors import Refused
from complaints.forms import add_error
from complaints.intervention import alerts
from complaints.officers import duty, history
from complaints.officers.forms import DutyReviewForm, DutyStatusForm
from complaints.officers.models import DutyKind, DutyStatus
from complaints.web import actor, audit_view, db, requires

bp = Blueprint("officers", __name__, url_prefix="/subjects")


@bp.route("/<id:subject_id>")
@requires(Permission.DECIDE)
def subject(subject_id: int):
    """One person's identities and every case about them that the reader may see."""
    session, who = db(), actor()
    found = history.load(session, who, subject_id) or abort(404)
    shown = history.history(session, who, found)
    audit_view("subjects", "subject history", found.id)
    statuses = duty.of_subject(session, found)
    return render_template(
        "officers/subject.html",
        history=shown,
        statuses=statuses,
        current=duty.current(found, statuses),
        alerts=alerts.of_subject(session, who, found.id),
        may_decide=role_can(who.role, Permission.DECIDE) and found.force_id in who.decides_for,
    )


@bp.route("/<id:subject_id>/duty/new", methods=["GET", "POST"])
@requires(Permission.DECIDE)
def new_duty_status(subject_id: int):
    """Record a suspension, restricted duties or a reposting (ending any status open)."""
    session, who = db(), actor()
    found = history.load(session, who, subject_id) or abort(404)
    form = DutyStatusForm()
    if form.validate_on_submit():
        data = duty.NewDutyStatus(
            DutyKind(form.kind.data), form.reason.data or "", form.started_on.data
        )
        if _saved(form, lambda: duty.start(session, who, found, data, utcnow())):
            flash(f"{DutyKind(form.kind.data).label} recorded.", "success")
            return redirect(url_for("officers.subject", subject_id=found.id))
    page = render_template("officers/duty_form.html", form=form, subject=found, status=None)
    return page, 400 if form.errors else 200


@bp.route("/<id:subject_id>/duty/<id:status_id>/review", methods=["GET", "POST"])
@requires(Permission.DECIDE)
def review_duty_status(subject_id: int, status_id: int):
    """Record a review: the status continues (next review in four weeks) or ends."""
    session, who = db(), actor()
    found = history.load(session, who, subject_id) or abort(404)
    status = session.get(DutyStatus, status_id)
    if status is None or status.subject_id != found.id:
        abort(404)
    form = DutyReviewForm()
    if form.validate_on_submit():

        def write():
            duty.review(
                session,
                who,
                status,
                reviewed_on=form.reviewed_on.data,
                continued=form.continued.data == "yes",
                note=form.note.data or "",
                now=utcnow(),
            )

        if _saved(form, write):
            flash("Review recorded.", "success")
            return redirect(url_for("officers.subject", subject_id=found.id))
    page = render_template("officers/duty_form.html", form=form, subject=found, status=status)
    return page, 400 if form.errors else 200


def _saved(form, write) -> bool:
    """Run one write and commit it; a refusal goes beside the field it names."""
    try:
        write()
        db().commit()
    except Refused as refused:
        db().rollback()
        add_error(form, str(refused), getattr(refused, "field", None))
        return False
    return True
