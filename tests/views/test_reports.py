"""The reports page: reports made are listed (board members see the circulated ones),
made on request, downloaded as recorded, and any copy can be checked against the record."""

from __future__ import annotations

import datetime as dt
import hashlib
import io

import pytest
from sqlalchemy import select

from complaints.auth.roles import Role
from complaints.common.audit_model import AuditEvent
from complaints.documents.storage import FileStore
from complaints.reports.models import BoardReport, GeneratedReport, ReportVersion
from tests.views import report_pages as rp

JANUARY = dt.date(2026, 1, 1)


@pytest.fixture()
def on_record(db, app):
    """Both versions of January's report, their bytes in the file store."""
    made = {}
    for version in ReportVersion:
        data = b"%PDF-1.4\n" + f"January 2026, {version.value} version\n".encode() + b"%%EOF\n"
        report = GeneratedReport(
            month=JANUARY,
            version=version,
            generated_at=dt.datetime(2026, 2, 3, 9, 30, tzinfo=dt.UTC),
            generated_by_name="Olu Oversight",
            sha256=FileStore(app.config["FILES_DIR"]).put(data),
            size_bytes=len(data),
            filename=f"complaints-board-report-2026-01-{version.value}.pdf",
            published=version == ReportVersion.CIRCULATED,
        )
        db.add(report)
        made[version] = (report, data)
    db.commit()
    return made


def test_the_board_sees_only_the_circulated_reports(client, login_as, on_record):
    login_as(Role.BOARD_MEMBER)
    page = client.get("/reports").get_data(as_text=True)
    circulated, _ = on_record[ReportVersion.CIRCULATED]
    full, _ = on_record[ReportVersion.FULL]
    assert circulated.sha256 in page and full.sha256 not in page
    assert "January 2026" in page
    assert "Olu Oversight" not in page  # no names for the board (A8), staff's included
    assert "Make a report" not in page


def test_full_readers_see_both_versions_and_may_make_one(client, login_as, on_record, db):
    user = login_as(Role.OPCC_OVERSIGHT)
    page = client.get("/reports").get_data(as_text=True)
    for report, _ in on_record.values():
        assert report.sha256 in page
        assert f"/reports/{report.id}/download" in page
    assert "3 February 2026 at 9:30am" in page and "Olu Oversight" in page
    assert 'href="/reports/make"' in page
    listed = db.scalars(
        select(AuditEvent).where(
            AuditEvent.entity_type == "generated_reports", AuditEvent.action == "view"
        )
    )
    assert [(e.action, e.actor_id) for e in listed] == [("view", user.id)]


def test_a_download_is_the_file_on_record_and_audited(client, login_as, on_record, db):
    user = login_as(Role.BOARD_MEMBER)
    report, data = on_record[ReportVersion.CIRCULATED]
    response = client.get(f"/reports/{report.id}/download")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert response.data == data
    assert report.filename in response.headers["Content-Disposition"]
    downloads = db.scalars(select(AuditEvent).where(AuditEvent.action == "download")).all()
    assert [(e.actor_id, e.entity_id) for e in downloads] == [(user.id, report.id)]


def test_the_board_cannot_download_the_full_version(client, login_as, on_record):
    login_as(Role.BOARD_MEMBER)
    full, _ = on_record[ReportVersion.FULL]
    assert client.get(f"/reports/{full.id}/download").status_code == 403
    assert client.get("/reports/999999/download").status_code == 404


def test_a_changed_file_is_not_served(client, login_as, on_record, app):
    login_as(Role.APPROPRIATE_AUTHORITY)
    report, _ = on_record[ReportVersion.FULL]
    FileStore(app.config["FILES_DIR"]).path_for(report.sha256).write_bytes(b"%PDF- edited")
    response = client.get(f"/reports/{report.id}/download")
    assert response.status_code == 409
    assert "This report cannot be opened" in response.get_data(as_text=True)


def test_making_a_report_makes_a_draft_for_sign_off(client, login_as, db, app):
    user = login_as(Role.APPROPRIATE_AUTHORITY)
    month = rp.month()
    form = client.get("/reports/make").get_data(as_text=True)
    assert f'<option value="{month:%Y-%m}" selected>' in form
    response = client.post("/reports/make", data={"month": f"{month:%Y-%m}"})
    draft = db.scalars(select(BoardReport)).one()
    assert response.status_code == 302
    assert response.location.endswith(f"/reports/board/{draft.id}")
    assert (draft.month, draft.created_by_id, draft.is_draft) == (month, user.id, True)
    assert db.scalars(select(GeneratedReport)).all() == []  # made when the OPCC approves
    page = client.get(response.location).get_data(as_text=True)
    assert f"Draft report for {month:%B %Y} made" in page
    listed = client.get("/reports").get_data(as_text=True)
    assert f"/reports/board/{draft.id}" in listed and "Draft" in listed


@pytest.mark.parametrize("month", ["", "2099-01", "soon"])
def test_making_a_report_for_no_month_on_offer_is_refused(client, login_as, db, month):
    login_as(Role.OPCC_OVERSIGHT)
    response = client.post("/reports/make", data={"month": month})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "govuk-error-summary" in page
    assert db.scalars(select(GeneratedReport)).all() == []


def test_a_copy_on_record_is_verified(client, login_as, on_record):
    login_as(Role.BOARD_MEMBER)
    report, data = on_record[ReportVersion.CIRCULATED]
    response = client.post(
        "/reports/verify",
        data={"file": (io.BytesIO(data), "board-report.pdf"), "sha256": ""},
        content_type="multipart/form-data",
    )
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "This is a report on record" in page
    assert "January 2026" in page and report.sha256 in page
    assert "Olu Oversight" not in page  # who made it is for PSD and OPCC eyes
    pasted = client.post("/reports/verify", data={"sha256": report.sha256.upper()})
    assert "This is a report on record" in pasted.get_data(as_text=True)
    client.post("/sign-out")
    login_as(Role.APPROPRIATE_AUTHORITY)
    by_staff = client.post("/reports/verify", data={"sha256": report.sha256})
    assert "Olu Oversight" in by_staff.get_data(as_text=True)


def test_a_changed_copy_does_not_verify(client, login_as, on_record, db):
    login_as(Role.APPROPRIATE_AUTHORITY)
    _, data = on_record[ReportVersion.FULL]
    edited = data.replace(b"full", b"fuli")
    response = client.post(
        "/reports/verify",
        data={"file": (io.BytesIO(edited), "report.pdf")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "No report on record matches this file" in page
    assert hashlib.sha256(edited).hexdigest() in page
    assert "This is a report on record" not in page
    checks = db.scalars(select(AuditEvent).where(AuditEvent.action == "verify")).all()
    assert [e.summary for e in checks] == ["no match"]


@pytest.mark.parametrize(
    "data, message",
    [
        ({}, "Upload the PDF or enter its SHA-256"),
        ({"sha256": "abc123"}, "Enter the SHA-256 as 64 letters a to f and numbers 0 to 9"),
        ({"sha256": "g" * 64}, "Enter the SHA-256 as 64 letters a to f and numbers 0 to 9"),
        (
            {"file": (io.BytesIO(b"Just some text"), "notes.pdf")},
            "The file must be a PDF",
        ),
        (
            {"file": (io.BytesIO(b"%PDF-1.4"), "r.pdf"), "sha256": "a" * 64},
            "Upload the PDF or enter its SHA-256, not both",
        ),
    ],
)
def test_bad_input_to_verify_gets_an_error_summary(client, login_as, data, message):
    login_as(Role.BOARD_MEMBER)
    response = client.post("/reports/verify", data=data, content_type="multipart/form-data")
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "govuk-error-summary" in page and message in page
