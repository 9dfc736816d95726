"""Templates: GOV.UK Frontend Jinja macros, WTForms widgets, and the product's filters."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from flask import Flask, current_app, request
from govuk_frontend_wtf.main import WTFormsHelpers
from jinja2 import ChainableUndefined, ChoiceLoader, FileSystemLoader, PackageLoader, PrefixLoader
from markupsafe import Markup

from complaints.common import workdays
from complaints.common.clock import format_date, format_datetime, london_today

__all__ = ["deadline_phrase", "format_date", "format_datetime", "init_app", "plural", "url_with"]


def init_app(app: Flask) -> None:
    app.jinja_loader = ChoiceLoader(
        [
            FileSystemLoader(app.template_folder),
            PrefixLoader(
                {
                    "govuk_frontend_jinja": PackageLoader("govuk_frontend_jinja"),
                    "govuk_frontend_wtf": PackageLoader("govuk_frontend_wtf"),
                }
            ),
        ]
    )
    app.jinja_env.trim_blocks = True
    app.jinja_env.lstrip_blocks = True
    app.jinja_env.undefined = ChainableUndefined  # the GOV.UK macros read params.a.b
    WTFormsHelpers(app)
    app.jinja_env.filters.update(
        date=format_date,
        datetime=format_datetime,
        deadline=deadline_phrase,
        plural=plural,
    )
    app.jinja_env.globals.update(url_with=url_with)

    @app.context_processor
    def _service() -> dict[str, str]:
        return {
            "force_name": current_app.config["FORCE_NAME"],
            "service_name": current_app.config["SERVICE_NAME"],
        }


def deadline_phrase(due: dt.date | None, today: dt.date | None = None) -> Markup | str:
    """'in 4 working days', 'due today' or '2 working days overdue' beside a deadline."""
    if due is None:
        return ""
    today = today or london_today()
    if due == today:
        return "due today"
    if due > today:
        days = workdays.between(today, due)
        return f"in {days} working {plural(days, 'day')}"
    days = workdays.between(due, today)
    return Markup('<strong class="govuk-tag govuk-tag--red">{} working {} overdue</strong>').format(
        days, plural(days, "day")
    )


def plural(count: int, word: str, many: str | None = None) -> str:
    return word if count == 1 else (many or word + "s")


def url_with(**changes: object) -> str:
    """This page's URL with some query arguments changed (filters, sorting, pages)."""
    args = request.args.to_dict(flat=False)
    for key, value in changes.items():
        if value is None or value == "":
            args.pop(key, None)
        else:
            args[key] = [str(value)]
    # Built by hand: query keys come from the user and must never reach url_for's own
    # arguments (endpoint, _external, _scheme, ...).
    query = urlencode(args, doseq=True)
    return request.path + ("?" + query if query else "")
