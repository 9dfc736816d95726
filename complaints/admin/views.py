"""Administrators manage accounts and reference data here; they never see cases."""

from __future__ import annotations

from functools import partial

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from sqlalchemy import select
from wtforms.fields.choices import SelectChoice

from complaints.auth import services
from complaints.auth.forms import EditUserForm, NewUserForm
from complaints.auth.models import User
from complaints.auth.permissions import Permission
from complaints.auth.roles import Role
from complaints.common.clock import utcnow
from complaints.forms import options, whole_number
from complaints.reference import services as reference
from complaints.reference.models import AllegationCategory, Division
from complaints.saving import save, status_of
from complaints.web import actor, db, requires

bp = Blueprint("admin", __name__, url_prefix="/admin")


def _division_choices() -> list[SelectChoice]:
    divisions = db().scalars(select(Division).where(Division.active).order_by(Division.name))
    return options([("", "None")]) + options((d.id, d.name) for d in divisions)


@bp.route("/users")
@requires(Permission.MANAGE_USERS)
def users():
    """Every account, with its role and whether it is active or locked."""
    rows = db().scalars(select(User).order_by(User.active.desc(), User.full_name)).all()
    return render_template("admin/users.html", users=rows, now=utcnow())


@bp.route("/users/new", methods=["GET", "POST"])
@requires(Permission.MANAGE_USERS)
def new_user():
    """Create an account with an initial password to hand over separately."""
    form = NewUserForm()
    form.division_id.choices = _division_choices()
    if form.validate_on_submit():
        session = db()
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
                ),
                utcnow(),
            )
        except services.AccountError as error:
            form.email.errors.append(str(error))
        else:
            session.commit()
            flash(f"Account created for {user.full_name}.", "success")
            return redirect(url_for("admin.users"))
    return render_template(
        "admin/user_form.html", form=form, user=None
    ), 400 if form.errors else 200


@bp.route("/users/<id:user_id>", methods=["GET", "POST"])
@requires(Permission.MANAGE_USERS)
def edit_user(user_id: int):
    """Change a person's name, role, division or password, or deactivate the account."""
    session = db()
    query = select(User).where(User.id == user_id)
    if request.method == "POST":
        query = query.with_for_update()  # two saves of one account queue, then compare
    user = session.scalar(query) or abort(404)
    form = EditUserForm(obj=user if request.method == "GET" else None)
    form.division_id.choices = _division_choices()
    if request.method == "GET":
        form.role.data = user.role.value
        form.division_id.data = str(user.division_id or "")
        form.stamp(user)
    if form.validate_on_submit():
        changes = services.UserChanges(
            full_name=form.full_name.data,
            role=Role(form.role.data),
            active=form.active.data,
            division_id=int(form.division_id.data) if form.division_id.data else None,
            new_password=form.new_password.data or None,
            expected_version=whole_number(form.version.data, -1),
        )
        if save(
            user, form, partial(services.update_user, session, actor(), user, changes, utcnow())
        ):
            flash(f"Account updated for {user.full_name}.", "success")
            return redirect(url_for("admin.users"))
    conflict = getattr(form, "conflict", None)
    page = render_template("admin/user_form.html", form=form, user=user, conflict=conflict)
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
