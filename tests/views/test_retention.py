"""Retention pages: the appropriate authority reviews the cases due, holds one and
disposes of another, which then reads as disposed and can no longer be changed; an
administrator sets the schedule; the monthly job lists and records the review."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from sqlalchemy import select

from complaints.auth.roles import Role
from complaints.cases.choices import CaseState
from complaints.cases.models import Case
from complaints.common.audit_model import AuditEvent
from complaints.forces.models import FIRST_FORCE_ID
from complaints.retention.models import LegalHold, RetentionReview, RetentionRule
from tests import factories
from tests.conftest import sign_in

CLOSED = dt.datetime(2019, 3, 12, 10, 0, tzinfo=dt.UTC)


def words(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.get_data(as_text=True)))


@pytest.fixture()
def closed(db, team, app):
    """A complaint finalised in 2019, with a document: due for review years ago."""
    case = factories.complaint_in_state(
        db, CaseState.FINALISED, handler=team["handler"], aa=team["aa"], now=CLOSED
    )
    factories.attachment(db, case, app.config["FILES_DIR"], data=b"Statement of Jo Public\n")
    db.commit()
    return case


def test_the_review_list_shows_the_cases_due(client, db, team, closed):
    recent = factories.complaint_in_state(
        db, CaseState.FINALISED, handler=team["handler"], aa=team["aa"]
    )
    db.commit()
    sign_in(client, team["aa"].email)
    page = words(client.get("/retention/"))
    assert closed.reference in page and recent.reference not in page
    assert "12 March 2025" in page  # six years after it closed


def test_the_appropriate_authority_disposes_of_a_case_for_good(client, db, team, closed, app):
    sign_in(client, team["aa"].email)
    confirm = words(client.get(f"/retention/cases/{closed.id}/dispose"))
    assert "This cannot be undone" in confirm
    refused = client.post(f"/retention/cases/{closed.id}/dispose", data={"version": "1"})
    assert refused.status_code == 400
    assert "There is a problem" in words(refused)
    db.refresh(closed)
    response = client.post(
        f"/retention/cases/{closed.id}/dispose",
        data={"version": str(closed.version), "confirm": "y"},
    )
    assert response.status_code == 302, words(response)
    page = words(client.get(response.location))
    assert "has been disposed of" in page and "Disposed" in page
    db.expire_all()
    assert db.get(Case, closed.id).disposed_at is not None
    case_page = words(client.get(f"/cases/{closed.id}"))
    assert "Disposed" in case_page and "Jo Public" not in case_page
    assert "Complainant 1 (disposed of)" in words(client.get(f"/cases/{closed.id}/people"))
    assert "Case personal data disposed of" in words(client.get(f"/cases/{closed.id}/timeline"))
    assert "(disposed of)" in words(client.get(f"/cases/{closed.id}/documents"))
    assert client.get(f"/cases/{closed.id}/correspondence").status_code == 200
    # Nothing restores it, and it cannot be disposed of again, held or worked on.
    assert client.get(f"/retention/cases/{closed.id}/dispose").status_code == 403
    assert client.get(f"/retention/cases/{closed.id}/hold").status_code == 403
    assert client.get(f"/cases/{closed.id}/notes/new").status_code == 403
    assert "Add a bring-forward date" not in case_page
    reminder = client.post(
        f"/cases/{closed.id}/bring-forward", data={"due_on": "1/1/2027", "note": "Chase"}
    )
    assert reminder.status_code == 400 and "nothing is left to do" in words(reminder)
    assert client.get(f"/cases/{closed.id}/steps/reopen").status_code in (403, 404)
    assert not [r for r in app.url_map.iter_rules() if re.search("restore|undo", r.rule)]
    assert list(db.scalars(select(AuditEvent).where(AuditEvent.action == "dispose")).all()), (
        "the disposal is audited"
    )


def test_a_legal_hold_stops_disposal(client, db, team, closed):
    sign_in(client, team["aa"].email)
    db.refresh(closed)
    placed = client.post(
        f"/retention/cases/{closed.id}/hold",
        data={"version": str(closed.version), "reason": "Civil claim issued"},
    )
    assert placed.status_code == 302
    assert db.scalars(select(LegalHold).where(LegalHold.case_id == closed.id)).one()
    assert closed.reference not in words(client.get("/retention/"))
    page = words(client.get(f"/retention/cases/{closed.id}/dispose"))
    assert "on legal hold" in page
    db.refresh(closed)
    refused = client.post(
        f"/retention/cases/{closed.id}/dispose",
        data={"version": str(closed.version), "confirm": "y"},
    )
    assert refused.status_code == 400
    db.expire_all()
    assert db.get(Case, closed.id).disposed_at is None
    lifted = client.post(
        f"/retention/cases/{closed.id}/hold/lift",
        data={"version": str(closed.version), "reason": "Claim settled"},
    )
    assert lifted.status_code == 302
    assert closed.reference in words(client.get("/retention/"))


def test_a_handler_may_not_dispose(client, db, team, closed):
    sign_in(client, team["handler"].email)
    assert client.get(f"/retention/cases/{closed.id}/dispose").status_code == 403
    assert client.post(f"/retention/cases/{closed.id}/dispose", data={}).status_code == 403


def test_an_administrator_sets_the_schedule(client, db, make_user):
    admin = make_user(Role.ADMIN)
    sign_in(client, admin.email)
    page = words(client.get("/retention/schedule"))
    assert "Review 6 years after the case closed" in page
    url = f"/retention/schedule/{FIRST_FORCE_ID}/complaint-none"
    rule = db.scalars(
        select(RetentionRule).where(
            RetentionRule.force_id == FIRST_FORCE_ID,
            RetentionRule.case_type == "complaint",
            RetentionRule.misconduct_found.is_(False),
        )
    ).one()
    bad = client.post(url, data={"version": str(rule.version), "years_after_closure": "0"})
    assert bad.status_code == 400 and "There is a problem" in words(bad)
    saved = client.post(url, data={"version": str(rule.version), "years_after_closure": "8"})
    assert saved.status_code == 302
    assert "Review 8 years after the case closed" in words(client.get(saved.location))


def test_the_monthly_job_lists_and_records_the_review(app, db, closed):
    result = app.test_cli_runner().invoke(args=["jobs", "retention-review"])
    assert result.exit_code == 0, result.output
    assert closed.reference in result.output
    review = db.scalars(
        select(RetentionReview).where(RetentionReview.force_id == FIRST_FORCE_ID)
    ).one()
    assert review.cases_due == 1
