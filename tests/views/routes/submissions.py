"""Routes of the triage of complaints sent online, and who may use them (see
test_route_permissions): the PSD staff who log cases."""

from __future__ import annotations

import datetime as dt

from complaints.auth.roles import Role
from complaints.forces.models import FIRST_FORCE_ID
from complaints.public.models import OnlineSubmission, SubmissionStatus
from tests.views.routes import R

LOGGERS = frozenset({R.HANDLER, R.APPROPRIATE_AUTHORITY})
# The OPCC reviewer logs cases only about the chief constable, so passes the route's role
# check but finds no submission of the force's.
OPCC = frozenset({R.OPCC_REVIEWER})

ROUTES: dict[str, tuple[str, str, frozenset[Role] | str]] = {
    "submissions.queue": ("GET", "/submissions", LOGGERS | OPCC),
    "submissions.detail": ("GET", "/submissions/{submission_id}", LOGGERS | OPCC),
}
NOT_FOUND_FOR: dict[str, frozenset[Role]] = {"submissions.detail": OPCC}


def objects(db, world) -> dict:
    submission = OnlineSubmission(
        force_id=FIRST_FORCE_ID,
        reference="WEB-ROUT-ETST",
        status=SubmissionStatus.NEW,
        received_at=dt.datetime(2026, 11, 30, 10, tzinfo=dt.UTC),
        answers={"given_name": "Rou", "family_name": "Tes", "what_happened": "Rude."},
        given_name="Rou",
        family_name="Tes",
    )
    db.add(submission)
    db.commit()
    return {"submission_id": submission.id}
