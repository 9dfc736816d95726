"""Administrators record officers' and staff's protected characteristics and the force's
workforce profile; the forms show GOV.UK's error summary; no case page shows what they
hold (domain.md A8: admin and the aggregate report only)."""

from __future__ import annotations

import html

import pytest
from sqlalchemy import select
from sqlalchemy import text as sql

from complaints.auth.roles import Role
from complaints.common.audit_model import AuditEvent
from complaints.forces.models import FIRST_FORCE_ID
from complaints.reports.kept import EVERY_MONTH
from complaints.reports.models import FigureStamp
from complaints.workforce import services as workforce
from complaints.workforce.models import SubjectCharacteristics, WorkforceGroup
from tests import factories

PROBLEM = "There is a problem"


def text(response) -> str:
    return html.unescape(response.get_data(as_text=True))


def _answers(**changes) -> dict[str, str]:
    data = {
        "age_band": "35 to 44",
        "sex": "Female",
        "ethnicity": "Asian or Asian British: Pakistani",
        "disability": "Prefer not to say",
        "religion": "Muslim",
        "sexual_orientation": "",
    }
    data.update(changes)
    return data


def test_an_administrator_finds_a_person_and_records_their_characteristics(client, db, login_as):
    login_as(Role.ADMIN)
    officer = factories.subject(db, family_name="Rahman", collar="4471")
    db.commit()
    found = client.get("/admin/workforce/?q=4471")
    assert found.status_code == 200
    assert "PC Sam Rahman (4471)" in text(found)
    url = f"/admin/workforce/people/{officer.id}"
    assert client.get(url).status_code == 200
    saved = client.post(url, data=_answers())
    assert saved.status_code == 302
    assert "Protected characteristics saved" in text(client.get(saved.location))
    row = db.scalar(
        select(SubjectCharacteristics).where(SubjectCharacteristics.subject_id == officer.id)
    )
    assert (row.sex, row.disability, row.sexual_orientation) == (
        "Female",
        "Prefer not to say",
        None,
    )
    event = db.scalar(
        select(AuditEvent).where(
            AuditEvent.entity_type == "subject_characteristics", AuditEvent.entity_id == row.id
        )
    )
    assert event is not None and event.action == "create"
    assert "Muslim" not in str(event.changes)  # personal: the trail says it changed, not what
    again = text(client.get(url))
    assert 'value="Muslim" selected' in again


def test_an_answer_not_on_the_list_comes_back_with_the_error_summary(client, db, login_as):
    login_as(Role.ADMIN)
    officer = factories.subject(db)
    db.commit()
    bad = client.post(f"/admin/workforce/people/{officer.id}", data=_answers(sex="Unknown"))
    assert bad.status_code == 400
    page = text(bad)
    assert PROBLEM in page and "Choose an answer from the list" in page
    assert db.scalar(select(SubjectCharacteristics)) is None


def test_the_workforce_profile_is_entered_per_group_with_errors_on_the_form(client, db, login_as):
    login_as(Role.ADMIN)
    url = f"/admin/workforce/forces/{FIRST_FORCE_ID}/profile/sex"
    assert "Workforce profile by sex" in text(client.get(url))
    bad = client.post(url, data={"group_0": "many", "group_1": "1200"})
    assert bad.status_code == 400
    assert PROBLEM in text(bad)
    assert "The number for Female must be a whole number from 0 to 1,000,000" in text(bad)
    assert client.post(url, data={"group_0": "800", "group_1": "1200"}).status_code == 302
    assert workforce.profile_of(db, FIRST_FORCE_ID, "sex") == {"Female": 800, "Male": 1200}
    assert client.post(url, data={"group_0": "", "group_1": "1250"}).status_code == 302
    assert workforce.profile_of(db, FIRST_FORCE_ID, "sex") == {"Male": 1250}
    assert db.scalar(select(WorkforceGroup.force_id)) == FIRST_FORCE_ID
    assert (
        client.get(f"/admin/workforce/forces/{FIRST_FORCE_ID}/profile/shoe_size").status_code == 404
    )


def test_no_case_or_subject_page_shows_a_persons_characteristics(client, db, login_as):
    officer = factories.subject(db, family_name="Okafor")
    case = factories.complaint(db, subject_=officer)
    admin = factories.actor_for(factories.user(db, Role.ADMIN))
    workforce.record_characteristics(
        db,
        admin,
        officer,
        workforce.CharacteristicsData(
            religion="Sikh", sexual_orientation="Bisexual", disability="Yes, limited a lot"
        ),
        factories.NOW,
    )
    db.commit()
    login_as(Role.APPROPRIATE_AUTHORITY)
    pages = [
        f"/cases/{case.id}",
        f"/cases/{case.id}/people",
        f"/cases/{case.id}/allegations",
        f"/cases/{case.id}/timeline",
        f"/subjects/{officer.id}",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        page = text(response)
        if url.endswith(("/people", f"/subjects/{officer.id}")):
            assert "Okafor" in page, url  # the person is there; what they are is not
        for answer in ("Sikh", "Bisexual", "Yes, limited a lot"):
            assert answer not in page, (url, answer)


def test_an_administrator_finds_no_one_of_another_force(client, db, login_as):
    other = factories.force(db, code="oth", name="Other Police")
    stranger = factories.subject(db, family_name="Elsewhere", force_id=other.id)
    db.commit()
    login_as(Role.ADMIN)
    found = text(client.get("/admin/workforce/?q=Elsewhere"))
    assert 'No officer or member of staff of your forces matches "Elsewhere"' in found
    assert client.get(f"/admin/workforce/people/{stranger.id}").status_code == 404


def test_a_change_to_characteristics_or_the_profile_touches_every_month(db):
    """They regroup every month's disproportionality figures, so no kept pack may outlive
    them, whatever date the change is made on."""
    officer = factories.subject(db)
    admin = factories.actor_for(factories.user(db, Role.ADMIN))
    db.flush()

    def stamps():
        query = select(FigureStamp.stamp).where(
            FigureStamp.force_id == FIRST_FORCE_ID, FigureStamp.month == EVERY_MONTH
        )
        return db.scalar(query) or 0

    db.commit()
    before = stamps()
    workforce.record_characteristics(
        db, admin, officer, workforce.CharacteristicsData(sex="Male"), factories.NOW
    )
    assert stamps() > before
    db.commit()  # each change its own transaction, as each is its own request
    before = stamps()
    workforce.set_workforce_profile(db, admin, FIRST_FORCE_ID, "sex", {"Male": 10}, factories.NOW)
    assert stamps() > before


def test_the_tables_are_kept_to_their_force_on_postgresql(db):
    if db.get_bind().dialect.name != "postgresql":
        pytest.skip("row-level security is PostgreSQL's")
    tables = set(
        db.scalars(
            sql(
                "SELECT tablename FROM pg_policies WHERE policyname = 'own_forces' "
                "AND tablename IN ('subject_characteristics', 'workforce_groups')"
            )
        )
    )
    assert tables == {"subject_characteristics", "workforce_groups"}
