"""Routes of the learning pages and who may use them (see test_route_permissions)."""

from __future__ import annotations

from complaints.auth.roles import Role

ROUTES: dict[str, tuple[str, str, frozenset[Role] | str]] = {}
NOT_FOUND_FOR: dict[str, frozenset[Role]] = {}


def objects(db, world) -> dict:
    return {}
