"""Routes of the subjects' pages and who may use them (see test_route_permissions): the
appropriate authority; the OPCC only for the chief constable (so not this officer)."""

from __future__ import annotations

import datetime as dt

from complaints.auth.roles import Role
from complaints.officers.models import DutyKind, DutyStatus
from tests import factories
from tests.views.routes import R

DECIDERS = frozenset({R.APPROPRIATE_AUTHORITY, R.OPCC_REVIEWER})
OPCC = frozenset({R.OPCC_REVIEWER})

ROUTES: dict[str, tuple[str, str, frozenset[Role] | str]] = {
    "officers.subject": ("GET", "/subjects/{subject_id}", DECIDERS),
    "officers.new_duty_status": ("GET", "/subjects/{subject_id}/duty/new", DECIDERS),
    "officers.review_duty_status": (
        "GET",
        "/subjects/{subject_id}/duty/{duty_status_id}/review",
        DECIDERS,
    ),
}
NOT_FOUND_FOR: dict[str, frozenset[Role]] = {endpoint: OPCC for endpoint in ROUTES}


def objects(db, world) -> dict:
    officer = factories.subject(db, family_name="Routes")
    status = DutyStatus(
        subject_id=officer.id,
        force_id=officer.force_id,
        kind=DutyKind.SUSPENDED,
        reason="Gross misconduct alleged",
        started_on=dt.date(2026, 11, 1),
        review_due_on=dt.date(2026, 11, 29),
        created_at=factories.NOW,
    )
    db.add(status)
    db.commit()
    return {"subject_id": officer.id, "duty_status_id": status.id}
