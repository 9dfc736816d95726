"""Routes of the forces administration and who may use them (see test_route_permissions)."""

from __future__ import annotations

from complaints.auth.roles import Role
from complaints.forces.models import FIRST_FORCE_ID
from tests.views.routes import R

# Forces are reference data: administrators keep them.
ADMINS = frozenset({R.ADMIN})

ROUTES: dict[str, tuple[str, str, frozenset[Role] | str]] = {
    "admin.force_list": ("GET", "/admin/forces", ADMINS),
    "admin.new_force": ("GET", "/admin/forces/new", ADMINS),
    "admin.edit_force": ("GET", "/admin/forces/{force_id}", ADMINS),
}
NOT_FOUND_FOR: dict[str, frozenset[Role]] = {}


def objects(db, world) -> dict:
    return {"force_id": FIRST_FORCE_ID}
