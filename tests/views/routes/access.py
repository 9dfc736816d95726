"""Routes of subject access requests and who may use them (see test_route_permissions):
the appropriate authority alone; for everyone else they are forbidden."""

from __future__ import annotations

from complaints.access.models import (
    AccessRecord,
    AccessRequest,
    PersonKind,
    Redaction,
    RedactionReason,
    RequestState,
)
from complaints.auth.roles import Role
from tests import factories
from tests.views.routes import R

AA = frozenset({R.APPROPRIATE_AUTHORITY})
BASE = "/subject-access/{access_request_id}"

ROUTES: dict[str, tuple[str, str, frozenset[Role] | str]] = {
    "access.index": ("GET", "/subject-access/", AA),
    "access.new": ("GET", "/subject-access/new", AA),
    "access.detail": ("GET", BASE, AA),
    "access.assemble": ("POST", BASE + "/assemble", AA),
    "access.redact": ("GET", BASE + "/redactions", AA),
    "access.mark_redacted": ("POST", BASE + "/redacted", AA),
    "access.take_back": ("POST", BASE + "/redactions/{access_redaction_id}/take-back", AA),
    "access.complete": ("GET", BASE + "/complete", AA),
    "access.withdraw": ("GET", BASE + "/withdraw", AA),
    "access.download": ("GET", BASE + "/bundle/redacted.zip", AA),
}
NOT_FOUND_FOR: dict[str, frozenset[Role]] = {}


def objects(db, world) -> dict:
    """A request by the world case's complainant, gathered, with one name redacted."""
    case = world["case"]
    found = AccessRequest(
        force_id=case.force_id,
        person_kind=PersonKind.COMPLAINANT,
        person_name="Jo Public",
        received_on=factories.NOW.date(),
        due_on=factories.NOW.date().replace(day=20, month=12),
        state=RequestState.ASSEMBLED,
        assembled_at=factories.NOW,
        created_at=factories.NOW,
        updated_at=factories.NOW,
    )
    db.add(found)
    db.flush()
    db.add(
        AccessRecord(
            request_id=found.id, force_id=case.force_id, complainant_id=case.complainants[0].id
        )
    )
    redaction = Redaction(
        request_id=found.id,
        force_id=case.force_id,
        phrase="Sam Stone",
        reason=RedactionReason.THIRD_PARTY,
        suggested=True,
        created_at=factories.NOW,
    )
    db.add(redaction)
    db.commit()
    return {"access_request_id": found.id, "access_redaction_id": redaction.id}
