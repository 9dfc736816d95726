"""The lessons-learned register and the learning bulletin (domain.md A3, A5, B3.7).

For the appropriate authority and OPCC oversight (MANAGE_LEARNING). The pages show no
complainant's personal data; a case reference appears only as a link, and only to
someone who may open that case.
"""

from __future__ import annotations

import datetime as dt

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    url_for,
)
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from complaints.auth.models import User
from complaints.auth.permissions import Permission
from complaints.cases.models import Case
from complaints.cases.visibility import visible_to
from complaints.common import audit
from complaints.common.audit_model import AuditEvent
from complaints.common.clock import london_today, utcnow
from complaints.common.pagination import paginate
from complaints.forces.pages import page_force
from complaints.forces.services import is_single_force
from complaints.forms import options, whole_number
from complaints.learning import bulletin as bulletins
from complaints.learning import services
from complaints.learning.forms import (
    ACTION_FORMS,
    BulletinForm,
    EditLearningForm,
    NewLearningForm,
    RegisterFilterForm,
    VersionedForm,
)
from complaints.learning.models import LearningItem, LearningLevel, LearningSource, LearningStatus
from complaints.learning.register import RegisterFilters, overdue_count, themes
from complaints.learning.register import register as register_query
from complaints.reviews.models import Review
from complaints.saving import save, status_of
from complaints.web import actor, db, refuse, requires

bp = Blueprint("learning", __name__, url_prefix="/learning")

# Actions as they appear in URLs, and their titles.
URL_ACTIONS = {
    "accept": "accept",
    "start": "start",
    "implement": "implement",
    "not-accept": "not_accept",
    "share": "share",
    "respond": "respond",
}
ACTION_TITLES = {
    "accept": "Accept this lesson",
    "start": "Start work on this lesson",
    "implement": "Record that this lesson is implemented",
    "not_accept": "Record that this lesson is not accepted",
    "share": "Record how this lesson was shared",
    "respond": "Record the response to the IOPC",
}
ACTION_BUTTONS = {
    "accept": "Accept",
    "start": "Start work",
    "implement": "Mark as implemented",
    "not_accept": "Do not accept",
    "share": "Record sharing",
    "respond": "Record the IOPC response",
}


@bp.context_processor
def _words() -> dict:
    return {
        "action_buttons": ACTION_BUTTONS,
        "action_urls": {name: url for url, name in URL_ACTIONS.items()},
    }


@bp.route("")
@requires(Permission.MANAGE_LEARNING)
def register():
    """The register: every lesson, filtered by the URL, soonest due first."""
    session = db()
    form = RegisterFilterForm(formdata=request.args if request.args else MultiDict())
    form.theme.choices = options([("", "Any theme"), *((t, t) for t in themes(session, actor()))])
    valid = form.validate() if request.args else True
    filters = RegisterFilters()
    if valid:
        filters = RegisterFilters(
            statuses=tuple(LearningStatus(s) for s in form.status.data or ()),
            sources=tuple(LearningSource(s) for s in form.source.data or ()),
            levels=tuple(LearningLevel(s) for s in form.level.data or ()),
            theme=form.theme.data or None,
            overdue=bool(form.overdue.data),
        )
    today = london_today()
    page = paginate(
        session,
        register_query(filters, today, actor()),
        whole_number(request.args.get("page"), 1),
        int(current_app.config["PAGE_SIZE"]),
    )
    used = sorted(set(request.args) & {"status", "source", "level", "theme", "overdue", "page"})
    audit.record(
        session,
        "view",
        entity_type="learning_register",
        summary=", ".join(used) or "no filters",
        changes={"items_matching": page.total},
        actor=actor(),
        now=utcnow(),
    )
    session.commit()
    return render_template(
        "learning/register.html",
        form=form if not valid else None,
        filter_form=form,
        page=page,
        filters=filters,
        today=today,
        overdue=services.overdue_reasons,
        overdue_count=overdue_count(session, today, actor()),
    ), (200 if valid else 400)


@bp.route("/new", methods=["GET", "POST"])
@requires(Permission.MANAGE_LEARNING)
def new():
    """A lesson from any source: a case outcome, a review, the IOPC, a dip sample or an
    inspection."""
    session = db()
    form = NewLearningForm()
    _owner_choices(form)
    if form.validate_on_submit():
        source = LearningSource(form.source.data)
        try:
            case = services.case_for_lesson(session, actor(), form.case_reference.data, source)
        except services.LearningError as why:
            form.case_reference.errors = [*form.case_reference.errors, str(why)]
        else:
            data = services.LearningData(
                theme=form.theme.data or "",
                description=form.description.data or "",
                level=LearningLevel(form.level.data),
                owner_id=int(form.owner_id.data) if form.owner_id.data else None,
                due_on=form.due_on.data,
                source_detail=form.source_detail.data,
                received_on=form.received_on.data,
            )
            try:
                item = services.record_learning(
                    session,
                    actor(),
                    data,
                    utcnow(),
                    source=source,
                    case_id=case.id if case else None,
                    review_id=_latest_review(case) if source == LearningSource.REVIEW else None,
                )
                session.commit()
            except services.LearningError as refused:
                session.rollback()
                form.form_errors.append(str(refused))
            else:
                flash("Learning added to the register.", "success")
                return redirect(url_for("learning.detail", item_id=item.id))
    status = 400 if form.is_submitted() and form.errors else 200
    return render_template("learning/new.html", form=form), status


@bp.route("/<id:item_id>")
@requires(Permission.MANAGE_LEARNING)
def detail(item_id: int):
    """One lesson with its history and what may be done with it now."""
    item = _load(item_id)
    today = london_today()
    return render_template(
        "learning/detail.html",
        item=item,
        case=_visible_case(item),
        history=_history(item),
        actions=services.available(item),
        overdue=services.overdue_reasons(item, today),
        today=today,
    )


@bp.route("/<id:item_id>/edit", methods=["GET", "POST"])
@requires(Permission.MANAGE_LEARNING)
def edit(item_id: int):
    """Correct the lesson's words, level, owner, due date or source."""
    item = _load(item_id)
    form = EditLearningForm(obj=None if request.method == "POST" else item)
    _owner_choices(form)
    if request.method == "GET":
        form.stamp(item)
        form.owner_id.data = str(item.owner_id or "")
        form.level.data = item.level.value
    if form.validate_on_submit():
        data = services.EditData(
            theme=form.theme.data or "",
            description=form.description.data or "",
            level=LearningLevel(form.level.data),
            owner_id=int(form.owner_id.data) if form.owner_id.data else None,
            due_on=form.due_on.data,
            source_detail=form.source_detail.data,
        )
        if save(item, form, lambda: services.update_learning(db(), actor(), item, data, utcnow())):
            flash("Lesson updated.", "success")
            return redirect(url_for("learning.detail", item_id=item.id))
    return _form_page("learning/edit.html", item, form, "Change this lesson")


@bp.route(
    "/<id:item_id>/<any('accept','start','implement','not-accept','share','respond'):step>",
    methods=["GET", "POST"],
)
@requires(Permission.MANAGE_LEARNING)
def act(item_id: int, step: str):
    """One move of the lesson: accept, start, implement, not accept, share, respond."""
    item = _load(item_id)
    action = URL_ACTIONS[step]
    why = services.refusal(item, action)
    if why and request.method == "GET":
        flash(why, "error")
        return redirect(url_for("learning.detail", item_id=item.id))
    form = ACTION_FORMS[action]()
    if action == "accept":
        _owner_choices(form, "Choose an owner")
    if request.method == "GET":
        form.stamp(item)
        if action == "accept":
            form.owner_id.data = str(item.owner_id or "")
            form.due_on.data = item.due_on
    if form.validate_on_submit() and save(item, form, lambda: _apply(item, action, form)):
        flash(services.ACTION_LABELS[action] + ".", "success")
        return redirect(url_for("learning.detail", item_id=item.id))
    return _form_page("learning/action.html", item, form, ACTION_TITLES[action], action=action)


@bp.route("/bulletin")
@requires(Permission.MANAGE_LEARNING)
def bulletin():
    """Choose the period of a learning bulletin."""
    today = london_today()
    form = BulletinForm(formdata=MultiDict())
    form.start.data = today.replace(day=1) - dt.timedelta(days=1)
    form.start.data = form.start.data.replace(day=1)
    form.end.data = today.replace(day=1) - dt.timedelta(days=1)
    return render_template("learning/bulletin.html", form=None, bulletin_form=form)


@bp.route("/bulletin.pdf")
@requires(Permission.MANAGE_LEARNING)
def bulletin_pdf():
    """The bulletin for a period as a PDF: implemented lessons by theme, anonymised."""
    session = db()
    form = BulletinForm(formdata=request.args)
    today = london_today()
    content = None
    if form.validate():
        try:
            force = page_force()
            content = bulletins.gather(
                session, form.start.data, form.end.data, today, force.name, force_id=force.id
            )
        except bulletins.PeriodError as why:
            form.end.errors = [*form.end.errors, str(why)]
    if content is None:
        return render_template("learning/bulletin.html", form=form, bulletin_form=form), 400
    pdf = bulletins.render(content)
    name = bulletins.filename_for(content, "" if is_single_force(session) else force.code)
    audit.record(
        session,
        "export",
        entity_type="learning_bulletin",
        summary=f"learning bulletin {form.start.data.isoformat()} to {form.end.data.isoformat()}",
        changes={"lessons": content.count},
        actor=actor(),
        now=utcnow(),
    )
    session.commit()
    return Response(
        pdf,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )


# Helpers. --------------------------------------------------------------------------------


def _load(item_id: int) -> LearningItem:
    """The lesson, if this user may see it (else 404), its view audited once a request:
    every page that shows a lesson loads it here."""
    session, who = db(), actor()
    item = session.scalar(
        select(LearningItem).where(LearningItem.id == item_id, services.visible_items(who))
    )
    if item is None:
        refuse(404, "no such learning item")
    if g.get("learning_item_viewed") != item.id:
        g.learning_item_viewed = item.id
        audit.record(
            session,
            "view",
            entity_type="learning_items",
            entity_id=item.id,
            summary=f"learning item: {request.endpoint}",
            actor=who,
            now=utcnow(),
        )
        session.commit()
    return item


def _owner_choices(form, blank: str = "No owner yet") -> None:
    owners = db().scalars(select(User).where(User.active.is_(True)).order_by(User.full_name))
    form.owner_id.choices = options([("", blank)]) + options(
        (u.id, f"{u.full_name}, {u.role.label}") for u in owners
    )


def _latest_review(case: Case | None) -> int | None:
    if case is None:
        return None
    return db().scalar(
        select(Review.id).where(Review.case_id == case.id).order_by(Review.id.desc()).limit(1)
    )


def _visible_case(item: LearningItem) -> Case | None:
    if item.case_id is None:
        return None
    return db().scalar(select(Case).where(Case.id == item.case_id, visible_to(actor())))


HISTORY_WORDS = {"create": "Added to the register", "update": "Details changed"}


def _history(item: LearningItem) -> list[dict]:
    """What happened to the lesson, oldest first, from the audit trail."""
    events = db().scalars(
        select(AuditEvent)
        .where(
            AuditEvent.entity_type == "learning_items",
            AuditEvent.entity_id == item.id,
            AuditEvent.action != "view",
        )
        .order_by(AuditEvent.occurred_at, AuditEvent.id)
    )
    out = []
    for event in events:
        if event.action.startswith("learning:"):
            title = services.ACTION_LABELS.get(event.action.split(":", 1)[1], event.action)
        else:
            title = HISTORY_WORDS.get(event.action, event.action)
        detail = None
        if event.action == "update" and event.changes:
            detail = "Changed: " + ", ".join(k.replace("_", " ") for k in event.changes)
        out.append(
            {"at": event.occurred_at, "title": title, "by": event.actor_name, "detail": detail}
        )
    return out


def _apply(item: LearningItem, action: str, form: VersionedForm) -> None:
    session, who, now = db(), actor(), utcnow()
    if action == "accept":
        data = services.AcceptData(
            owner_id=int(form.owner_id.data) if form.owner_id.data else None,
            due_on=form.due_on.data,
        )
        services.accept_learning(session, who, item, data, now)
    elif action == "start":
        services.start_learning(session, who, item, now)
    elif action == "implement":
        services.implement_learning(
            session,
            who,
            item,
            services.ImplementData(form.evidence.data, form.completed_on.data),
            now,
        )
    elif action == "not_accept":
        services.not_accept_learning(
            session, who, item, services.NotAcceptData(form.reason.data or ""), now
        )
    elif action == "share":
        services.share_learning(
            session, who, item, services.ShareData(form.how.data or "", form.shared_on.data), now
        )
    elif action == "respond":
        services.respond_to_iopc(
            session,
            who,
            item,
            services.ResponseData(form.response.data or "", form.sent_on.data),
            now,
        )


def _form_page(template: str, item: LearningItem, form: VersionedForm, title: str, **extra):
    return render_template(
        template,
        item=item,
        form=form,
        page_title=title,
        case=_visible_case(item),
        conflict=getattr(form, "conflict", None),
        **extra,
    ), status_of(form)
