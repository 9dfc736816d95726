"""The dashboards: the monthly pack on a page, each chart with its table beside it."""

from __future__ import annotations

from flask import render_template, request
from werkzeug.datastructures import MultiDict

from complaints.auth.permissions import Permission
from complaints.common.clock import utcnow
from complaints.forces.pages import combined, user_forces
from complaints.reports import signoff
from complaints.reports.forms import MonthForm
from complaints.reports.highlights import highlights
from complaints.reports.kept import derived
from complaints.reports.tables import OVERSIGHT_SECTIONS, withholding_words
from complaints.reports.views.blueprint import bp
from complaints.reports.views.common import (
    CIRCULATED,
    FULL,
    force_code,
    may_see_full,
    of_force,
    pack_for,
    record,
    report_force,
    settings,
    shown_sections,
    wanted_version,
)
from complaints.web import db, requires


def _dashboard(
    kind: str,
    template: str,
    *,
    only: tuple[str, ...] | None,
    circulated: bool,
    summary: bool = False,
):
    now = utcnow()
    form = MonthForm(now, formdata=request.args if "month" in request.args else MultiDict())
    made = settings()  # 404 before anything else for a force not the user's
    shown = {
        "force": None if combined() else report_force(),
        "force_name": made.force_name,
        "force_code": force_code(),
        "forces": user_forces(),
    }
    if "month" in request.args and not form.validate():
        return render_template(template, form=form, sections=None, month=None, **shown), 400
    month = form.chosen()
    form.month.data = f"{month:%Y-%m}"
    pack = pack_for(month)
    sections = [s for s in pack.sections if only is None or s.key in only]
    version = CIRCULATED if circulated else FULL
    record("view", "dashboard", of_force(f"{kind} {month:%Y-%m} {version}"))
    db().commit()
    threshold = made.threshold
    items = (
        derived(
            pack,
            ("highlights", circulated, threshold),
            lambda: highlights(pack, circulated=circulated, threshold=threshold),
        )
        if summary
        else ()
    )
    drawn = derived(
        pack,
        ("sections", only, circulated, threshold),
        lambda: shown_sections(sections, circulated=circulated, threshold=threshold),
    )
    report = None if combined() else signoff.report_for(db(), report_force().id, month)
    if report is not None and report.is_draft and not may_see_full():
        report = None  # the board reads commentary once the OPCC has approved it
    return render_template(
        template,
        form=form,
        **shown,
        month=month,
        version=version,
        circulated=circulated,
        threshold=threshold,
        withholding=withholding_words(threshold),
        may_see_full=may_see_full(),
        sections=drawn,
        highlights=items,
        report=report,
        commentary=signoff.commentary_of(report) if report else {},
        section_titles={s.key: s.title for s in sections},
    )


@bp.route("/dashboard")
@requires(Permission.VIEW_DASHBOARDS)
def dashboard():
    """The board's dashboard: every measure of the month, small counts hidden for the board."""
    circulated = wanted_version(request.args.get("version"))
    return _dashboard(
        "board", "reports/dashboard.html", only=None, circulated=circulated, summary=True
    )


@bp.route("/oversight")
@requires(Permission.VIEW_FULL_REPORTS)
def oversight():
    """The OPCC's oversight dashboard: timeliness, overdue work, reviews and learning."""
    return _dashboard(
        "oversight", "reports/oversight.html", only=OVERSIGHT_SECTIONS, circulated=False
    )
