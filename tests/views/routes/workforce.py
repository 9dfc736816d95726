"""Routes of officers' and staff's protected characteristics and the workforce profile, and
who may use them (see test_route_permissions): administrators only."""

from __future__ import annotations

from complaints.auth.roles import Role
from complaints.forces.models import FIRST_FORCE_ID
from tests import factories
from tests.views.routes import R

ADMINS = frozenset({R.ADMIN})

ROUTES: dict[str, tuple[str, str, frozenset[Role] | str]] = {
    "workforce.index": ("GET", "/admin/workforce/", ADMINS),
    "workforce.person": ("GET", "/admin/workforce/people/{workforce_subject_id}", ADMINS),
    "workforce.profile": ("GET", "/admin/workforce/forces/{force_id}/profile/sex", ADMINS),
}
NOT_FOUND_FOR: dict[str, frozenset[Role]] = {}


def objects(db, world) -> dict:
    officer = factories.subject(db, family_name="Workforce")
    db.commit()
    return {"workforce_subject_id": officer.id, "force_id": FIRST_FORCE_ID}
