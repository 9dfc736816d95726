"""Signing off the board report through its pages: a draft, commentary from the PSD and
the OPCC, the OPCC's approval and publication; a board member never sees a draft, and two
editors of one comment do not overwrite each other."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import select

from complaints.auth.roles import Role
from complaints.common.audit_model import AuditEvent
from complaints.reports.models import BoardReport, BoardReportState, GeneratedReport
from tests import factories
from tests.readback import pdf_text
from tests.signing import sign_in
from tests.views import report_pages as rp


@pytest.fixture()
def pack(app):
    pack = rp.sample()
    rp.serve(app, lambda month: rp.sample(month))
    return pack


def _as(app, db, role: Role):
    """A client of its own, signed in as a new user of the role."""
    user = factories.user(db, role)
    db.commit()
    client = app.test_client()
    sign_in(client, user.email)
    return client, user


def _version(page: str) -> str:
    return re.search(r'name="version"[^>]*value="(\d+)"', page).group(1)


def _opened(page: str) -> str:
    return re.search(r'name="opened_at"[^>]*value="([^"]+)"', page).group(1)


def _write(client, report_id: int, section: str, text: str):
    url = f"/reports/board/{report_id}/commentary/{section}"
    form = client.get(url).get_data(as_text=True)
    return client.post(
        url, data={"text": text, "version": _version(form), "opened_at": _opened(form)}
    )


def test_draft_commentary_approval_and_publication(app, db, pack):
    month = rp.month()
    aa, _ = _as(app, db, Role.APPROPRIATE_AUTHORITY)
    opcc, approver = _as(app, db, Role.OPCC_OVERSIGHT)
    board, _ = _as(app, db, Role.BOARD_MEMBER)

    made = aa.post("/reports/make", data={"month": f"{month:%Y-%m}"})
    assert made.status_code == 302
    report = db.scalars(select(BoardReport)).one()
    assert made.location.endswith(f"/reports/board/{report.id}")
    assert db.scalars(select(GeneratedReport)).all() == []  # nothing is made for the board yet

    # The board never sees a draft: not its page, not in the list, not its commentary.
    assert board.get(f"/reports/board/{report.id}").status_code == 404
    assert board.get(f"/reports/board/{report.id}/draft.pdf").status_code == 403
    assert f"/reports/board/{report.id}" not in board.get("/reports").get_data(as_text=True)

    assert _write(aa, report.id, "summary", "The PSD explains the rise.").status_code == 302
    assert _write(opcc, report.id, "timeliness", "The OPCC asks for a plan.").status_code == 302
    # Each writes only their own side's commentary on the page.
    page = aa.get(f"/reports/board/{report.id}").get_data(as_text=True)
    assert "The PSD explains the rise." in page and "The OPCC asks for a plan." in page
    dashboard = board.get("/reports/dashboard").get_data(as_text=True)
    assert "The PSD explains the rise." not in dashboard
    draft_pdf = aa.get(f"/reports/board/{report.id}/draft.pdf?version=circulated")
    assert "Draft: not yet approved" in pdf_text(draft_pdf.data)
    assert "The PSD explains the rise." in pdf_text(draft_pdf.data)

    assert aa.get(f"/reports/board/{report.id}/approve").status_code == 403
    refused = opcc.post(f"/reports/board/{report.id}/approve", data={})
    assert refused.status_code == 400 and "govuk-error-summary" in refused.get_data(as_text=True)
    approved = opcc.post(f"/reports/board/{report.id}/approve", data={"confirm": "y"})
    assert approved.status_code == 302
    db.expire_all()
    report = db.get(BoardReport, report.id)
    assert report.state == BoardReportState.PUBLISHED and report.approved_by_id == approver.id

    # Published: the board reads it, its commentary, and the frozen circulated PDF.
    page = board.get(f"/reports/board/{report.id}")
    assert page.status_code == 200
    text = page.get_data(as_text=True)
    assert "The PSD explains the rise." in text and approver.full_name not in text
    circulated = next(g for g in report.generated if g.version.value == "circulated")
    full = next(g for g in report.generated if g.version.value == "full")
    assert circulated.sha256 in text and full.sha256 not in text
    listed = board.get("/reports").get_data(as_text=True)
    assert f"/reports/board/{report.id}" in listed and circulated.sha256 in listed
    data = board.get(f"/reports/{circulated.id}/download").data
    published = " ".join(pdf_text(data).split())
    assert "The PSD explains the rise." in published and "The OPCC asks for a plan." in published
    assert "Draft" not in published
    dashboard = board.get("/reports/dashboard").get_data(as_text=True)
    assert "The PSD explains the rise." in dashboard
    # Frozen: no more commentary or approval.
    url = f"/reports/board/{report.id}/commentary/summary"
    assert aa.get(url).status_code == 302
    assert aa.post(url, data={"text": "Too late", "version": "2"}).status_code == 302
    assert opcc.get(f"/reports/board/{report.id}/approve").status_code == 302
    db.expire_all()
    assert "Too late" not in {c.text for c in db.get(BoardReport, report.id).commentaries}
    steps = {
        e.action
        for e in db.scalars(select(AuditEvent).where(AuditEvent.entity_type == "board_reports"))
    }
    assert {"create", "view", "export", "approve"} <= steps


def test_a_second_editor_of_one_comment_sees_a_conflict(app, db, pack):
    first, _ = _as(app, db, Role.OPCC_OVERSIGHT)
    second, _ = _as(app, db, Role.OPCC_OVERSIGHT)
    first.post("/reports/make", data={"month": f"{rp.month():%Y-%m}"})
    report = db.scalars(select(BoardReport)).one()
    url = f"/reports/board/{report.id}/commentary/headlines"
    theirs = first.get(url).get_data(as_text=True)
    mine = second.get(url).get_data(as_text=True)
    saved = first.post(
        url, data={"text": "First words", "version": _version(theirs), "opened_at": _opened(theirs)}
    )
    assert saved.status_code == 302
    crossed = second.post(
        url, data={"text": "Second words", "version": _version(mine), "opened_at": _opened(mine)}
    )
    assert crossed.status_code == 409
    page = crossed.get_data(as_text=True)
    assert "Someone else changed this commentary" in page
    assert "First words" in page and "Second words" in page  # both versions shown
    db.expire_all()
    stored = next(
        c
        for c in db.get(BoardReport, report.id).commentaries
        if c.section == "headlines" and c.voice.value == "opcc"
    )
    assert stored.text == "First words"


def test_commentary_too_long_gets_an_error_summary(app, db, pack):
    aa, _ = _as(app, db, Role.APPROPRIATE_AUTHORITY)
    aa.post("/reports/make", data={"month": f"{rp.month():%Y-%m}"})
    report = db.scalars(select(BoardReport)).one()
    response = _write(aa, report.id, "summary", "x" * 5001)
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "govuk-error-summary" in page and "5,000 characters or fewer" in page
    assert aa.get(f"/reports/board/{report.id}/commentary/nonsense").status_code == 404
    # A month already made is refused on the form, not with a server error.
    again = aa.post("/reports/make", data={"month": f"{rp.month():%Y-%m}"})
    assert again.status_code == 400 and "already been made" in again.get_data(as_text=True)
