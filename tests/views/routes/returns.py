"""Routes of the IOPC data return (see test_route_permissions): those who see the full
figures, the appropriate authority and OPCC oversight; never board members."""

from __future__ import annotations

from complaints.auth.roles import Role
from tests.views.routes import R

FULL_READERS = frozenset({R.APPROPRIATE_AUTHORITY, R.OPCC_OVERSIGHT})

ROUTES: dict[str, tuple[str, str, frozenset[Role] | str]] = {
    "returns.iopc_return": ("GET", "/returns/iopc?period=2026-Q2", FULL_READERS),
    "returns.iopc_zip": ("GET", "/returns/iopc.zip?period=2026-Q2", FULL_READERS),
}
NOT_FOUND_FOR: dict[str, frozenset[Role]] = {}


def objects(db, world) -> dict:
    return {}
