"""The IOPC data return's page and download: the full figures' readers only, each view
and download audited, a bad period a 400."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from sqlalchemy import select

from complaints.auth.roles import Role
from complaints.cases.models import Case
from complaints.common.audit_model import AuditEvent
from tests import report_dataset


def test_the_aa_sees_the_return_and_its_checks_and_downloads_it(client, db, login_as):
    report_dataset.build(db)
    db.commit()
    login_as(Role.APPROPRIATE_AUTHORITY)
    page = client.get("/returns/iopc?period=2026-04").get_data(as_text=True)
    assert "April 2026" in page and "results.csv" in page
    assert "Every check passed" in page
    response = client.get("/returns/iopc.zip?period=2026-04")
    assert response.status_code == 200
    assert response.headers["Content-Disposition"] == (
        'attachment; filename="iopc-return-2026-04.zip"'
    )
    names = zipfile.ZipFile(io.BytesIO(response.data)).namelist()
    assert "summary.csv" in names and "reviews.csv" in names
    actions = db.scalars(
        select(AuditEvent.action).where(AuditEvent.entity_type == "iopc_return")
    ).all()
    assert sorted(actions) == ["export", "view"]


def test_a_failed_check_names_the_case_to_correct(client, db, login_as):
    report_dataset.build(db)
    case = db.scalars(select(Case).order_by(Case.id.desc())).first()
    case.received_on = case.logged_at.date() + dt.timedelta(days=3)  # after it was logged
    db.commit()
    login_as(Role.OPCC_OVERSIGHT)
    page = client.get(f"/returns/iopc?period={case.logged_at:%Y-%m}").get_data(as_text=True)
    assert "1 check failed" in page and case.reference in page


def test_board_members_are_refused(client, login_as):
    login_as(Role.BOARD_MEMBER)
    assert client.get("/returns/iopc").status_code == 403


def test_a_bad_period_is_a_400_and_none_is_the_last_quarter(client, login_as):
    login_as(Role.APPROPRIATE_AUTHORITY)
    assert client.get("/returns/iopc?period=next-year").status_code == 400
    assert client.get("/returns/iopc").status_code == 200  # the last complete quarter
