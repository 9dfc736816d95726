"""Administrators manage accounts and reference data here; they never see cases."""

from __future__ import annotations

from dataclasses import dataclass

from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_wtf import FlaskForm
from sqlalchemy import select
from sqlalchemy.orm import selectinload
from wtforms.fields.choices import SelectChoice

from complaints.admin.forms import EditForceForm, ForceForm, force_data
from complaints.auth import services, signing_in, two_factor
from complaints.auth.forms import EditUserForm, NewUserForm, UserForm
from complaints.auth.models import User
from complaints.auth.permissions import Permission
from complaints.auth.roles import Role
from complaints.common.clock import utcnow
from complaints.forces import services as forces
from complaints.forces.models import Force
from complaints.forms import add_error, options, whole_number
from complaints.mail.models import OutboxMessage
from complaints.reference import services as reference
from complaints.reference.models import AllegationCategory, Division
from complaints.saving import save, status_of
from complaints.web import actor, db, requires

bp = Blueprint("admin", __name__, url_prefix="/admin")


def _division_choices() -> list[SelectChoice]:
    divisions = db().scalars(select(Division).where(Division.active).order_by(Division.name))
    return options([("", "None")]) + options((d.id, d.name) for d in divisions)


def _force_choices(form: UserForm, user: User | None = None) -> None:
    """Offer the active forces, and any inactive one the person still works for; or no
    force at all while the installation serves only one."""
    session = db()
    if forces.is_single_force(session):
        form.without_forces()
        return
    held = {m.force_id for m in user.memberships} if user else set()
    offered = options(
        (f.id, f"{f.name} ({f.code})")
        for f in forces.all_forces(session)
        if f.active or f.id in held
    )
    form.force_ids.choices = offered
    form.decides_for.choices = list(offered)


def _show_memberships(form: UserForm, user: User) -> None:
    if form.has_forces():
        form.force_ids.data = [str(m.force_id) for m in user.memberships]
        form.decides_for.data = [str(m.force_id) for m in user.memberships if m.decides]


def _save_memberships(form: UserForm, user: User) -> None:
    """The forces chosen on the form; with one force, the only one (as on creation), and
    an appropriate authority decides for it."""
    session, who = db(), actor()
    if form.has_forces():
        force_ids, deciding = form.chosen_forces(), form.chosen_deciding()
    else:
        force_ids = tuple(m.force_id for m in user.memberships) or forces.default_forces(session)
        deciding = force_ids if user.role == Role.APPROPRIATE_AUTHORITY else ()
    forces.set_memberships(session, who, user, force_ids, utcnow(), decides_for=deciding)


def _force_codes() -> dict[int, str] | None:
    """Force codes by id, or None while the installation serves one force."""
    session = db()
    if forces.is_single_force(session):
        return None
    return {f.id: f.code for f in forces.all_forces(session)}


@bp.route("/users")
@requires(Permission.MANAGE_USERS)
def users():
    """Every account, with its role and whether it is active or locked."""
    rows = (
        db()
        .scalars(
            select(User)
            .options(selectinload(User.memberships))
            .order_by(User.active.desc(), User.full_name)
        )
        .all()
    )
    return render_template("admin/users.html", users=rows, now=utcnow(), force_codes=_force_codes())


@bp.route("/users/new", methods=["GET", "POST"])
@requires(Permission.MANAGE_USERS)
def new_user():
    """Create an account with an initial password to hand over separately."""
    form = NewUserForm()
    form.division_id.choices = _division_choices()
    _force_choices(form)
    if form.validate_on_submit():
        session = db()
        several = form.has_forces()
        try:
            user = services.create_user(
                session,
                actor(),
                services.NewUser(
                    email=form.email.data,
                    full_name=form.full_name.data,
                    role=Role(form.role.data),
                    password=form.password.data,
                    division_id=int(form.division_id.data) if form.division_id.data else None,
                    force_ids=form.chosen_forces() if several else (),
                    decides_for=form.chosen_deciding() if several else None,
                    external=bool(form.external.data),
                ),
                utcnow(),
            )
        except services.AccountError as error:
            session.rollback()
            form.email.errors.append(str(error))
        except forces.ForceError as error:
            session.rollback()
            add_error(form, str(error), error.field)
        else:
            session.commit()
            flash(f"Account created for {user.full_name}.", "success")
            return redirect(url_for("admin.users"))
    return render_template(
        "admin/user_form.html", form=form, user=None, conflict=None
    ), 400 if form.errors else 200


@bp.route("/users/<id:user_id>", methods=["GET", "POST"])
@requires(Permission.MANAGE_USERS)
def edit_user(user_id: int):
    """Change a person's name, role, division, forces or password, or deactivate the
    account."""
    session = db()
    query = select(User).where(User.id == user_id)
    if request.method == "POST":
        query = query.with_for_update()  # two saves of one account queue, then compare
    user = session.scalar(query) or abort(404)
    form = EditUserForm(obj=user if request.method == "GET" else None)
    form.division_id.choices = _division_choices()
    _force_choices(form, user)
    if request.method == "GET":
        form.role.data = user.role.value
        form.division_id.data = str(user.division_id or "")
        _show_memberships(form, user)
        form.stamp(user)
    if form.validate_on_submit():
        changes = services.UserChanges(
            full_name=form.full_name.data,
            role=Role(form.role.data),
            active=form.active.data,
            division_id=int(form.division_id.data) if form.division_id.data else None,
            new_password=form.new_password.data or None,
            expected_version=whole_number(form.version.data, -1),
            external=bool(form.external.data),
        )
        who, now = actor(), utcnow()

        def write() -> None:
            services.update_user(session, who, user, changes, now)
            _save_memberships(form, user)

        if save(user, form, write):
            flash(f"Account updated for {user.full_name}.", "success")
            return redirect(url_for("admin.users"))
    conflict = getattr(form, "conflict", None)
    page = render_template(
        "admin/user_form.html",
        form=form,
        user=user,
        conflict=conflict,
        force_codes=_force_codes() if conflict is not None else None,
    )
    return page, status_of(form)


@bp.route("/users/<id:user_id>/reset-two-factor", methods=["POST"])
@requires(Permission.MANAGE_USERS)
def reset_two_factor(user_id: int):
    """Clear a person's second factor (a lost phone, no recovery codes): audited, and they
    set it up again at their next sign-in."""
    session = db()
    user = session.get(User, user_id) or abort(404)
    if FlaskForm().validate_on_submit():  # a button: only the CSRF token to check
        two_factor.reset(session, actor(), user, utcnow())
        session.commit()
        flash(
            f"Two-factor sign-in reset for {user.full_name}. They set it up again when they "
            "next sign in.",
            "success",
        )
    return redirect(url_for("admin.edit_user", user_id=user.id))


@bp.route("/sign-in-attempts")
@requires(Permission.MANAGE_USERS)
def sign_in_attempts():
    """The latest wrong and throttled sign-in attempts: an attack shows here first."""
    session = db()
    attempts = signing_in.failed_attempts(session)
    ids = {a.entity_id for a in attempts if a.entity_id}
    names = dict(session.execute(select(User.id, User.email).where(User.id.in_(ids))).all())
    return render_template("admin/sign_in_attempts.html", attempts=attempts, emails=names)


@bp.route("/mail")
@requires(Permission.MANAGE_USERS)
def mail():
    """The outbox, newest first: what was sent, what waits for a retry, what failed, and
    (with no mail server, as in the demo) what was kept instead of sent."""
    messages = db().scalars(
        select(OutboxMessage)
        .order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc())
        .limit(100)
    )
    return render_template("admin/mail.html", messages=[_as_seen(m) for m in messages])


@bp.route("/mail/<id:message_id>")
@requires(Permission.MANAGE_USERS)
def mail_message(message_id: int):
    """One message as it was sent; a message about a case shows no case content here."""
    message = db().get(OutboxMessage, message_id) or abort(404)
    return render_template("admin/mail_message.html", message=_as_seen(message))


@dataclass(frozen=True)
class SeenMail:
    """A message as an administrator sees it."""

    message: OutboxMessage
    to: str
    subject: str
    body: str | None  # None: the words are the case's, on its correspondence


def _as_seen(message: OutboxMessage) -> SeenMail:
    """Administrators see no case content (domain.md A8): a case's mail shows only that
    it was written, and how sending it went."""
    if message.case_id is None:
        return SeenMail(message, message.to_address, message.subject, message.body)
    return SeenMail(message, "A complainant", "A letter about a case", None)


@bp.route("/forces")
@requires(Permission.MANAGE_REFERENCE_DATA)
def force_list():
    """The forces the installation serves, with their PSD, OPCC and how many work for them."""
    session = db()
    return render_template(
        "admin/forces.html",
        forces=forces.all_forces(session),
        members=forces.members(session),
    )


@bp.route("/forces/new", methods=["GET", "POST"])
@requires(Permission.MANAGE_REFERENCE_DATA)
def new_force():
    """Add a force the installation serves; its people are then added on their accounts."""
    form = ForceForm()
    if request.method == "GET":
        config = current_app.config
        form.psd_name.data = forces.ForceData.psd_name
        form.opcc_name.data = forces.ForceData.opcc_name
        form.fill_measures(
            config.get("REPORT_TARGETS") or {}, config.get("REPORT_NATIONAL_COMPARATORS") or {}
        )
    if form.validate_on_submit():
        session = db()
        data = force_data(form)
        try:
            force = forces.add_force(session, actor(), data, utcnow())
        except forces.ForceError as error:
            session.rollback()
            add_error(form, str(error), error.field)
        else:
            session.commit()
            flash(f"{force.name} added.", "success")
            return redirect(url_for("admin.force_list"))
    return render_template("admin/force_form.html", form=form, force=None, conflict=None), (
        400 if form.errors else 200
    )


@bp.route("/forces/<id:force_id>", methods=["GET", "POST"])
@requires(Permission.MANAGE_REFERENCE_DATA)
def edit_force(force_id: int):
    """Change a force's details: its name and code, its PSD and OPCC, its report targets."""
    session = db()
    force = session.get(Force, force_id) or abort(404)
    form = EditForceForm(obj=force if request.method == "GET" else None)
    if request.method == "GET":
        form.fill_measures(force.report_targets, force.national_comparators)
        form.stamp(force)
    if form.validate_on_submit():
        changes, who, now = force_data(form), actor(), utcnow()
        if save(force, form, lambda: forces.update_force(session, who, force, changes, now)):
            flash(f"{force.name} updated.", "success")
            return redirect(url_for("admin.force_list"))
    conflict = getattr(form, "conflict", None)
    page = render_template("admin/force_form.html", form=form, force=force, conflict=conflict)
    return page, status_of(form)


@bp.route("/categories")
@requires(Permission.MANAGE_REFERENCE_DATA)
def categories():
    """Allegation categories: active ones are offered at intake; none is ever deleted."""
    rows = (
        db()
        .scalars(
            select(AllegationCategory).order_by(
                AllegationCategory.legacy, AllegationCategory.sort_order
            )
        )
        .all()
    )
    return render_template("admin/categories.html", categories=rows)


@bp.route("/categories/<id:category_id>/toggle", methods=["POST"])
@requires(Permission.MANAGE_REFERENCE_DATA)
def toggle_category(category_id: int):
    """Deactivate or reactivate a category (history keeps the cases that used it)."""
    session = db()
    category = session.get(AllegationCategory, category_id) or abort(404)
    reference.set_category_active(session, actor(), category, not category.active, utcnow())
    session.commit()
    state = "activated" if category.active else "deactivated"
    flash(f"{category.code} {category.name} {state}.", "success")
    return redirect(url_for("admin.categories"))
