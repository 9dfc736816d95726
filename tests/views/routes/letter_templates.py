"""Routes of the letter templates and who may use them (see test_route_permissions)."""

from __future__ import annotations

from complaints.auth.roles import Role
from complaints.forces.models import FIRST_FORCE_ID
from tests.views.routes import R

# The wording of letters is reference data: administrators keep it.
ADMINS = frozenset({R.ADMIN})

ROUTES: dict[str, tuple[str, str, frozenset[Role] | str]] = {
    "letters.index": ("GET", "/admin/letters", ADMINS),
    "letters.edit": ("GET", "/admin/letters/{force_id}/outcome", ADMINS),
    "letters.version": ("GET", "/admin/letters/{force_id}/outcome/1", ADMINS),
}
NOT_FOUND_FOR: dict[str, frozenset[Role]] = {}


def objects(db, world) -> dict:
    return {"force_id": FIRST_FORCE_ID}
