"""The work queues: each a sortable, paged list whose state lives in the URL, so a view
can be bookmarked and shared. Every list shown is audited, as the case list is.
"""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_wtf import FlaskForm
from sqlalchemy import Select
from werkzeug.datastructures import MultiDict
from wtforms import Field, SubmitField
from wtforms.validators import Optional

from complaints.auth.permissions import Permission, role_can
from complaints.auth.roles import Role
from complaints.cases import delivery, queues, services
from complaints.cases.choices import CaseState
from complaints.cases.deadlines import DUE_SOON_WORKING_DAYS, urgency
from complaints.cases.forms.correspondence import MarkPostedForm
from complaints.common.clock import london_today, utcnow
from complaints.common.pagination import Page, paginate
from complaints.filter_widgets import KeptCheckboxes, KeptSelect, KeptSubmit
from complaints.forces import staff
from complaints.forms import CheckboxesField, ChoiceField, check_choice, options, whole_number
from complaints.web import actor, db, refuse, requires

bp = Blueprint("queues", __name__, url_prefix="/queues")

# (endpoint, label, permission): the queues a role may open, in the order shown.
QUEUES = (
    ("queues.mine", "My cases", Permission.ADD_TO_FILE),
    ("queues.due", "Due soon", Permission.ADD_TO_FILE),
    ("queues.decisions", "Decisions waiting", Permission.DECIDE),
    ("queues.team", "Team cases", Permission.EDIT_CASE),
    ("queues.to_post", "Letters to post", Permission.EDIT_CASE),
)
MINE_TITLES = {
    Role.HANDLER: "Cases assigned to you",
    Role.INVESTIGATOR: "Investigations assigned to you",
    Role.APPROPRIATE_AUTHORITY: "Cases you are the decision maker for",
}


class TeamFilterForm(FlaskForm):
    class Meta:
        csrf = False  # a filter: changes nothing, and its URL must be shareable

    handler = ChoiceField(
        "Handler", widget=KeptSelect(), validate_choice=False, validators=[Optional()]
    )
    state = CheckboxesField(
        "State",
        choices=options((s.value, s.label) for s in queues.OPEN_STATES),
        widget=KeptCheckboxes(),
    )
    submit = SubmitField("Apply filters", widget=KeptSubmit())

    def validate_handler(self, field: Field) -> None:
        check_choice(field, "a handler")


def _sort() -> queues.QueueSort:
    return queues.QueueSort.parse(request.args.get("sort"), request.args.get("order"))


def _page(query: Select) -> Page:
    return paginate(
        db(),
        query,
        whole_number(request.args.get("page"), 1),
        int(current_app.config["PAGE_SIZE"]),
    )


def _show(template: str, name: str, page: Page, sort: queues.QueueSort, status: int = 200, **extra):
    """Audit the list shown (which arguments were used, never their values), then render."""
    session = db()
    used = sorted(set(request.args) & {"sort", "order", "page", "handler", "state", "who"})
    services.record_list_view(session, actor(), utcnow(), [f"queue:{name}", *used], page.total)
    session.commit()
    role = actor().role
    tabs = [(endpoint, label) for endpoint, label, needs in QUEUES if role_can(role, needs)]
    extra.setdefault("today", london_today())
    return render_template(template, page=page, sort=sort, tabs=tabs, **extra), status


@bp.route("/mine")
@requires(Permission.ADD_TO_FILE)
def mine():
    """My open cases: assigned to me, my investigations, or mine to decide."""
    sort = _sort()
    page = _page(queues.mine(actor(), sort))
    title = MINE_TITLES.get(actor().role, "Your cases")
    return _show("queues/mine.html", "mine", page, sort, title=title)


@bp.route("/team")
@requires(Permission.EDIT_CASE)
def team():
    """Every open case, filtered by handler (or none) and state."""
    form = TeamFilterForm(formdata=request.args if request.args else MultiDict())
    form.handler.choices = options(
        [("", "Any handler"), (queues.UNASSIGNED, "Unassigned")]
    ) + options(db().execute(staff.staff_menu(Role.HANDLER, actor().forces)))
    valid = form.validate() if request.args else True
    filters = queues.TeamFilters()
    if valid:
        handler = form.handler.data or None
        filters = queues.TeamFilters(
            handler=int(handler) if handler and handler != queues.UNASSIGNED else handler,
            states=tuple(CaseState(s) for s in form.state.data or ()),
        )
    sort = _sort()
    page = _page(queues.team(actor(), filters, sort))
    filtered = bool(filters.handler or filters.states)
    return _show(
        "queues/team.html",
        "team",
        page,
        sort,
        200 if valid else 400,
        form=form,
        filtered=filtered,
    )


@bp.route("/decisions")
@requires(Permission.DECIDE)
def decisions():
    """Cases waiting for an appropriate authority's decision."""
    sort = _sort()
    page = _page(queues.decisions(actor(), sort))
    return _show("queues/decisions.html", "decisions", page, sort)


@bp.route("/due")
@requires(Permission.ADD_TO_FILE)
def due():
    """Deadlines overdue or due soon, for my cases or every case I can see."""
    only_mine = request.args.get("who") != "all"
    today = london_today()
    sort = _sort()
    page = _page(queues.due(actor(), today, only_mine=only_mine, sort=sort))
    counts = queues.due_counts(db(), actor(), today, only_mine=only_mine)
    return _show(
        "queues/due.html",
        "due",
        page,
        sort,
        today=today,
        only_mine=only_mine,
        counts=counts,
        cutoff=queues.due_soon_cutoff(today),
        working_days=DUE_SOON_WORKING_DAYS,
        urgency=urgency,
    )


@bp.route("/to-post")
@requires(Permission.EDIT_CASE)
def to_post():
    """Letters waiting to be printed and posted to complainants who did not ask for email,
    oldest first, on the cases I may see; each marked posted once it is in the post."""
    page = _page(delivery.to_post(actor()))
    return _show("queues/to_post.html", "to_post", page, queues.QueueSort())


@bp.route("/to-post/<id:contact_id>/posted", methods=["POST"])
@requires(Permission.EDIT_CASE)
def mark_posted(contact_id: int):
    """Record that a letter was printed and posted: who and when."""
    session = db()
    who = actor()
    contact = delivery.load_to_post(session, who, contact_id)
    if contact is None:
        refuse(404, "no such letter to post")
    if not delivery.may_post(who, contact.case):
        refuse(403, "may not mark this letter posted", case_id=contact.case_id)
    back = url_for("queues.to_post", page=whole_number(request.args.get("page"), 1))
    if not MarkPostedForm().validate_on_submit():
        flash("The letter was not marked as posted: try again.", "error")
        return redirect(back)
    try:
        delivery.mark_posted(session, who, contact, utcnow())
    except services.CaseError as refused:
        session.rollback()
        flash(f"{contact.case.reference}: {refused}", "error")
        return redirect(back)
    session.commit()
    flash(f"{contact.case.reference}: the letter is marked as posted.", "success")
    return redirect(back)
