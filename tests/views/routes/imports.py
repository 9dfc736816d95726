"""Routes of importing a legacy extract (see test_route_permissions): administrators only."""

from __future__ import annotations

from complaints.auth.roles import Role
from tests.views.routes import R

ADMINS = frozenset({R.ADMIN})

ROUTES: dict[str, tuple[str, str, frozenset[Role] | str]] = {
    "imports.index": ("GET", "/admin/imports/", ADMINS),
    "imports.run": ("POST", "/admin/imports/run", ADMINS),
}
NOT_FOUND_FOR: dict[str, frozenset[Role]] = {}


def objects(db, world) -> dict:
    return {}
