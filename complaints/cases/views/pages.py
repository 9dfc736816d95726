"""The case list and the read-only case tabs. Every page load of a case is audited."""

from __future__ import annotations

from flask import current_app, render_template, request
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from complaints.auth.permissions import Permission
from complaints.auth.roles import Role
from complaints.cases import delivery, queries, services
from complaints.cases.choices import CaseState, CaseType
from complaints.cases.forms import CaseFilterForm
from complaints.cases.timeline import timeline
from complaints.cases.views.blueprint import bp
from complaints.cases.views.common import load_case, render_case
from complaints.common.clock import utcnow
from complaints.documents.models import Attachment
from complaints.forces import staff
from complaints.forms import options, whole_number
from complaints.investigations.queries import conduct_for_case
from complaints.reference.models import AllegationCategory
from complaints.web import actor, db, requires


@bp.route("/")
@requires(Permission.VIEW_CASES)
def index():
    """All cases this user may see, filtered and sorted from the query string."""
    session = db()
    form = CaseFilterForm(formdata=request.args if request.args else MultiDict())
    _fill_choices(form)
    valid = form.validate() if request.args else True
    filters = _filters(form) if valid else queries.CaseFilters()
    page = queries.case_page(
        session,
        actor(),
        filters,
        whole_number(request.args.get("page"), 1),
        int(current_app.config["PAGE_SIZE"]),
    )
    # Which filters were used, never what was typed: search text may hold personal data.
    used = sorted(set(request.args) & (set(form._fields) | {"sort", "order", "page"}))
    services.record_list_view(session, actor(), utcnow(), used, page.total)
    session.commit()
    return (
        render_template(
            "cases/index.html",
            form=form,
            page=page,
            filters=filters,
            filtered=bool(request.args.get("submit") or _any_filter(filters)),
        ),
        200 if valid else 400,
    )


def _fill_choices(form: CaseFilterForm) -> None:
    session = db()
    mine = actor().forces
    form.division.choices = options(session.execute(staff.divisions_menu(mine, active_only=False)))
    form.category.choices = options([("", "Any category")]) + options(
        (category_id, f"{code} {name}")
        for category_id, code, name in session.execute(
            select(AllegationCategory.id, AllegationCategory.code, AllegationCategory.name)
            .where(AllegationCategory.legacy.is_(False))
            .order_by(AllegationCategory.sort_order)
        )
    )
    form.handler.choices = options([("", "Any handler")]) + options(
        session.execute(staff.staff_menu(Role.HANDLER, mine))
    )


def _filters(form: CaseFilterForm) -> queries.CaseFilters:
    sort = request.args.get("sort", "received")
    return queries.CaseFilters(
        states=tuple(CaseState(s) for s in form.state.data or ()),
        case_types=tuple(CaseType(t) for t in form.case_type.data or ()),
        division_ids=tuple(int(d) for d in form.division.data or ()),
        category_ids=(int(form.category.data),) if form.category.data else (),
        handler_id=int(form.handler.data) if form.handler.data else None,
        received_from=form.received_from.data,
        received_to=form.received_to.data,
        text=(form.q.data or "").strip() or None,
        sort=sort if sort in queries.SORTS else "received",
        descending=request.args.get("order", "desc") != "asc",
    )


def _any_filter(filters: queries.CaseFilters) -> bool:
    return any(
        [
            filters.states,
            filters.case_types,
            filters.division_ids,
            filters.category_ids,
            filters.handler_id,
            filters.received_from,
            filters.received_to,
            filters.text,
        ]
    )


@bp.route("/<id:case_id>")
@requires(Permission.VIEW_CASES)
def detail(case_id: int):
    """The case overview: summary, triggers, handling and dates."""
    return render_case("cases/overview.html", load_case(case_id, "overview"), "overview")


@bp.route("/<id:case_id>/people")
@requires(Permission.VIEW_CASES)
def people(case_id: int):
    """Complainants (contact details for roles that need them) and subjects."""
    return render_case("cases/people.html", load_case(case_id, "people"), "people")


@bp.route("/<id:case_id>/allegations")
@requires(Permission.VIEW_CASES)
def allegations(case_id: int):
    """Each allegation with its category, subjects and result."""
    return render_case("cases/allegations.html", load_case(case_id, "allegations"), "allegations")


@bp.route("/<id:case_id>/investigation")
@requires(Permission.VIEW_CASES)
def investigation(case_id: int):
    """The investigation, suspensions, severity assessments and conduct outcomes."""
    case = load_case(case_id, "investigation")
    return render_case(
        "cases/investigation.html", case, "investigation", conduct=conduct_for_case(db(), case)
    )


@bp.route("/<id:case_id>/timeline")
@requires(Permission.VIEW_CASES)
def case_timeline(case_id: int):
    """What happened on the case, newest first: decisions, changes, contacts and notes."""
    case = load_case(case_id, "timeline")
    return render_case("cases/timeline.html", case, "timeline", items=timeline(db(), case))


@bp.route("/<id:case_id>/correspondence")
@requires(Permission.VIEW_CASES)
def correspondence(case_id: int):
    """The contact log: calls, letters and emails with the complainant, and letters sent."""
    case = load_case(case_id, "correspondence")
    deliveries = {contact.id: delivery.delivery_of(contact) for contact in case.contacts}
    return render_case("cases/correspondence.html", case, "correspondence", deliveries=deliveries)


@bp.route("/<id:case_id>/documents")
@requires(Permission.VIEW_CASES)
def documents(case_id: int):
    """Evidence, correspondence and letters kept with the case."""
    case = load_case(case_id, "documents")
    attachments = (
        db()
        .scalars(
            select(Attachment)
            .where(Attachment.case_id == case.id)
            .order_by(Attachment.uploaded_at.desc(), Attachment.id.desc())
        )
        .all()
    )
    return render_case("cases/documents.html", case, "documents", attachments=attachments)
