"""The handlers' queue of complaints sent online, and the page where each is triaged
beside the cases it may match: logged as a new case, added to a case, or not a complaint.
"""

from __future__ import annotations

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for

from complaints.auth.permissions import Permission
from complaints.common import audit
from complaints.common.clock import utcnow
from complaints.common.errors import ChangedMeanwhile, Refused
from complaints.common.pagination import paginate
from complaints.documents.services import store_for
from complaints.forces.models import Force
from complaints.forms import add_error, whole_number
from complaints.public import questions, triage
from complaints.public.models import NotAComplaint, OnlineSubmission
from complaints.public.triage_forms import AddToCaseForm, NotAComplaintForm
from complaints.web import actor, db, requires

bp = Blueprint("submissions", __name__, url_prefix="/submissions")

PER_PAGE = 25


@bp.route("")
@requires(Permission.LOG_CASE)
def queue():
    """Complaints sent online and not yet triaged, oldest first."""
    page = paginate(
        db(), triage.waiting(actor()), whole_number(request.args.get("page"), 1), PER_PAGE
    )
    return render_template("public/queue.html", page=page)


@bp.route("/<id:submission_id>", methods=["GET", "POST"])
@requires(Permission.LOG_CASE)
def detail(submission_id: int):
    """One submission as sent, the cases it may match, and what to do with it."""
    session = db()
    who = actor()
    submission = triage.load(session, who, submission_id) or abort(404)
    add_form = AddToCaseForm(prefix="add")
    reject_form = NotAComplaintForm(prefix="reject")
    if request.method == "GET":
        add_form.version.data = reject_form.version.data = str(submission.version)
    failed = None
    if request.method == "POST":
        chosen = add_form if add_form.add.data else reject_form
        if chosen.validate_on_submit():
            try:
                message = _decide(submission, chosen)
                session.commit()
            except (ChangedMeanwhile, Refused) as refused:
                session.rollback()
                add_error(chosen, str(refused), getattr(refused, "field", None))
            else:
                flash(message, "success")
                return redirect(url_for("submissions.queue"))
        failed = chosen
    audit_view(submission)
    force = session.get(Force, submission.force_id)
    rows = questions.rows(submission.answers, 1, {})
    page = render_template(
        "public/submission.html",
        submission=submission,
        force=force,
        rows=rows,
        matches=triage.matches(session, who, submission),
        add_form=add_form,
        reject_form=reject_form,
        form=failed,  # the error summary of the form that was sent
    )
    return page, 400 if failed is not None and failed.errors else 200


def _decide(submission: OnlineSubmission, form) -> str:
    session, who, now = db(), actor(), utcnow()
    if isinstance(form, AddToCaseForm):
        store = store_for(current_app.config)
        reference = form.reference.data or ""
        case = triage.add_to_case(
            session, who, submission, reference, form.version_seen(), store, now
        )
        return f"{submission.reference} added to {case.reference}."
    triage.not_a_complaint(
        session,
        who,
        submission,
        NotAComplaint(form.reason.data),
        form.note.data or "",
        form.version_seen(),
        now,
    )
    return f"{submission.reference} recorded as not a complaint."


def audit_view(submission: OnlineSubmission) -> None:
    """Every view of a submission is in the audit trail, as every view of a case is."""
    audit.record(
        db(),
        "view",
        entity_type="online_submissions",
        entity_id=submission.id,
        actor=actor(),
        now=utcnow(),
    )
    db().commit()
