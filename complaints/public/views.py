"""The public complaint form at /complain: no sign-in, one question a page, "Check your
answers", then a confirmation with the reference (the GOV.UK question pages pattern).

The browser holds only the key to its answers (``drafts``). Every page is limited per
client address, and sending is limited more tightly; every write is audited with the
address, as the request's anonymous actor.
"""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from sqlalchemy import select

from complaints.auth import throttle
from complaints.auth.pending import THROTTLE
from complaints.common import audit
from complaints.common.clock import utcnow
from complaints.common.errors import Refused
from complaints.documents.services import store_for
from complaints.forces.models import Force
from complaints.forms import add_error, options, whole_number
from complaints.public import drafts, questions, services
from complaints.public.forms import FORMS, SendForm, as_answers, from_answers
from complaints.public.models import FormDraft
from complaints.web import actor, db, public

bp = Blueprint("public", __name__, url_prefix="/complain")

DRAFT_KEY = "complaint_form"
SENT_KEY = "complaint_sent"


def limited(kind: str) -> None:
    """Refuse with 429 once this address has used up the limit of ``kind``."""
    limiter = current_app.extensions[THROTTLE]
    if not limiter.take(throttle.Counter(kind, request.remote_addr or "unknown")):
        audit.record(db(), "throttled", entity_type="public_form", summary=kind, actor=actor())
        db().commit()
        abort(429)


def _forces() -> list[Force]:
    return list(db().scalars(select(Force).where(Force.active.is_(True)).order_by(Force.name)))


def _draft() -> FormDraft | None:
    return drafts.load(db(), session.get(DRAFT_KEY), utcnow())


@bp.route("", methods=["GET", "POST"])
@public
def start():
    """What the form is for and what it asks; starting it keeps a new set of answers."""
    if request.method == "POST":
        limited("public_page")  # CSRFProtect has checked the form's token
        audit.act_as(db(), actor())
        key, _ = drafts.start(db(), utcnow())
        db().commit()
        session[DRAFT_KEY] = key
        first = questions.asked({}, len(_forces()))[0]
        return redirect(url_for("public.question", slug=first.slug))
    return render_template("public/start.html", resume=_draft() is not None)


@bp.route("/files", methods=["GET", "POST"])
@public
def files():
    """Photos, videos or documents: added one at a time (each checked by its content and
    kept by its hash), removed, then on to the next question."""
    draft = _draft()
    if draft is None:
        return redirect(url_for("public.start", expired=1 if session.get(DRAFT_KEY) else None))
    forces = _forces()
    form = FORMS["files"]()
    if request.method == "POST":
        limited("public_page")
    removing = request.form.get("remove")
    if form.validate_on_submit():
        audit.act_as(db(), actor())
        here = url_for("public.files", change=request.args.get("change"))
        if removing is not None:
            services.remove_file(draft, whole_number(removing, -1), utcnow())
            db().commit()
            return redirect(here)
        upload = form.file.data
        try:
            if upload is not None and upload.filename:
                services.keep_file(
                    draft, upload.filename, upload.read(), store_for(current_app.config), utcnow()
                )
        except Refused as refused:
            db().rollback()
            add_error(form, str(refused), "file")
        else:
            if form.add.data:
                db().commit()
                return redirect(here)
            drafts.answer(draft, "files", {}, utcnow())
            db().commit()
            following = questions.next_after("files", draft.answers, len(forces))
            if request.args.get("change") or following is None:
                return redirect(url_for("public.check"))
            return redirect(url_for("public.question", slug=following))
    return _question_page(form, questions.BY_SLUG["files"], draft, forces)


@bp.route("/<slug>", methods=["GET", "POST"])
@public
def question(slug: str):
    """One question page: the answers kept so far shown, and kept again when sent."""
    question = questions.BY_SLUG.get(slug) or abort(404)
    draft = _draft()
    if draft is None:
        return redirect(url_for("public.start", expired=1 if session.get(DRAFT_KEY) else None))
    forces = _forces()
    form = FORMS[slug](data=from_answers(draft.answers or {}) if request.method == "GET" else None)
    if hasattr(form, "force"):
        form.force.choices = options((f.code, f.name) for f in forces)
    if request.method == "POST":
        limited("public_page")
    if form.validate_on_submit():
        audit.act_as(db(), actor())
        answers = as_answers(form)
        if getattr(form, "website", None) is not None and form.website.data:
            answers["_filled_trap"] = True
        drafts.answer(draft, slug, answers, utcnow())
        db().commit()
        following = questions.next_after(slug, draft.answers, len(forces))
        if request.args.get("change") or following is None:
            return redirect(url_for("public.check"))
        return redirect(url_for("public.question", slug=following))
    return _question_page(form, question, draft, forces)


def _question_page(form, question: questions.Question, draft: FormDraft, forces: list[Force]):
    pages = questions.asked(draft.answers or {}, len(forces))
    number = next((i for i, q in enumerate(pages, 1) if q.slug == question.slug), None)
    status = 400 if form.errors else 200
    return render_template(
        "public/question.html",
        form=form,
        question=question,
        number=number,
        of=len(pages),
        back=_previous(question.slug, pages),
        files=(draft.answers or {}).get("files") or [],
    ), status


def _previous(slug: str, pages: list[questions.Question]) -> str:
    slugs = [q.slug for q in pages]
    if request.args.get("change"):
        return url_for("public.check")
    if slug in slugs and slugs.index(slug) > 0:
        return url_for("public.question", slug=slugs[slugs.index(slug) - 1])
    return url_for("public.start")


@bp.route("/check", methods=["GET", "POST"])
@public
def check():
    """Every answer with a link to change it, then send."""
    draft = _draft()
    if draft is None:
        return redirect(url_for("public.start", expired=1 if session.get(DRAFT_KEY) else None))
    forces = _forces()
    missing = questions.first_unanswered(draft.answers or {}, len(forces))
    if missing is not None:
        return redirect(url_for("public.question", slug=missing))
    form = SendForm()
    if form.validate_on_submit():
        limited("public_send")
        force = _chosen_force(draft, forces)
        who = actor()
        least = current_app.config["PUBLIC_FORM_MIN_SECONDS"]
        if services.looks_automated(draft, utcnow(), least):
            audit.record(db(), "refused", entity_type="public_form", summary="automated", actor=who)
            drafts.discard(db(), draft)
            db().commit()
            session[SENT_KEY] = services.new_reference()  # told nothing a program can use
            return redirect(url_for("public.sent"))
        submission = services.submit(db(), who, draft, force, len(forces), utcnow())
        db().commit()
        session.pop(DRAFT_KEY, None)
        session[SENT_KEY] = submission.reference
        return redirect(url_for("public.sent"))
    names = {f.code: f.name for f in forces}
    rows = questions.rows(draft.answers or {}, len(forces), names)
    return render_template("public/check.html", form=form, rows=rows)


def _chosen_force(draft: FormDraft, forces: list[Force]) -> Force:
    if len(forces) == 1:
        return forces[0]
    code = (draft.answers or {}).get("force")
    return next((f for f in forces if f.code == code), None) or abort(400)


@bp.route("/sent")
@public
def sent():
    """The reference, and what happens next."""
    reference = session.get(SENT_KEY) or abort(404)
    return render_template("public/sent.html", reference=reference)
