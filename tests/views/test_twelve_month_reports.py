"""The list of investigations due a report to the OPCC and IOPC, and recording one sent."""

from __future__ import annotations

import datetime as dt
import html

import pytest
from sqlalchemy import select

from complaints.auth.roles import Role
from complaints.cases.choices import CaseState
from complaints.common.audit_model import AuditEvent
from complaints.common.clock import london_today
from complaints.investigations.models import TwelveMonthReport
from tests import factories
from tests.conftest import sign_in

R = Role
LIST = "/oversight/twelve-month-reports"
PROGRESS = "Witnesses interviewed; the report is expected in March"


def _text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def _months_ago(months: int, days: int = 0) -> dt.date:
    from complaints.cases.deadlines import add_months

    return add_months(london_today(), -months) - dt.timedelta(days=days)


@pytest.fixture()
def overdue(db, team):
    """An investigation whose 12-month report was due 10 days ago."""
    case = factories.complaint_in_state(
        db,
        CaseState.INVESTIGATION,
        handler=team["handler"],
        aa=team["aa"],
        investigator=team["investigator"],
        received_on=_months_ago(12, days=10),
        complainant=("Jo", "Pemberton"),
    )
    db.commit()
    return case


def _record_url(case) -> str:
    return f"{LIST}/{case.id}/record"


def _form(case, **changes) -> dict:
    data = {
        "version": str(case.version),
        "sent_on": f"{london_today():%d/%m/%Y}",
        "sent_to": ["iopc", "opcc"],
        "progress": PROGRESS,
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_the_appropriate_authority_sees_what_is_due_and_records_it(client, db, team, overdue):
    sign_in(client, team["aa"].email)
    page = _text(client.get(LIST))
    assert overdue.reference in page
    assert "12-month report" in page
    assert "10 days overdue" in page
    assert "Local" in page
    assert _record_url(overdue) in page

    form = _text(client.get(_record_url(overdue)))
    assert "Record the 12-month report as sent" in form
    response = client.post(_record_url(overdue), data=_form(overdue))
    assert response.status_code == 302
    assert response.location.endswith(f"/cases/{overdue.id}/investigation")
    assert "12-month report recorded as sent." in _text(client.get(response.location))
    [report] = db.scalars(select(TwelveMonthReport)).all()
    assert (report.number, report.sent_to_iopc, report.sent_to_opcc) == (1, True, True)
    assert report.progress == PROGRESS
    assert overdue.reference not in _text(client.get(LIST))  # next one in 6 months
    again = _text(client.get(_record_url(overdue)))
    assert "Record the 18-month report as sent" in again


def test_oversight_sees_the_list_without_names_or_links(client, db, team, overdue):
    sign_in(client, factories.user(db, R.OPCC_OVERSIGHT).email)
    db.commit()
    response = client.get(LIST)
    page = _text(response)
    assert response.status_code == 200
    assert overdue.reference in page
    for personal in ("Pemberton", "Stone", overdue.summary, team["handler"].full_name):
        assert personal not in page
    assert f"/cases/{overdue.id}" not in page
    assert "Record as sent" not in page
    assert client.get(_record_url(overdue)).status_code == 403


def test_the_list_is_audited_as_a_view(client, db, team, overdue):
    sign_in(client, team["aa"].email)
    client.get(LIST)
    seen = db.scalars(
        select(AuditEvent).where(AuditEvent.action == "view", AuditEvent.entity_type == "case_list")
    ).all()
    assert any("twelve-month" in (e.summary or "") for e in seen)


def test_a_report_due_later_is_listed_30_days_ahead(client, db, team):
    soon = factories.complaint_in_state(
        db,
        CaseState.SUSPENDED,
        handler=team["handler"],
        aa=team["aa"],
        received_on=_months_ago(12) + dt.timedelta(days=20),
    )
    db.commit()
    sign_in(client, team["aa"].email)
    page = _text(client.get(LIST))
    assert soon.reference in page
    assert "20 days left" in page


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"progress": ""}, "Summarise the progress reported"),
        ({"sent_on": "31/2/2026"}, "must be a real date"),
        ({"sent_on": ""}, "Enter the date the report was sent"),
        ({"sent_to": ["opcc"]}, "confirm it was sent to the IOPC"),
        ({"sent_to": ["iopc"]}, "give the reason for withholding it from the OPCC"),
        ({"sent_to": ["iopc", "elsewhere"]}, "Choose sent to from the list"),
    ],
)
def test_bad_input_comes_back_with_the_problem_and_the_input_kept(
    client, db, team, overdue, changes, message
):
    sign_in(client, team["aa"].email)
    response = client.post(_record_url(overdue), data=_form(overdue, **changes))
    page = _text(response)
    assert response.status_code == 400
    assert "There is a problem" in page
    assert message in page
    if changes.get("progress") is None:
        assert PROGRESS in page
    assert db.scalars(select(TwelveMonthReport)).all() == []


def test_the_opccs_copy_may_be_withheld_with_a_reason(client, db, team, overdue):
    sign_in(client, team["aa"].email)
    response = client.post(
        _record_url(overdue),
        data=_form(overdue, sent_to=["iopc"], withheld_reason="It could alert the subject"),
    )
    assert response.status_code == 302
    [report] = db.scalars(select(TwelveMonthReport)).all()
    assert not report.sent_to_opcc
    assert "withheld from the OPCC: It could alert the subject" in _text(
        client.get(_record_url(overdue))
    )


def test_no_report_is_due_without_an_open_investigation(client, db, team):
    case = factories.complaint_in_state(
        db, CaseState.HANDLING, handler=team["handler"], aa=team["aa"]
    )
    db.commit()
    sign_in(client, team["aa"].email)
    response = client.get(_record_url(case))
    assert response.status_code == 302
    assert "no open investigation" in _text(client.get(response.location))


def test_the_case_deadline_moves_on_once_the_report_is_recorded(client, db, team, overdue):
    from complaints.cases.choices import DeadlineKind
    from complaints.cases.deadlines import add_months, compute, facts_of

    sign_in(client, team["aa"].email)
    client.post(_record_url(overdue), data=_form(overdue))
    db.expire_all()
    case = db.get(type(overdue), overdue.id)
    [due] = [d for d in compute(facts_of(case)) if d.kind == DeadlineKind.TWELVE_MONTH_REPORT]
    assert due.due_on == add_months(case.received_on, 18)
