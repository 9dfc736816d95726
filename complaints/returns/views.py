"""The IOPC data return's page: the tables for a quarter (or year, or month) of the
force's figures, the checks the IOPC applies with the records that fail them, and the
download. For the appropriate authority and OPCC oversight, who see the full figures;
every view and download is audited."""

from __future__ import annotations

from flask import Blueprint, abort, render_template, request

from complaints.auth.permissions import Permission
from complaints.common import audit
from complaints.common.clock import london_today
from complaints.forces.pages import page_forces
from complaints.returns import iopc, validation
from complaints.returns.periods import last_complete_quarter, parse_period
from complaints.web import db, file_download, requires

bp = Blueprint("returns", __name__, url_prefix="/returns")


def _period():
    text = request.args.get("period") or last_complete_quarter(london_today())
    period = parse_period(text)
    if period is None:
        abort(400)
    return text.strip(), period


@bp.route("/iopc")
@requires(Permission.VIEW_FULL_REPORTS)
def iopc_return():
    """The return for the period asked for (the last complete quarter by default)."""
    text, period = _period()
    forces = [f.id for f in page_forces()]
    session = db()
    tables = iopc.build(session, period, forces)
    failures = validation.validate(session, period, forces, tables)
    audit.record(session, "view", entity_type="iopc_return", summary=f"IOPC return {text}")
    session.commit()
    return render_template(
        "returns/iopc.html", text=text, period=period, tables=tables, failures=failures
    )


@bp.route("/iopc.zip")
@requires(Permission.VIEW_FULL_REPORTS)
def iopc_zip():
    """Every table of the return, each a CSV file, in one zip."""
    text, period = _period()
    session = db()
    tables = iopc.build(session, period, [f.id for f in page_forces()])
    audit.record(session, "export", entity_type="iopc_return", summary=f"IOPC return {text}")
    session.commit()
    return file_download(iopc.zipped(tables), "application/zip", f"iopc-return-{text}.zip")
