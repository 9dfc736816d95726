"""A subject's page: one history across every identity, for the appropriate authority,
with the cases the reader may not see neither listed nor counted; every view audited."""

from __future__ import annotations

import datetime as dt
import re

from sqlalchemy import select

from complaints.auth.roles import Role
from complaints.common.audit_model import AuditEvent
from complaints.subjects import services as subjects
from tests import factories
from tests.conftest import sign_in


def text(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))


def test_one_history_across_a_collar_number_change(client, db):
    aa = factories.user(db, Role.APPROPRIATE_AUTHORITY, name="Aled Authority")
    handler = factories.user(db, Role.HANDLER)
    officer = factories.subject(db, family_name="Okafor", collar="NP1111")
    before = factories.complaint(db, handler=handler, subject_=officer, summary="First one")
    subjects.change_identity(
        db,
        factories.actor_for(aa),
        officer,
        subjects.IdentityDetails(given_name="Sam", family_name="Okafor", collar_number="NP2222"),
        on=dt.date(2026, 6, 1),
        now=factories.NOW,
    )
    after = factories.complaint(db, handler=handler, subject_=officer, summary="Second one")
    hidden = factories.complaint(db, handler=handler, subject_=officer, summary="Secret one")
    hidden.restricted = True
    db.commit()

    sign_in(client, aa.email)
    page = text(client.get(f"/subjects/{officer.id}"))
    assert before.reference in page and after.reference in page
    assert hidden.reference not in page
    assert "2 cases, 2 allegations" in page
    assert "NP1111" in page and "NP2222" in page  # both identities
    assert "(NP1111)" in page and "(NP2222)" in page  # each case as it named them
    views = db.scalars(
        select(AuditEvent).where(AuditEvent.entity_type == "subjects", AuditEvent.action == "view")
    ).all()
    assert [e.actor_id for e in views] == [aa.id]


def test_only_the_appropriate_authority_opens_it(client, db, make_user):
    officer = factories.subject(db, family_name="Private")
    db.commit()
    handler = make_user(Role.HANDLER)
    sign_in(client, handler.email)
    assert client.get(f"/subjects/{officer.id}").status_code == 403


def test_the_page_shows_the_subjects_proceedings_and_appeal(client, db):
    team = {
        "handler": factories.user(db, Role.HANDLER),
        "aa": factories.user(db, Role.APPROPRIATE_AUTHORITY),
        "investigator": factories.user(db, Role.INVESTIGATOR),
    }
    waiting = factories.referred_to_hearing(db, **team)
    decided = factories.referred_to_hearing(db, **team, decided=True)
    db.commit()
    sign_in(client, team["aa"].email)
    for case in (waiting, decided):
        page = text(client.get(f"/subjects/{case.subjects[0].subject_id}"))
        held = factories.NOW.date() + dt.timedelta(days=30)
        assert f"Misconduct hearing {'Held' if case is decided else 'Set for'} {held.day}" in page
    assert "Dismissal without notice" in page
