"""The start page: each role sees its own work first (domain.md A8)."""

from __future__ import annotations

from flask import Blueprint, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy import func, select

from complaints.auth.models import User
from complaints.auth.roles import Role
from complaints.cases import queries, queues
from complaints.common.clock import london_today
from complaints.common.pagination import paginate
from complaints.forces.models import Force
from complaints.reference.models import AllegationCategory
from complaints.tray import queries as tray_queries
from complaints.web import actor, db, public

bp = Blueprint("home", __name__)

QUEUE_SIZE = 25


@bp.route("/")
@public
def index():
    """Signed in: this role's start page. Otherwise: the sign-in page."""
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login"))
    return start()


def start():
    """Called only for a signed-in user (see index)."""
    session = db()
    who = actor()
    role = who.role
    context: dict = {"role": role}
    if role in (Role.HANDLER, Role.INVESTIGATOR):
        context["queue"] = paginate(session, queues.mine(who), 1, QUEUE_SIZE)
    elif role == Role.APPROPRIATE_AUTHORITY:
        context["queue"] = paginate(session, queues.decisions(who), 1, QUEUE_SIZE)
        context["recommendations"] = tray_queries.recommendations_to_answer(session, who)
    elif role == Role.OPCC_REVIEWER:
        context["reviews"] = session.execute(queries.review_queue(who).limit(QUEUE_SIZE)).all()
    elif role == Role.ADMIN:
        context["user_count"] = session.scalar(select(func.count()).select_from(User))
        context["category_count"] = session.scalar(
            select(func.count())
            .select_from(AllegationCategory)
            .where(AllegationCategory.active.is_(True))
        )
        context["force_count"] = session.scalar(
            select(func.count()).select_from(Force).where(Force.active.is_(True))
        )
    if role in (Role.APPROPRIATE_AUTHORITY, Role.OPCC_OVERSIGHT, Role.BOARD_MEMBER):
        context["headlines"] = queries.headlines(session, who, london_today())
    return render_template(f"home/{role.value}.html", today=london_today(), **context)


@bp.route("/healthz")
@public
def health():
    """For load balancers: the app answers and the database responds."""
    db().execute(select(1))
    return {"status": "ok"}
