"""Error pages in the GOV.UK pattern; a bad request never becomes a 500, and every error
page renders from a rolled-back session."""

from __future__ import annotations

import logging
import traceback

from flask import Flask, render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from complaints.web import rollback_db

log = logging.getLogger(__name__)

TEMPLATES = {
    400: "errors/400.html",
    403: "errors/403.html",
    404: "errors/404.html",
    405: "errors/400.html",
    413: "errors/413.html",
    429: "errors/429.html",
    500: "errors/500.html",
}


def init_app(app: Flask) -> None:
    @app.errorhandler(CSRFError)
    def _csrf(error: CSRFError):
        rollback_db()
        return render_template("errors/csrf.html"), 400

    @app.errorhandler(HTTPException)
    def _http(error: HTTPException):
        rollback_db()
        template = TEMPLATES.get(error.code or 500, "errors/400.html")
        return render_template(template, error=error), error.code

    @app.errorhandler(Exception)
    def _unexpected(error: Exception):
        rollback_db()
        # The exception's message and the request may hold complainants' personal data:
        # log only the type and where it was raised.
        frames = traceback.extract_tb(error.__traceback__)
        where = "; ".join(f"{f.filename}:{f.lineno} in {f.name}" for f in frames[-5:])
        log.error("unhandled %s at %s", type(error).__name__, where)
        return render_template("errors/500.html"), 500
