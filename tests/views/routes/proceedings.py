"""Routes of a subject's Regulation 17 notice and misconduct proceedings (see
test_route_permissions): the appropriate authority (the OPCC for the chief constable);
the notice also the investigator, on the investigations assigned to them."""

from __future__ import annotations

from complaints.auth.roles import Role
from tests.views.routes import R

AA_ROLES = frozenset({R.APPROPRIATE_AUTHORITY, R.OPCC_REVIEWER})
SUBJECT = "/cases/{case_id}/investigation/subjects/{case_subject_id}"

ROUTES: dict[str, tuple[str, str, frozenset[Role] | str]] = {
    "proceedings.notice": ("GET", f"{SUBJECT}/notice", AA_ROLES | {R.INVESTIGATOR}),
    "proceedings.arrange": ("GET", f"{SUBJECT}/proceedings", AA_ROLES),
    "proceedings.adjourn": ("GET", f"{SUBJECT}/proceedings/adjourn", AA_ROLES),
    "proceedings.appeal": ("GET", f"{SUBJECT}/proceedings/appeal", AA_ROLES),
}
NOT_FOUND_FOR: dict[str, frozenset[Role]] = {}


def objects(db, world) -> dict:
    return {}
