"""The read-only case pages: what each shows, to whom, and that each view is audited."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from complaints.auth.roles import Role
from complaints.cases.choices import CaseState
from complaints.cases.services import EqualityData, grant_access
from complaints.common.audit_model import AuditEvent
from tests import factories


@pytest.fixture()
def case(db, make_user):
    handler = make_user(Role.HANDLER, name="Hana Handler")
    aa = make_user(Role.APPROPRIATE_AUTHORITY)
    investigator = make_user(Role.INVESTIGATOR, name="Ivan Investigator")
    case = factories.complaint_in_state(
        db, CaseState.INVESTIGATION, handler=handler, aa=aa, investigator=investigator
    )
    db.commit()
    return case


def test_overview_shows_the_summary_band(client, login_as, case):
    login_as(Role.APPROPRIATE_AUTHORITY)
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert f'<h1 class="govuk-heading-l govuk-!-margin-bottom-2">{case.reference}</h1>' in page
    assert "Under investigation" in page
    assert "Hana Handler" in page
    assert "Recorded under Schedule 3" in page


def test_people_shows_complainant_contact_details_to_psd(client, login_as, case):
    login_as(Role.HANDLER)
    page = client.get(f"/cases/{case.id}/people").get_data(as_text=True)
    assert "Jo Public" in page
    assert "jo.public@example.org" in page
    assert "PC Sam Stone" in page


def test_equality_monitoring_is_never_on_the_case_page(client, login_as, db, make_user):
    handler = make_user(Role.HANDLER)
    case = factories.complaint(db, handler=handler)
    from complaints.cases.models import EqualityMonitoring

    db.add(
        EqualityMonitoring(
            complainant_id=case.complainants[0].id,
            **vars(EqualityData(ethnicity="Mixed: White and Black Caribbean")),
        )
    )
    db.commit()
    login_as(Role.APPROPRIATE_AUTHORITY)
    for tab in ("", "/people", "/timeline"):
        assert "White and Black Caribbean" not in client.get(f"/cases/{case.id}{tab}").get_data(
            as_text=True
        )


def test_oversight_reading_a_sampled_case_sees_no_contact_details(client, db, make_user, case):
    from tests.conftest import sign_in

    oversight = make_user(Role.OPCC_OVERSIGHT)
    grant_access(db, factories.actor_for(oversight), case, oversight, "dip sample", factories.NOW)
    db.commit()
    sign_in(client, oversight.email)
    page = client.get(f"/cases/{case.id}/people").get_data(as_text=True)
    assert "jo.public@example.org" not in page
    assert "Jo Public" not in page
    assert "not shown to your role" in page


def test_allegations_and_investigation_tabs(client, login_as, case):
    login_as(Role.APPROPRIATE_AUTHORITY)
    allegations = client.get(f"/cases/{case.id}/allegations").get_data(as_text=True)
    assert "H1 Impolite language or tone" in allegations
    assert "Swore at the complainant" in allegations
    investigation = client.get(f"/cases/{case.id}/investigation").get_data(as_text=True)
    assert "Ivan Investigator" in investigation
    assert "Local" in investigation


def test_timeline_tells_the_story_newest_first(client, login_as, case):
    login_as(Role.APPROPRIATE_AUTHORITY)
    page = client.get(f"/cases/{case.id}/timeline").get_data(as_text=True)
    for title in (
        "Start a local investigation",
        "Record under Schedule 3",
        "Contact with complainant added",
        "Case logged",
    ):
        assert title in page
    assert page.index("Start a local investigation") < page.index("Case logged")
    assert "Complainant asked" in page  # the recording reason


def test_each_view_is_in_the_audit_trail(client, login_as, case, db):
    user = login_as(Role.HANDLER)
    client.get(f"/cases/{case.id}")
    client.get(f"/cases/{case.id}/people")
    views = db.scalars(
        select(AuditEvent)
        .where(AuditEvent.action == "view", AuditEvent.case_id == case.id)
        .order_by(AuditEvent.id)
    ).all()
    assert [(v.actor_id, v.summary) for v in views] == [(user.id, "overview"), (user.id, "people")]


def test_next_steps_explain_what_is_missing(client, login_as, db, make_user):
    handler = login_as(Role.HANDLER)
    case = factories.complaint(db, handler=handler, trigger_crime_or_misconduct=True)
    db.commit()
    page = client.get(f"/cases/{case.id}").get_data(as_text=True)
    assert "Handle outside Schedule 3" in page
    assert "This complaint must be recorded under Schedule 3" in page


def test_lists_and_searches_are_audited_without_what_was_typed(client, login_as, db, case):
    user = login_as(Role.HANDLER)
    client.get("/cases/?q=Jo+Public&state=investigation")
    (event,) = db.scalars(select(AuditEvent).where(AuditEvent.entity_type == "case_list")).all()
    assert event.actor_id == user.id
    assert event.summary == "q, state"
    assert event.changes == {"cases_matching": 1}  # the complainant's own case
    assert "Jo Public" not in str(event.changes) + event.summary
