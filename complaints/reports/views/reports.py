"""The reports page: the monthly reports made, making one, downloading and verifying them.

A report is kept as the PDF that was made, under its SHA-256, so anyone holding a copy
can check it is the report on record and not an edited one.
"""

from __future__ import annotations

import io

from flask import current_app, flash, redirect, render_template, send_file, url_for
from sqlalchemy import select

from complaints.auth.permissions import Permission, role_can
from complaints.common.clock import utcnow
from complaints.common.errors import Refused
from complaints.forces.pages import user_forces
from complaints.reports import signoff
from complaints.reports.forms import MakeReportForm, VerifyReportForm
from complaints.reports.generation import (
    ReportError,
    find_by_sha256,
    open_report,
)
from complaints.reports.models import BoardReport, BoardReportState, GeneratedReport, ReportVersion
from complaints.reports.views.blueprint import bp
from complaints.reports.views.common import (
    may_see_full,
    record,
    report_force,
)
from complaints.web import actor, db, refuse, requires


def _visible():
    """The reports this user may see: their forces' only, and board members only the
    circulated versions published to them (approved by the OPCC)."""
    query = select(GeneratedReport).where(GeneratedReport.force_id.in_(sorted(actor().forces)))
    if not may_see_full():
        query = query.where(
            GeneratedReport.version == ReportVersion.CIRCULATED,
            GeneratedReport.published.is_(True),
        )
    return query.order_by(
        GeneratedReport.month.desc(),
        GeneratedReport.generated_at.desc(),
        GeneratedReport.version,
    )


@bp.route("")
@requires(Permission.VIEW_REPORTS)
def index():
    """Every monthly report made, newest month first, with the hash that proves each copy."""
    session = db()
    reports = session.scalars(_visible()).all()
    record("view", "generated_reports", f"list of {len(reports)} reports")
    session.commit()
    forces = user_forces()
    signed = select(BoardReport).where(BoardReport.force_id.in_(sorted(actor().forces)))
    if not may_see_full():
        signed = signed.where(BoardReport.state == BoardReportState.PUBLISHED)
    return render_template(
        "reports/index.html",
        reports=reports,
        board_reports=session.scalars(signed.order_by(BoardReport.month.desc()).limit(24)).all(),
        force_names={f.id: f.name for f in forces} if len(forces) > 1 else {},
        may_make=_may(Permission.MAKE_REPORTS),
        may_see_full=may_see_full(),
    )


def _may(permission: Permission) -> bool:
    return role_can(actor().role, permission)


@bp.route("/make", methods=["GET", "POST"])
@requires(Permission.MAKE_REPORTS)
def make():
    """Make a month's report as a draft, for commentary and the OPCC's approval."""
    now = utcnow()
    force = report_force()  # the user's only force, or the one chosen by ?force=CODE
    form = MakeReportForm(now)
    if form.validate_on_submit():
        month = form.chosen()
        session = db()
        try:
            report = signoff.start_report(session, actor(), month, force.id, now)
        except Refused as refused:
            session.rollback()
            form.month.errors = [*form.month.errors, str(refused)]
        else:
            session.commit()
            flash(
                f"Draft report for {month:%B %Y} made for {force.name}. Add commentary; the "
                "OPCC then approves it for the board.",
                "success",
            )
            return redirect(url_for("reports.board_report", report_id=report.id))
    status = 400 if form.errors else 200
    return render_template(
        "reports/make.html", form=form, force=force, forces=user_forces()
    ), status


@bp.route("/<id:report_id>/download")
@requires(Permission.VIEW_REPORTS)
def download(report_id: int):
    """The PDF as it was made, only while it still matches its hash; always audited."""
    session = db()
    report = session.get(GeneratedReport, report_id)
    if report is None or report.force_id not in actor().forces:
        refuse(404, "no such report")  # another force's report does not exist for this user
    if report.version == ReportVersion.FULL and not may_see_full():
        refuse(403, "the full version of a report")
    if not report.published and not may_see_full():
        refuse(404, "a report not published to the board")
    try:
        data = open_report(session, actor(), current_app.config["FILES_DIR"], report, utcnow())
    except ReportError as refused:
        record("refused", "generated_reports", str(refused), entity_id=report.id)
        session.commit()
        return render_template("reports/file_refused.html", report=report), 409
    session.commit()
    response = send_file(
        io.BytesIO(data),
        mimetype="application/pdf",
        as_attachment=True,
        download_name=report.filename,
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.route("/verify", methods=["GET", "POST"])
@requires(Permission.VIEW_REPORTS)
def verify():
    """Is this copy a report made here? Upload it, or give its SHA-256, to find out."""
    form = VerifyReportForm()
    checked, found = None, None
    if form.validate_on_submit():
        checked = form.digest()
        session = db()
        found = find_by_sha256(session, checked, actor().forces)
        record(
            "verify",
            "generated_reports",
            "matched" if found else "no match",
            entity_id=found.id if found else None,
        )
        session.commit()
    status = 400 if form.errors else 200
    return (
        render_template(
            "reports/verify.html",
            form=form,
            checked=checked,
            found=found,
            may_see_full=may_see_full(),  # staff names are not for board members (A8)
        ),
        status,
    )
