"""One page per lifecycle step: what it will do, what it needs, and why it is not
possible yet when a guard says no. Every step goes through ``workflow.apply``."""

from __future__ import annotations

from functools import partial

from flask import abort, current_app, flash, redirect, url_for
from sqlalchemy import select

from complaints.auth.models import User
from complaints.auth.permissions import Permission
from complaints.cases import correspondence, hints, queries, steps, workflow
from complaints.cases.forms.steps import NEXT, step_data, step_form
from complaints.cases.views.blueprint import bp
from complaints.cases.views.common import done, load_case, render_form, save
from complaints.common.clock import utcnow
from complaints.common.errors import Refused
from complaints.documents.services import letter_settings
from complaints.forms import options
from complaints.investigations import investigators
from complaints.reviews.routing import propose_review_body
from complaints.web import actor, db, refuse, requires


@bp.route("/<id:case_id>/steps/<name>", methods=["GET", "POST"])
@requires(Permission.VIEW_CASES)
def step(case_id: int, name: str):
    """Take one step of the lifecycle; who may is decided per step and case (A2, A8)."""
    transition = workflow.TRANSITIONS.get(name)
    if transition is None:
        abort(404)
    case = load_case(case_id, f"step {name}")
    who = actor()
    why_not = workflow.permitted(case, transition, who)
    if why_not is not None:
        refuse(403, f"step {name}: {why_not}", case_id=case.id)
    form = step_form(name)(case)
    _prepare(form, case)
    draft = None
    if form.validate_on_submit():
        if getattr(form, "previewing", lambda: False)():
            draft = _preview(form, case)
        else:
            data = step_data(form)
            letters = letter_settings(current_app.config)
            take = partial(steps.take, db(), who, case, name, data, letters, utcnow())
            if save(case, form, take):
                message = f"{transition.label}: done. The case is now {case.state.label}."
                if queries.load_visible(db(), who, case.id) is None:
                    # e.g. a reviewer once the review is decided (A8): back to their start page
                    flash(f"{case.reference}: {message}", "success")
                    return redirect(url_for("home.index"))
                return done(case, message)
    blocked = workflow.blocked_reason(case, transition, who, {}, utcnow())
    return render_form(
        "cases/step.html",
        case,
        form,
        transition=transition,
        next_text=NEXT.get(name),
        blocked=hints.hint_for(case, who, transition, blocked),
        draft=draft,
    )


def _preview(form, case) -> correspondence.Draft | None:
    """The letter the step would send now, or None with the refusal on the form."""
    try:
        return correspondence.preview_outcome(db(), actor(), case, step_data(form), utcnow())
    except Refused as refused:
        form.add_error(str(refused), getattr(refused, "field", None))
        return None


def _prepare(form, case) -> None:
    """Fill choices known only now, and sensible defaults the user can change."""
    if hasattr(form, "investigator_id"):
        people = db().scalars(
            select(User).where(investigators.offered(case)).order_by(User.full_name)
        )
        form.investigator_id.choices = options([("", "Choose an investigator")]) + options(
            (u.id, u.full_name) for u in people
        )
        if not form.is_submitted() and case.investigation is not None:
            form.investigator_id.data = str(case.investigation.investigator_id or "")
            form.terms_of_reference.data = case.investigation.terms_of_reference
            form.special_procedures.data = case.investigation.special_procedures
    if form.is_submitted():
        return
    if hasattr(form, "review_body_reason"):
        proposal = propose_review_body(case)
        form.review_body.data = proposal.body.value
        form.review_body_reason.data = proposal.reason
    if hasattr(form, "body") and case.review_body is not None:
        form.body.data = case.review_body.value
