"""The board report as an accessible web page: the same figures as its PDF, read by those
who may read that version, linked from the PDF's cover, and audited as a download is."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from complaints.auth.roles import Role
from complaints.common.audit_model import AuditEvent
from complaints.reports.models import BoardReport, GeneratedReport
from tests.readback import pdf_text
from tests.views import report_pages as rp


@pytest.fixture()
def pack(app):
    pack = rp.sample()
    rp.serve(app, lambda month: rp.sample(month))
    return pack


def _flat(text: str) -> str:
    return " ".join(text.split())


def test_each_version_is_a_page_with_the_pdfs_figures_for_those_who_may_read_it(app, db, pack):
    aa = rp.client_as(app, db, Role.APPROPRIATE_AUTHORITY)
    opcc = rp.client_as(app, db, Role.OPCC_OVERSIGHT)
    board = rp.client_as(app, db, Role.BOARD_MEMBER)
    assert aa.post("/reports/make", data={"month": f"{rp.month():%Y-%m}"}).status_code == 302
    report = db.scalars(select(BoardReport)).one()
    url = f"/reports/board/{report.id}/report.html"

    # A draft: the PSD and the OPCC read it, marked as a draft; the board does not.
    assert board.get(f"{url}?version=circulated").status_code == 404
    draft = aa.get(f"{url}?version=circulated")
    assert draft.status_code == 200
    assert "Draft: not yet approved" in draft.get_data(as_text=True)
    draft_pdf = pdf_text(aa.get(f"/reports/board/{report.id}/draft.pdf?version=full").data)
    assert f"{url}?version=full" in _flat(draft_pdf)

    assert opcc.post(f"/reports/board/{report.id}/approve", data={"confirm": "y"}).status_code
    db.expire_all()
    report = db.get(BoardReport, report.id)
    circulated = next(g for g in report.generated if g.version.value == "circulated")

    # Published: the board reads the circulated version only, as the PDFs.
    assert board.get(f"{url}?version=full").status_code == 403
    response = board.get(f"{url}?version=circulated")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert '<html lang="en-GB"' in page
    assert "<svg" not in page  # charts are given as their tables
    assert page.count("<caption") == len(pack.tables)
    assert f'href="/reports/{circulated.id}/download"' in page

    # The page's figures are the PDF's, table by table and row by row.
    published = _flat(pdf_text(board.get(f"/reports/{circulated.id}/download").data))
    assert f"{url}?version=circulated" in published  # the PDF's cover names the page
    for table in pack.tables:
        header, rows = rp.page_table(page, table.key)
        assert header == list(table.columns)
        assert rows == rp.expected(table, circulated=True), table.key
        for row in rows:
            assert " ".join(_flat(c) for c in row) in published, (table.key, row)
    for section in pack.sections:
        assert f'<h2 class="govuk-heading-l" id="section-{section.key}">' in page

    full = aa.get(f"{url}?version=full").get_data(as_text=True)
    for table in pack.tables:
        assert rp.page_table(full, table.key)[1] == rp.expected(table, circulated=False)

    opened = db.scalars(
        select(AuditEvent).where(
            AuditEvent.entity_type == "generated_reports",
            AuditEvent.action == "download",
            AuditEvent.entity_id == circulated.id,
        )
    ).all()
    assert any("as a web page" in (e.summary or "") for e in opened)
    links = board.get(f"/reports/board/{report.id}").get_data(as_text=True)
    assert f"{url}?version=circulated" in links and f"{url}?version=full" not in links
    assert db.scalars(select(GeneratedReport)).all()
