"""A person's duty status as the appropriate authority records it: a suspension reviewed
every four weeks (Conduct Regulations reg. 11), its reviews due in the work tray, a
change of status ending the one before, and nobody else able to record one."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import select

from complaints.auth.roles import Role
from complaints.common.clock import london_today
from complaints.officers.models import DutyKind, DutyStatus
from tests import factories
from tests.conftest import sign_in


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))


def day(d: dt.date) -> str:
    return f"{d.day}/{d.month}/{d.year}"


@pytest.fixture()
def officer(db):
    person = factories.subject(db, family_name="Okafor", collar="NP1234")
    db.commit()
    return person


def test_a_suspension_is_reviewed_every_four_weeks(client, db, aa, officer):
    started = london_today() - dt.timedelta(days=27)
    response = client.post(
        f"/subjects/{officer.id}/duty/new",
        data={
            "kind": "suspended",
            "reason": "Gross misconduct alleged",
            "started_on": day(started),
        },
    )
    assert response.status_code == 302
    status = db.scalars(select(DutyStatus)).one()
    assert status.review_due_on == started + dt.timedelta(weeks=4)
    assert status.decided_by_id == aa.id
    page = text(client.get(f"/subjects/{officer.id}"))
    assert "Suspended from duty since" in page and "Next review due by" in page

    tray = text(client.get("/tray"))
    assert "Suspension reviews due" in tray and "NP1234" in tray

    reviewed = london_today()
    client.post(
        f"/subjects/{officer.id}/duty/{status.id}/review",
        data={"reviewed_on": day(reviewed), "continued": "yes"},
    )
    db.expire_all()
    assert db.get(DutyStatus, status.id).review_due_on == reviewed + dt.timedelta(weeks=4)
    assert "Suspension reviews due" not in text(client.get("/tray"))

    refused = client.post(
        f"/subjects/{officer.id}/duty/{status.id}/review",
        data={"reviewed_on": day(reviewed), "continued": "no", "note": ""},
    )
    assert refused.status_code == 400 and "Enter why it ends" in text(refused)
    client.post(
        f"/subjects/{officer.id}/duty/{status.id}/review",
        data={"reviewed_on": day(reviewed), "continued": "no", "note": "No case to answer"},
    )
    db.expire_all()
    assert db.get(DutyStatus, status.id).ended_on == reviewed
    assert "On normal duties." in text(client.get(f"/subjects/{officer.id}"))


def test_a_new_status_ends_the_one_before(client, db, aa, officer):
    first = london_today() - dt.timedelta(days=10)
    client.post(
        f"/subjects/{officer.id}/duty/new",
        data={"kind": "restricted_duties", "reason": "Pending enquiries", "started_on": day(first)},
    )
    client.post(
        f"/subjects/{officer.id}/duty/new",
        data={"kind": "suspended", "reason": "New evidence", "started_on": day(london_today())},
    )
    restricted, suspended = db.scalars(select(DutyStatus).order_by(DutyStatus.id)).all()
    assert restricted.ended_on == london_today() and suspended.ended_on is None
    assert (restricted.kind, suspended.kind) == (DutyKind.RESTRICTED_DUTIES, DutyKind.SUSPENDED)
    assert restricted.review_due_on is None  # only suspensions must be reviewed


def test_bad_input_gets_a_clear_answer(client, db, aa, officer):
    response = client.post(f"/subjects/{officer.id}/duty/new", data={"kind": "suspended"})
    assert response.status_code == 400
    page = text(response)
    assert "Enter the reason for the decision" in page and "Enter the date it starts" in page


def test_only_the_appropriate_authority_records_duty_status(client, db, officer, make_user):
    handler = make_user(Role.HANDLER)
    sign_in(client, handler.email)
    assert client.get(f"/subjects/{officer.id}/duty/new").status_code == 403
    other = factories.force(db, code="OTH", name="Other Police")
    elsewhere = make_user(Role.APPROPRIATE_AUTHORITY, forces=(other.id,), decides_for=(other.id,))
    client.post("/sign-out")
    sign_in(client, elsewhere.email)
    assert client.get(f"/subjects/{officer.id}/duty/new").status_code == 404
