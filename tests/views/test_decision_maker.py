"""An appropriate authority who decides on a case nobody assigned them to becomes its
decision maker: the case names who decided, and the audit trail holds the change."""

from __future__ import annotations

import re

from sqlalchemy import select

from complaints.auth.roles import Role
from complaints.cases.choices import AllegationResult, CaseState
from complaints.common.audit_model import AuditEvent
from tests import factories
from tests.conftest import sign_in


def words(response) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)).split())


def test_the_aa_who_records_the_complaint_is_shown_as_its_decision_maker(client, db, team):
    aa = team["aa"]
    case = factories.complaint(db, handler=team["handler"])
    factories.contact(db, case, team["handler"])
    db.commit()
    assert case.decision_maker_id is None
    sign_in(client, aa.email)
    before = words(client.get(f"/cases/{case.id}"))
    assert "Decision maker (appropriate authority) Chief constable (PSD): no one assigned" in before

    response = client.post(
        f"/cases/{case.id}/steps/record",
        data={"version": str(case.version), "recording_reason": "aa_decided", "reason": "Serious"},
    )
    assert response.status_code == 302, words(response)[:2000]

    after = words(client.get(f"/cases/{case.id}"))
    assert f"Decision maker (appropriate authority) Chief constable (PSD): {aa.full_name}" in after
    assert "no one assigned" not in after
    db.expire_all()
    event = db.scalars(
        select(AuditEvent).where(
            AuditEvent.case_id == case.id, AuditEvent.action == "transition:record"
        )
    ).one()
    assert event.changes["decision_maker_id"] == [None, aa.id]


def test_an_assigned_decision_maker_stays_when_another_aa_decides(client, db, team, make_user):
    other = make_user(Role.APPROPRIATE_AUTHORITY, name="Other Authority")
    case = factories.complaint_in_state(
        db, CaseState.HANDLING, handler=team["handler"], aa=team["aa"]
    )
    assert case.decision_maker_id == team["aa"].id
    db.commit()
    sign_in(client, other.email)
    allegation = case.allegations[0]
    response = client.post(
        f"/cases/{case.id}/allegations/{allegation.id}/result",
        data={"version": str(case.version), "result": AllegationResult.SERVICE_ACCEPTABLE.value},
    )
    assert response.status_code == 302, words(response)[:2000]
    db.expire_all()
    assert db.get(type(case), case.id).decision_maker_id == team["aa"].id


def test_a_handler_resolving_outside_schedule_3_does_not_become_decision_maker(db, team):
    case = factories.complaint_in_state(
        db, CaseState.FINALISED, handler=team["handler"], aa=team["aa"]
    )
    assert case.decision_maker_id is None
