"""Routes of retention and disposal and who may use them (see test_route_permissions): the
appropriate authority reviews, holds and disposes (the OPCC as the appropriate authority of
complaints about the chief constable, so it finds no ordinary force case); administrators
set the schedule."""

from __future__ import annotations

from complaints.auth.roles import Role
from complaints.forces.models import FIRST_FORCE_ID
from tests.views.routes import R

AA_ROLES = frozenset({R.APPROPRIATE_AUTHORITY, R.OPCC_REVIEWER})
ADMINS = frozenset({R.ADMIN})

ROUTES: dict[str, tuple[str, str, frozenset[Role] | str]] = {
    "retention.review_list": ("GET", "/retention/", AA_ROLES),
    "retention.record_review": ("POST", "/retention/reviews", AA_ROLES),
    "retention.case_retention": ("GET", "/retention/cases/{case_id}", AA_ROLES),
    "retention.place_hold": ("GET", "/retention/cases/{case_id}/hold", AA_ROLES),
    "retention.lift_hold": ("GET", "/retention/cases/{case_id}/hold/lift", AA_ROLES),
    "retention.dispose": ("GET", "/retention/cases/{case_id}/dispose", AA_ROLES),
    "retention.schedule_list": ("GET", "/retention/schedule", ADMINS),
    "retention.edit_rule": (
        "GET",
        "/retention/schedule/{retention_force_id}/complaint-misconduct",
        ADMINS,
    ),
}
NOT_FOUND_FOR: dict[str, frozenset[Role]] = {}


def objects(db, world) -> dict:
    """The schedule's force: the first one, whose schedule the migration seeds."""
    return {"retention_force_id": FIRST_FORCE_ID}
