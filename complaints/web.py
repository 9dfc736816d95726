"""The request edge: one database session per request, the acting user, route permissions.

Views load, authorise, call a service and commit here, once. Every view declares who may
use it with ``requires`` (a permission), ``signed_in`` (any signed-in user) or ``public``;
``check_declared`` refuses to start an app with an undeclared route.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import Flask, Response, abort, current_app, g, request
from flask_login import current_user
from sqlalchemy.orm import Session

from complaints.auth.permissions import Permission, may_hold, role_can
from complaints.common import audit
from complaints.common.actor import Actor
from complaints.common.clock import utcnow
from complaints.db import scope_to_forces

F = TypeVar("F", bound=Callable[..., Any])

SESSION_FACTORY = "complaints.session_factory"
ENGINE = "complaints.engine"


def db() -> Session:
    """This request's session, with writes attributed to the signed-in user."""
    session = bare_session()
    if "db_actor" not in g:
        # Finding the actor may load the signed-in user, through ``bare_session``.
        who = actor()
        g.db_actor = who
        audit.act_as(session, who)
        if who.is_authenticated:
            scope_to_forces(session, who.forces)
    return session


def bare_session() -> Session:
    """This request's session before it knows who is acting: for loading the signed-in
    user, which ``db`` needs first (asking ``db`` would load the user twice)."""
    if "db_session" not in g:
        g.db_session = current_app.extensions[SESSION_FACTORY]()
    return g.db_session


def audit_view(
    entity_type: str, summary: str, entity_id: int | None = None, action: str = "view"
) -> None:
    """Record in the audit trail that the signed-in user saw (or exported) this, and commit
    it at once: a page read is audited even when nothing else on it is saved."""
    session = db()
    audit.record(
        session,
        action,
        entity_type=entity_type,
        entity_id=entity_id,
        summary=summary,
        actor=actor(),
        now=utcnow(),
    )
    session.commit()


def file_download(data: bytes | str, mimetype: str, name: str) -> Response:
    """A file to save rather than show, which no browser or proxy keeps a copy of: what
    is downloaded here is personal or unpublished."""
    response = Response(data, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    response.headers["Cache-Control"] = "no-store"
    return response


def rollback_db() -> None:
    """Undo whatever this request had not committed: an error page renders from a clean
    session, whatever state the failure left it in."""
    session = g.get("db_session")
    if session is not None:
        session.rollback()


def close_db(_exc: BaseException | None = None) -> None:
    g.pop("db_actor", None)
    session = g.pop("db_session", None)
    if session is not None:
        session.close()  # rolls back anything not committed


def actor() -> Actor:
    source = request.remote_addr or "unknown"
    if current_user and current_user.is_authenticated:
        user = current_user.user
        return Actor.of(user, source)
    return Actor.anonymous(source)


def _declare(view: F, declaration: Any) -> F:
    view.access_declaration = declaration  # type: ignore[attr-defined]
    return view


def public(view: F) -> F:
    """Anyone, signed in or not (the log-in page, health check)."""
    return _declare(view, "public")


def signed_in(view: F) -> F:
    """Any signed-in user, whatever their role."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if not current_user.is_authenticated:
            return current_app.login_manager.unauthorized()
        return view(*args, **kwargs)

    return _declare(wrapper, "signed_in")


def requires(permission: Permission, *alternatives: Permission) -> Callable[[F], F]:
    """A signed-in user whose role may hold this permission (or one of the alternatives:
    a page two jobs share); others get 403 (audited).

    A role that holds it only on some cases (``may_hold``) passes: the view then checks
    the case it loads with ``can``, so everyone else finds no such case or is refused.
    """
    permissions = (permission, *alternatives)

    def decorate(view: F) -> F:
        @wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if not current_user.is_authenticated:
                return current_app.login_manager.unauthorized()
            role = current_user.user.role
            if not any(may_hold(role, p) for p in permissions):
                refuse(403, "needs " + " or ".join(p.value for p in permissions))
            return view(*args, **kwargs)

        return _declare(wrapper, permissions if alternatives else permission)

    return decorate


def refuse(status: int, why: str, *, case_id: int | None = None) -> None:
    """Record a refused access in the audit trail, then answer 403 or 404."""
    session = db()
    session.rollback()
    audit.record(
        session,
        "refused",
        entity_type="route",
        case_id=case_id,
        summary=f"{request.method} {request.path}: {why}"[:300],
        changes={"status": status, "case_id": case_id} if case_id else {"status": status},
    )
    session.commit()
    abort(status)


def check_declared(app: Flask) -> None:
    missing = [
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if rule.endpoint != "static"
        and not hasattr(app.view_functions[rule.endpoint], "access_declaration")
    ]
    if missing:
        raise RuntimeError(f"routes without a permission declaration: {sorted(missing)}")


def navigation() -> dict[str, bool]:
    """Which sections the signed-in user's role may open, for links and buttons."""
    role = current_user.user.role if current_user.is_authenticated else None
    return {
        "cases": role_can(role, Permission.VIEW_CASES),
        "tray": role_can(role, Permission.VIEW_CASES),
        "queues": role_can(role, Permission.ADD_TO_FILE),
        "log_case": may_hold(role, Permission.LOG_CASE),
        "submissions": role_can(role, Permission.LOG_CASE),
        "reviews": role_can(role, Permission.REVIEW),
        "twelve_month_reports": role_can(role, Permission.TRACK_INVESTIGATION_REPORTS),
        "dip_samples": role_can(role, Permission.DIP_SAMPLE),
        "learning": role_can(role, Permission.MANAGE_LEARNING),
        "dashboards": role_can(role, Permission.VIEW_DASHBOARDS),
        "reports": role_can(role, Permission.VIEW_REPORTS),
        "users": role_can(role, Permission.MANAGE_USERS),
        "reference_data": role_can(role, Permission.MANAGE_REFERENCE_DATA),
        "early_intervention": role_can(role, Permission.EARLY_INTERVENTION),
        "intervention_policies": role_can(role, Permission.MANAGE_INTERVENTION_POLICIES),
        "subject_access": role_can(role, Permission.SUBJECT_ACCESS),
        "retention": role_can(role, Permission.DISPOSE_CASES),
        "retention_schedule": role_can(role, Permission.MANAGE_RETENTION),
        "imports": role_can(role, Permission.IMPORT_CASES),
    }
