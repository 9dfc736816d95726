"""The OPCC's review queue, review applications, decisions and the force's responses.

An OPCC reviewer reads a case file only while a review of it is allocated to them (A8);
the review record (decision, recommendations, letters) stays readable to the reviewers
who recorded, took or decided it. Every page that shows case data is audited.
"""

from __future__ import annotations

import io
from functools import partial

from flask import (
    Blueprint,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)

from complaints.auth.permissions import Permission, can, role_can
from complaints.cases import services as case_services
from complaints.cases import steps, workflow
from complaints.cases.forms.steps import DecideReviewForm, step_data
from complaints.cases.models import Case
from complaints.cases.queries import is_known_to, load_visible
from complaints.common import audit
from complaints.common.clock import london_today, utcnow
from complaints.common.errors import Refused
from complaints.common.pagination import paginate
from complaints.documents.models import Attachment
from complaints.documents.services import (
    LetterSettings,
    letter_settings,
    open_attachment,
    store_for,
)
from complaints.documents.storage import TamperedFile
from complaints.forms import whole_number
from complaints.reviews import queue as review_queue
from complaints.reviews import services
from complaints.reviews.forms import (
    ApplicationForm,
    FindComplaintForm,
    ResponseForm,
    TakeReviewForm,
)
from complaints.reviews.lifecycle import open_review, review_deadline
from complaints.reviews.models import Review, ReviewBody, ReviewRecommendation
from complaints.saving import save, status_of
from complaints.web import actor, db, refuse, requires

bp = Blueprint("reviews", __name__, url_prefix="/reviews")
P = Permission
QUEUE_SIZE = 25


def _letters() -> LetterSettings:
    return letter_settings(current_app.config)


def _load_review(review_id: int, part: str) -> Review:
    """The review if this user may read its record (audited); 404 otherwise, alike for
    a review that does not exist and one the user may not see."""
    session = db()
    review = session.get(Review, review_id)
    if review is None or not services.may_read(session, actor(), review):
        refuse(404, "review not visible" if review else "no such review")
    audit.record(
        session,
        "view",
        entity_type="reviews",
        entity_id=review.id,
        case_id=review.case_id,
        summary=part,
    )
    session.commit()
    return review


# The queue. ---------------------------------------------------------------------------------


@bp.route("")
@requires(P.REVIEW)
def queue():
    """Open OPCC reviews, oldest first, filtered to mine, unallocated or all."""
    session = db()
    who = actor()
    show = request.args.get("show", "all")
    if show not in review_queue.SHOWS:
        show = "all"
    page = paginate(
        session,
        review_queue.queue(who, show),
        whole_number(request.args.get("page"), 1),
        QUEUE_SIZE,
    )
    audit.record(
        session,
        "view",
        entity_type="review_queue",
        summary=show,
        changes={"reviews_matching": page.total},
    )
    session.commit()
    today = london_today()
    return render_template(
        "reviews/queue.html",
        page=page,
        show=show,
        shows=review_queue.SHOWS,
        ages={r.id: review_queue.age(r, today) for r in page.items},
        me=who.user_id,
    )


@bp.route("/<id:review_id>/take", methods=["POST"])
@requires(P.REVIEW)
def take(review_id: int):
    """Allocate a review to the reviewer taking it; from then on they read its case."""
    session = db()
    review = session.get(Review, review_id)
    who = actor()
    if review is None or not is_known_to(session, who, review.case_id):
        refuse(404, "no such review")
    if not TakeReviewForm().validate_on_submit():
        flash("The review was not taken: try again.", "error")
        return redirect(url_for("reviews.queue", show="unallocated"))
    try:
        services.take_review(session, who, review, utcnow())
    except services.ReviewError as refused:
        session.rollback()
        flash(str(refused), "error")
        return redirect(url_for("reviews.queue"))
    session.commit()
    flash(f"{review.case.reference}: you have taken this review.", "success")
    return redirect(url_for("reviews.detail", review_id=review.id))


# Recording an application. -----------------------------------------------------------------


@bp.route("/new", methods=["GET", "POST"])
@requires(P.REVIEW)
def new():
    """Record an application received by the OPCC or the IOPC, found by its reference."""
    session = db()
    who = actor()
    find = FindComplaintForm(request.args if "reference" in request.args else None)
    form = ApplicationForm()
    reference = form.reference.data if request.method == "POST" else find.reference.data
    case = None
    if request.method == "POST" or "reference" in request.args:
        if request.method == "GET" and not find.validate():
            return _new_page(find, None, None, 400)
        case = services.find_awaiting_review(session, who, reference or "")
        if case is None or not services.may_record(who, case):
            find.reference.errors = [services.NOT_WAITING]
            return _new_page(find, None, None, 400)
        case_services.record_view(session, who, case, utcnow(), "review application")
        session.commit()
    if case is None:
        return _new_page(find, None, None)
    if request.method == "GET":
        form.reference.data = case.reference
        form.received_on.data = london_today()
        form.received_by.data = ReviewBody.OPCC.value
        return _new_page(find, form, case)
    if form.validate_on_submit():
        body, reason = services.review_body_for(case)
        data = {
            "received_on": form.received_on.data,
            "received_by": form.received_by.data,
            "body": body.value,
            "routing_reason": reason,
            "late_special_reason": form.late_special_reason.data,
        }
        try:
            if form.not_valid.data:
                services.record_not_valid(session, who, case, data, _letters(), utcnow())
                message = (
                    f"{case.reference}: the application was recorded as not valid and a "
                    "letter telling the applicant is kept with the case."
                )
            else:
                review = services.record_application(session, who, case, data, _letters(), utcnow())
                message = _recorded_message(case, review)
            session.commit()
            flash(message, "success")
            return redirect(url_for("reviews.queue"))
        except Refused as no:
            session.rollback()
            text = str(no)
            if isinstance(no, workflow.TransitionError) and "special reason" in text:
                text += ", or record it as not valid"
            form.form_errors.append(text)
    return _new_page(find, form, case, 400)


def _recorded_message(case: Case, review: Review) -> str:
    text = f"{case.reference}: review application recorded."
    if review.forwarded_on is not None:
        text += (
            f" It was forwarded to the {review.body.value.upper()}, and the letter telling "
            "the applicant is kept with the case."
        )
    elif review.body == ReviewBody.OPCC:
        text += " It is in the queue for an OPCC reviewer to take."
    return text


def _new_page(find, form, case, status: int = 200):
    body = reason = None
    if case is not None:
        body, reason = services.review_body_for(case)
    return (
        render_template(
            "reviews/new.html",
            find=find,
            form=form,
            case=case,
            body=body,
            reason=reason,
            deadline=review_deadline(case) if case is not None else None,
        ),
        status,
    )


# The review record. -------------------------------------------------------------------------


@bp.route("/<id:review_id>")
@requires(P.VIEW_CASES)
def detail(review_id: int):
    """A review's record: application, validity, decision, recommendations and letters."""
    review = _load_review(review_id, "review record")
    who = actor()
    case = review.case
    reads_case = load_visible(db(), who, case.id) is not None
    decide = workflow.TRANSITIONS["decide_review"]
    may_decide = (
        reads_case
        and open_review(case) is review
        and workflow.blocked_reason(case, decide, who, {}, utcnow()) is None
    )
    return render_template(
        "reviews/detail.html",
        review=review,
        case=case,
        reads_case=reads_case,
        may_decide=may_decide,
        may_take=services.why_not_take(who, review) is None,
        may_respond=reads_case and can(who, P.DECIDE, case),
        letters=services.letters_of(review),
        take_form=TakeReviewForm(),
        show_personal_data=can(who, P.VIEW_PERSONAL_DATA, case),
    )


@bp.route("/<id:review_id>/decide", methods=["GET", "POST"])
@requires(P.VIEW_CASES)
def decide(review_id: int):
    """The review body's decision: the OPCC reviewer's own, or the IOPC's as recorded by
    the appropriate authority. The same step as on the case's own step page (``steps.take``)."""
    who = actor()
    if not (role_can(who.role, P.REVIEW) or role_can(who.role, P.DECIDE)):
        refuse(403, "needs review or decide")
    session = db()
    review = session.get(Review, review_id)
    case = load_visible(session, who, review.case_id) if review is not None else None
    if case is None or open_review(case) is not review:
        refuse(404, "no open review visible", case_id=review.case_id if review else None)
    case_services.record_view(session, who, case, utcnow(), "review decision")
    session.commit()
    transition = workflow.TRANSITIONS["decide_review"]
    blocked = workflow.blocked_reason(case, transition, who, {}, utcnow())
    if blocked is not None:
        refuse(403, f"decide review: {blocked}", case_id=case.id)
    form = DecideReviewForm(case)
    if form.validate_on_submit():
        decide = partial(
            steps.take, session, who, case, "decide_review", step_data(form), _letters(), utcnow()
        )
        if save(case, form, decide):
            flash(
                f"{case.reference}: review decided ({review.outcome.label.lower()}).",
                "success",
            )
            if review.body == ReviewBody.OPCC:
                return redirect(url_for("reviews.queue"))
            return redirect(url_for("reviews.detail", review_id=review.id))
    page = render_template(
        "reviews/decide.html",
        form=form,
        review=review,
        case=case,
        conflict=getattr(form, "conflict", None),
    )
    return page, status_of(form)


@bp.route("/<id:review_id>/letters/<id:attachment_id>")
@requires(P.VIEW_PERSONAL_DATA)
def letter(review_id: int, attachment_id: int):
    """A letter about this review, checked against its hash; every download is audited."""
    review = _load_review(review_id, "review letter")
    session = db()
    attachment = session.get(Attachment, attachment_id)
    if attachment is None or attachment not in services.letters_of(review):
        refuse(404, "no such letter on this review", case_id=review.case_id)
    try:
        data = open_attachment(
            session, actor(), attachment, store_for(current_app.config), utcnow()
        )
    except TamperedFile:
        session.commit()
        return render_template("reviews/letter_refused.html", review=review), 409
    session.commit()
    response = send_file(
        io.BytesIO(data),
        mimetype=attachment.content_type,
        as_attachment=True,
        download_name=attachment.filename,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route(
    "/<id:review_id>/recommendations/<id:recommendation_id>/response", methods=["GET", "POST"]
)
@requires(P.DECIDE)
def respond(review_id: int, recommendation_id: int):
    """The appropriate authority's response to one recommendation (B3.6)."""
    review = _load_review(review_id, "recommendation response")
    session = db()
    recommendation = session.get(ReviewRecommendation, recommendation_id)
    if recommendation is None or recommendation.review_id != review.id:
        refuse(404, "no such recommendation on this review", case_id=review.case_id)
    who = actor()
    if not can(who, P.DECIDE, review.case):
        refuse(403, "not the appropriate authority for this case", case_id=review.case_id)
    form = ResponseForm()
    if not form.is_submitted():
        form.stamp(recommendation)
        if recommendation.responded_on is not None:
            form.response.data = recommendation.response
            form.accepted.data = "yes" if recommendation.accepted else "no"
            form.responded_on.data = recommendation.responded_on
    if form.validate_on_submit():
        data = services.ResponseData(
            response=form.response.data,
            accepted=form.accepted.data == "yes",
            responded_on=form.responded_on.data,
            raise_learning=bool(form.raise_learning.data),
            seen=form.seen.data or "",
        )
        respond = partial(
            services.respond_to_recommendation, session, who, recommendation, data, utcnow()
        )
        if save(recommendation, form, respond):
            flash(f"Response to recommendation {recommendation.number} recorded.", "success")
            return redirect(url_for("reviews.detail", review_id=review.id))
    conflict = getattr(form, "conflict", None)
    page = render_template(
        "reviews/respond.html",
        form=form,
        review=review,
        recommendation=recommendation,
        conflict=conflict,
    )
    return page, status_of(form)
