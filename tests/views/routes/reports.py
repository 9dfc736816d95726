"""Routes of the reports pages and who may use them (see test_route_permissions)."""

from __future__ import annotations

import datetime as dt

from complaints.auth.roles import Role
from tests.views.routes import R

# Board members, the appropriate authority and OPCC oversight (domain.md A8).
REPORT_READERS = frozenset({R.APPROPRIATE_AUTHORITY, R.OPCC_OVERSIGHT, R.BOARD_MEMBER})
# Those who may see small counts, and make reports.
FULL_READERS = frozenset({R.APPROPRIATE_AUTHORITY, R.OPCC_OVERSIGHT})

ROUTES: dict[str, tuple[str, str, frozenset[Role] | str]] = {
    "reports.index": ("GET", "/reports", REPORT_READERS),
    "reports.make": ("GET", "/reports/make", FULL_READERS),
    "reports.download": ("GET", "/reports/{report_id}/download", REPORT_READERS),
    "reports.verify": ("GET", "/reports/verify", REPORT_READERS),
    "reports.dashboard": ("GET", "/reports/dashboard", REPORT_READERS),
    "reports.oversight": ("GET", "/reports/oversight", FULL_READERS),
    "reports.table_csv": ("GET", "/reports/csv/{report_table}", REPORT_READERS),
    "reports.pack_csv": ("GET", "/reports/csv.zip", REPORT_READERS),
    # Signing off: the world's report is a draft, which does not exist for the board.
    "reports.board_report": ("GET", "/reports/board/{board_report_id}", REPORT_READERS),
    "reports.commentary": (
        "GET",
        "/reports/board/{board_report_id}/commentary/summary",
        FULL_READERS,
    ),
    "reports.preview": ("GET", "/reports/board/{board_report_id}/draft.pdf", FULL_READERS),
    # The report as a web page, read as its PDF is: the draft not by the board.
    "reports.board_html": (
        "GET",
        "/reports/board/{board_report_id}/report.html",
        REPORT_READERS,
    ),
    "reports.approve": (
        "GET",
        "/reports/board/{board_report_id}/approve",
        frozenset({R.OPCC_OVERSIGHT}),
    ),
}
NOT_FOUND_FOR: dict[str, frozenset[Role]] = {
    "reports.board_report": frozenset({R.BOARD_MEMBER}),
    "reports.board_html": frozenset({R.BOARD_MEMBER}),
}


def objects(db, world) -> dict:
    """A circulated report whose bytes are in the file store, and a table of the pack."""
    from complaints.common.actor import Actor
    from complaints.documents.models import Attachment
    from complaints.reports import signoff
    from complaints.reports.models import GeneratedReport, ReportVersion
    from tests import factories

    # The store is content-addressed: the world's document is a file the store holds.
    stored = db.get(Attachment, world["attachment_id"])
    report = GeneratedReport(
        month=dt.date(2026, 1, 1),
        version=ReportVersion.CIRCULATED,
        generated_at=dt.datetime(2026, 2, 2, 9, 0, tzinfo=dt.UTC),
        generated_by_name="System",
        sha256=stored.sha256,
        size_bytes=stored.size_bytes,
        filename="complaints-2026-01-circulated.pdf",
        published=True,
    )
    db.add(report)
    draft = signoff.start_report(
        db, Actor.system("test"), dt.date(2026, 1, 1), report.force_id or 1, factories.NOW
    )
    db.commit()
    # A table every month's pack has (complaints.reports.pack).
    return {"report_id": report.id, "report_table": "trends", "board_report_id": draft.id}
