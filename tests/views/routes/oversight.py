"""Routes of the oversight pages and who may use them (see test_route_permissions)."""

from __future__ import annotations

from complaints.auth.roles import Role
from complaints.cases.choices import CaseState
from tests import factories

OVERSIGHT = frozenset({Role.OPCC_OVERSIGHT})

# Dip samples: a sample and its cases are for the reviewer who drew it, so the oversight
# user signed in by the matrix (not the one who drew the world's sample) finds none.
SAMPLE_ROUTES: dict[str, tuple[str, str, frozenset[Role] | str]] = {
    "oversight.samples": ("GET", "/oversight/samples", OVERSIGHT),
    "oversight.new_sample": ("GET", "/oversight/samples/new", OVERSIGHT),
    "oversight.sample": ("GET", "/oversight/samples/{sample_id}", OVERSIGHT),
    "oversight.sample_case": (
        "GET",
        "/oversight/samples/{sample_id}/cases/{sampled_case_id}",
        OVERSIGHT,
    ),
    "oversight.close_sample": ("POST", "/oversight/samples/{sample_id}/close", OVERSIGHT),
    "oversight.sample_report_pdf": ("GET", "/oversight/samples/{sample_id}/report.pdf", OVERSIGHT),
}
SAMPLE_NOT_FOUND_FOR = {
    endpoint: OVERSIGHT for endpoint, (_, url, _) in SAMPLE_ROUTES.items() if "{sample_id}" in url
}


def sample_objects(db, world) -> dict:
    """A dip sample of one finalised case, drawn by an oversight user of its own."""
    from complaints.oversight.models import SampleMethod
    from complaints.oversight.sampling import DrawData, draw_sample

    handler, aa = factories.user(db, Role.HANDLER), factories.user(db, Role.APPROPRIATE_AUTHORITY)
    drawer = factories.user(db, Role.OPCC_OVERSIGHT)
    case = factories.complaint_in_state(db, CaseState.FINALISED, handler=handler, aa=aa)
    day = factories.NOW.date()
    sample = draw_sample(
        db,
        factories.actor_for(drawer),
        DrawData(day, day, SampleMethod.SIZE, size=1, seed=1),
        factories.NOW,
    )
    db.commit()
    return {"sample_id": sample.id, "sampled_case_id": case.id}


# Reports on long investigations: oversight follows the list; the appropriate authority
# (the OPCC reviewer for complaints about the chief constable) records each report sent.
REPORTS_AA = frozenset({Role.APPROPRIATE_AUTHORITY, Role.OPCC_REVIEWER})
TWELVE_MONTH_ROUTES: dict[str, tuple[str, str, frozenset[Role] | str]] = {
    "oversight.twelve_month_reports": (
        "GET",
        "/oversight/twelve-month-reports",
        REPORTS_AA | OVERSIGHT,
    ),
    "oversight.record_twelve_month_report": (
        "GET",
        "/oversight/twelve-month-reports/{case_id}/record",
        REPORTS_AA,
    ),
}

ROUTES: dict[str, tuple[str, str, frozenset[Role] | str]] = {
    **SAMPLE_ROUTES,
    **TWELVE_MONTH_ROUTES,
}
NOT_FOUND_FOR: dict[str, frozenset[Role]] = {**SAMPLE_NOT_FOUND_FOR}


def objects(db, world) -> dict:
    return {**sample_objects(db, world)}
