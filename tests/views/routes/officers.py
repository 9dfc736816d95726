"""Routes of the subjects' pages and who may use them (see test_route_permissions): the
appropriate authority; the OPCC only for the chief constable (so not this officer)."""

from __future__ import annotations

from complaints.auth.roles import Role
from tests import factories
from tests.views.routes import R

ROUTES: dict[str, tuple[str, str, frozenset[Role] | str]] = {
    "officers.subject": (
        "GET",
        "/subjects/{subject_id}",
        frozenset({R.APPROPRIATE_AUTHORITY, R.OPCC_REVIEWER}),
    ),
}
NOT_FOUND_FOR: dict[str, frozenset[Role]] = {"officers.subject": frozenset({R.OPCC_REVIEWER})}


def objects(db, world) -> dict:
    officer = factories.subject(db, family_name="Routes")
    db.commit()
    return {"subject_id": officer.id}
