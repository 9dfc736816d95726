"""complaints: police complaints and conduct casework, OPCC oversight and board reporting."""

from __future__ import annotations

import logging
import os
import secrets
from pathlib import Path
from typing import Any

from flask import Flask

from complaints.edge_input import CleanRequest

PROJECT_ROOT = Path(__file__).resolve().parent.parent
log = logging.getLogger(__name__)


def create_app(test_config: dict[str, Any] | None = None) -> Flask:
    """Build the app: configuration layers, database, extensions, blueprints, CLI."""
    instance_path = os.environ.get("COMPLAINTS_INSTANCE_PATH", str(PROJECT_ROOT / "instance"))
    app = Flask(
        __name__,
        instance_path=instance_path,
        instance_relative_config=True,
        template_folder=str(PROJECT_ROOT / "templates"),
        static_folder="static",
        static_url_path="/assets",
    )
    app.request_class = CleanRequest
    load_config(app, test_config)
    register_converters(app)
    register_database(app)
    register_extensions(app)
    register_blueprints(app)
    register_cli(app)

    from complaints.web import check_declared

    check_declared(app)
    return app


def load_config(app: Flask, test_config: dict[str, Any] | None) -> None:
    """Defaults, then instance/config.py, then COMPLAINTS_* variables, then the test mapping."""
    app.config.from_object("complaints.config")
    app.config.from_pyfile("config.py", silent=True)
    app.config.from_prefixed_env("COMPLAINTS")
    if test_config:
        app.config.update(test_config)
    os.makedirs(app.instance_path, exist_ok=True)
    if not app.config.get("SECRET_KEY"):
        if app.config["ENV"] != "development":
            raise RuntimeError(
                "SECRET_KEY is not set. Set COMPLAINTS_SECRET_KEY or SECRET_KEY in "
                "instance/config.py; it is generated automatically only in development."
            )
        app.config["SECRET_KEY"] = _development_secret(Path(app.instance_path))
    if (
        app.config["ENV"] == "production"
        and not app.config["SESSION_COOKIE_SECURE"]
        and not app.config["ALLOW_PLAIN_HTTP"]
    ):
        raise RuntimeError(
            "Production needs SESSION_COOKIE_SECURE = True (the service behind HTTPS), or "
            "ALLOW_PLAIN_HTTP = True to run without HTTPS knowingly."
        )
    if not app.config.get("DATABASE_URL"):
        app.config["DATABASE_URL"] = "sqlite:///" + str(
            Path(app.instance_path) / "complaints.sqlite3"
        )
    from complaints.auth.services import use_password_profile

    use_password_profile(app.config["PASSWORD_HASH_PROFILE"])
    if not app.config.get("FILES_DIR"):
        app.config["FILES_DIR"] = str(Path(app.instance_path) / "files")


def _development_secret(instance: Path) -> str:
    """A random key kept in instance/ so that sessions survive a restart in development."""
    path = instance / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_hex(32))
        path.chmod(0o600)
    return path.read_text().strip()


def register_converters(app: Flask) -> None:
    """Ids in URLs fit a database integer: a longer number is a 404, not an overflow."""
    from werkzeug.routing import IntegerConverter

    class IdConverter(IntegerConverter):
        def __init__(self, url_map, *args, **kwargs):
            super().__init__(url_map, min=1, max=2**31 - 1)

    app.url_map.converters["id"] = IdConverter


def register_database(app: Flask) -> None:
    from complaints.db import make_engine, make_session_factory
    from complaints.sessions import watch
    from complaints.web import ENGINE, SESSION_FACTORY, close_db

    engine = app.config.get("ENGINE") or make_engine(app.config["DATABASE_URL"])
    factory = app.config.get("SESSION_FACTORY") or make_session_factory(engine)
    if not app.config.get("SESSION_FACTORY"):
        watch(factory)
    app.extensions[ENGINE] = engine
    app.extensions[SESSION_FACTORY] = factory
    app.teardown_appcontext(close_db)


def register_extensions(app: Flask) -> None:
    from flask_wtf.csrf import CSRFProtect
    from werkzeug.middleware.proxy_fix import ProxyFix

    from complaints import assets, frontend, security
    from complaints.auth.login import login_manager
    from complaints.auth.pending import THROTTLE
    from complaints.auth.throttle import Throttle
    from complaints.web import navigation

    CSRFProtect(app)
    app.context_processor(lambda: {"may_open": navigation()})
    login_manager.init_app(app)
    app.extensions[THROTTLE] = Throttle(
        app.config.get("REDIS_URL") or "memory://",
        namespace=app.config["THROTTLE_NAMESPACE"],
        limits=app.config["THROTTLE_LIMITS"],
    )
    frontend.init_app(app)
    security.init_app(app)
    assets.init_app(app)
    hops = int(app.config.get("PROXY_FIX_HOPS") or 0)
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=hops)


def register_blueprints(app: Flask) -> None:
    from complaints import errors
    from complaints.access.views import bp as access_bp
    from complaints.admin.views import bp as admin_bp
    from complaints.auth.account_views import bp as account_bp
    from complaints.auth.views import bp as auth_bp
    from complaints.cases.views import bp as cases_bp
    from complaints.cases.views.queues import bp as queues_bp
    from complaints.home.views import bp as home_bp
    from complaints.imports.views import bp as imports_bp
    from complaints.intervention.views import bp as intervention_bp
    from complaints.investigations.views import bp as investigations_bp
    from complaints.learning.views import bp as learning_bp
    from complaints.letters.views import bp as letters_bp
    from complaints.officers.views import bp as officers_bp
    from complaints.oversight.views import bp as oversight_bp
    from complaints.proceedings.views import bp as proceedings_bp
    from complaints.public.tracking_views import bp as track_bp
    from complaints.public.triage_views import bp as submissions_bp
    from complaints.public.views import bp as public_bp
    from complaints.reports.views import bp as reports_bp
    from complaints.retention.views import bp as retention_bp
    from complaints.returns.views import bp as returns_bp
    from complaints.reviews.views import bp as reviews_bp
    from complaints.tray.views import bp as tray_bp
    from complaints.workforce.views import bp as workforce_bp

    errors.init_app(app)
    for blueprint in (
        home_bp,
        tray_bp,
        auth_bp,
        account_bp,
        cases_bp,
        investigations_bp,
        proceedings_bp,
        queues_bp,
        reviews_bp,
        learning_bp,
        oversight_bp,
        reports_bp,
        returns_bp,
        admin_bp,
        letters_bp,
        public_bp,
        submissions_bp,
        track_bp,
        officers_bp,
        intervention_bp,
        access_bp,
        retention_bp,
        workforce_bp,
        imports_bp,
    ):
        app.register_blueprint(blueprint)


def register_cli(app: Flask) -> None:
    from complaints.cli import register

    register(app)
