"""Case list and the read-only case pages (overview, people, allegations, investigation,
timeline). Every page load of a case is written to the audit trail."""

from __future__ import annotations

from flask import Blueprint, current_app, render_template, request
from sqlalchemy import select
from werkzeug.datastructures import MultiDict

from complaints.auth.models import User
from complaints.auth.permissions import Permission, can
from complaints.auth.roles import Role
from complaints.cases import queries, services, workflow
from complaints.cases.choices import CaseState, CaseType
from complaints.cases.forms import CaseFilterForm
from complaints.cases.models import Case
from complaints.cases.timeline import timeline
from complaints.common.clock import utcnow
from complaints.common.pagination import paginate
from complaints.forms import options, whole_number
from complaints.investigations.queries import conduct_for_case
from complaints.reference.models import AllegationCategory, Division
from complaints.web import actor, db, refuse, requires

bp = Blueprint("cases", __name__, url_prefix="/cases")

TABS = (
    ("overview", "Overview"),
    ("people", "People"),
    ("allegations", "Allegations"),
    ("investigation", "Investigation"),
    ("timeline", "Timeline"),
)


@bp.route("/")
@requires(Permission.VIEW_CASES)
def index():
    """All cases this user may see, filtered and sorted from the query string."""
    session = db()
    form = CaseFilterForm(formdata=request.args if request.args else MultiDict())
    _fill_choices(form)
    valid = form.validate() if request.args else True
    filters = _filters(form) if valid else queries.CaseFilters()
    page = paginate(
        session,
        queries.case_list(actor(), filters),
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
    form.division.choices = options(
        (d.id, d.name) for d in session.scalars(select(Division).order_by(Division.name))
    )
    form.category.choices = options([("", "Any category")]) + options(
        (c.id, f"{c.code} {c.name}")
        for c in session.scalars(
            select(AllegationCategory)
            .where(AllegationCategory.legacy.is_(False))
            .order_by(AllegationCategory.sort_order)
        )
    )
    form.handler.choices = options([("", "Any handler")]) + options(
        (u.id, u.full_name)
        for u in session.scalars(
            select(User).where(User.role == Role.HANDLER).order_by(User.full_name)
        )
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


def _load(case_id: int, tab: str) -> Case:
    """The case if this user may see it; otherwise 404, whether or not it exists."""
    session = db()
    who = actor()
    case = queries.load_visible(session, who, case_id)
    if case is None:
        exists = queries.case_exists(session, case_id)
        refuse(
            404,
            "case not visible" if exists else "no such case",
            case_id=case_id if exists else None,
        )
    services.record_view(session, who, case, utcnow(), tab)
    session.commit()
    return case


def _render(case: Case, tab: str, **context):
    who = actor()
    return render_template(
        f"cases/{tab}.html",
        case=case,
        tab=tab,
        tabs=TABS,
        steps=workflow.available(case, who, utcnow()),
        show_personal_data=can(who, Permission.VIEW_PERSONAL_DATA, case),
        review_deadline=workflow.review_deadline(case),
        **context,
    )


@bp.route("/<id:case_id>")
@requires(Permission.VIEW_CASES)
def detail(case_id: int):
    """The case overview: summary, triggers, handling and dates."""
    return _render(_load(case_id, "overview"), "overview")


@bp.route("/<id:case_id>/people")
@requires(Permission.VIEW_CASES)
def people(case_id: int):
    """Complainants (contact details for roles that need them) and subjects."""
    return _render(_load(case_id, "people"), "people")


@bp.route("/<id:case_id>/allegations")
@requires(Permission.VIEW_CASES)
def allegations(case_id: int):
    """Each allegation with its category, subjects and result."""
    return _render(_load(case_id, "allegations"), "allegations")


@bp.route("/<id:case_id>/investigation")
@requires(Permission.VIEW_CASES)
def investigation(case_id: int):
    """The investigation, suspensions, severity assessments and conduct outcomes."""
    case = _load(case_id, "investigation")
    return _render(case, "investigation", conduct=conduct_for_case(db(), case))


@bp.route("/<id:case_id>/timeline")
@requires(Permission.VIEW_CASES)
def case_timeline(case_id: int):
    """What happened on the case, newest first: decisions, changes, contacts and notes."""
    case = _load(case_id, "timeline")
    return _render(case, "timeline", items=timeline(db(), case))
