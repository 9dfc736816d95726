"""Working a case: who handles and decides it, who may see it, and notes on its file."""

from __future__ import annotations

from flask import request

from complaints.auth.models import User
from complaints.auth.permissions import Permission
from complaints.auth.roles import Role
from complaints.cases import services
from complaints.cases.forms.casework import AssignForm, NoteForm, RestrictForm
from complaints.cases.models import Case
from complaints.cases.views.blueprint import bp
from complaints.cases.views.common import allow, done, load_case, render_form, save
from complaints.common.clock import utcnow
from complaints.forces import staff
from complaints.forms import options
from complaints.web import actor, db, requires


def _offered(role: Role, case) -> list[User]:
    """Who may be given the case: its force's handlers, or its force's decision makers."""
    deciding = role == Role.APPROPRIATE_AUTHORITY
    return list(db().scalars(staff.staff(role, (case.force_id,), deciding=deciding)))


@bp.route("/<id:case_id>/assign", methods=["GET", "POST"])
@requires(Permission.ASSIGN)
def assign(case_id: int):
    """Choose the handler who works the case and the appropriate authority who decides it."""
    case = load_case(case_id, "assign")
    allow(case, Permission.ASSIGN)
    form = AssignForm(case)
    form.handler_id.choices = options([("", "Choose a handler")]) + options(
        (u.id, u.full_name) for u in _offered(Role.HANDLER, case)
    )
    form.decision_maker_id.choices = options([("", "Choose a decision maker")]) + options(
        (u.id, u.full_name) for u in _offered(Role.APPROPRIATE_AUTHORITY, case)
    )
    if not form.is_submitted():
        form.handler_id.data = str(case.handler_id or "")
        form.decision_maker_id.data = str(case.decision_maker_id or "")
    if form.validate_on_submit():
        session = db()
        handler = session.get(User, int(form.handler_id.data)) if form.handler_id.data else None
        decision_maker = (
            session.get(User, int(form.decision_maker_id.data))
            if form.decision_maker_id.data
            else None
        )
        if save(
            case,
            form,
            lambda: services.assign(
                session, actor(), case, utcnow(), handler=handler, decision_maker=decision_maker
            ),
        ):
            return done(case, "Assignment saved.")
    return render_form("cases/casework/assign.html", case, form, page_title="Assign the case")


def _named_after_restriction(case: Case) -> list[tuple[User, str]]:
    """Who will still see the case once restricted: those already named, the case team
    (named automatically by ``services.restrict``) and the person restricting it."""
    session = db()
    named: dict[int, tuple[User, str]] = {
        access.user_id: (access.user, access.reason) for access in case.access
    }
    for user_id, why in [*services.case_team(case), (actor().user_id, "restricting the case")]:
        if user_id is not None and user_id not in named:
            user = session.get(User, user_id)
            if user is not None:
                named[user_id] = (user, why)
    return sorted(named.values(), key=lambda pair: pair[0].full_name)


@bp.route("/<id:case_id>/restrict", methods=["GET", "POST"])
@requires(Permission.RESTRICT)
def restrict(case_id: int):
    """Hide the case from everyone not named on it, for example counter-corruption work."""
    case = load_case(case_id, "restrict")
    allow(case, Permission.RESTRICT)
    form = RestrictForm(case)
    if not form.is_submitted() and case.restricted:
        form.reason.data = case.restriction_reason
    refused = services.restrict_refusal(case)
    if refused is not None:
        if request.method == "POST":
            form.add_error(refused)
    elif form.validate_on_submit():
        reason = form.reason.data or ""
        if save(case, form, lambda: services.restrict(db(), actor(), case, reason, utcnow())):
            return done(case, "The case is restricted to the people named on it.")
    return render_form(
        "cases/casework/restrict.html",
        case,
        form,
        page_title="Change the restriction" if case.restricted else "Restrict the case",
        chief_constable=refused,
        named=_named_after_restriction(case),
    )


@bp.route("/<id:case_id>/notes/new", methods=["GET", "POST"])
@requires(Permission.ADD_TO_FILE)
def add_note(case_id: int):
    """A working note for the case team; it appears on the case timeline."""
    case = load_case(case_id, "add note")
    allow(case, Permission.ADD_TO_FILE)
    form = NoteForm(case)
    if form.validate_on_submit():
        body = form.body.data or ""
        if save(case, form, lambda: services.add_note(db(), actor(), case, body, utcnow())):
            return done(case, "Note added.", "cases.case_timeline")
    return render_form("cases/casework/note.html", case, form, page_title="Add a note")
