"""CSV exports of the pack's tables: one table, or every table in a zip. Each is audited."""

from __future__ import annotations

from flask import request

from complaints.auth.permissions import Permission
from complaints.common.clock import utcnow
from complaints.reports import csv_export
from complaints.reports.views.blueprint import bp
from complaints.reports.views.common import (
    CIRCULATED,
    FULL,
    file_tag,
    month_from_query,
    of_force,
    pack_for,
    record,
    settings,
    wanted_version,
)
from complaints.web import db, file_download, refuse, requires


@bp.route("/csv/<table_key>")
@requires(Permission.VIEW_REPORTS)
def table_csv(table_key: str):
    """One table of the month's report as CSV, in the version the user may have."""
    circulated = wanted_version(request.args.get("version"))
    month = month_from_query(utcnow())
    pack = pack_for(month)
    table = next((t for t in pack.tables if t.key == table_key), None)
    if table is None:
        refuse(404, "no such report table")
    record(
        "export",
        "report_table",
        of_force(f"{table.key} {month:%Y-%m} {CIRCULATED if circulated else FULL}"),
    )
    db().commit()
    data = csv_export.table_csv(table, circulated=circulated, threshold=settings().threshold)
    name = csv_export.file_name(pack, table.key, circulated=circulated, forces=file_tag())
    return file_download(data, "text/csv", name)


@bp.route("/csv.zip")
@requires(Permission.VIEW_REPORTS)
def pack_csv():
    """Every table of the month's report, each a CSV file, in one zip."""
    circulated = wanted_version(request.args.get("version"))
    month = month_from_query(utcnow())
    pack = pack_for(month)
    record(
        "export",
        "report_tables",
        of_force(f"all tables {month:%Y-%m} {CIRCULATED if circulated else FULL}"),
    )
    db().commit()
    data = csv_export.pack_zip(pack, circulated=circulated, threshold=settings().threshold)
    name = csv_export.file_name(
        pack, "tables", circulated=circulated, extension="zip", forces=file_tag()
    )
    return file_download(data, "application/zip", name)
