"""Routes of letters by post and by email, and who may use them (see test_route_permissions)."""

from __future__ import annotations

from complaints.auth.roles import Role
from complaints.cases.choices import ContactMethod, ContactPurpose
from complaints.cases.models import Contact
from tests import factories
from tests.views.routes import CASE_WORKERS, R, stored_copy

# The OPCC reviewer is the appropriate authority of complaints about the chief constable,
# so it keeps their letters to post too; on an ordinary force case it finds nothing.
OPCC_AS_AA = frozenset({R.OPCC_REVIEWER})

ROUTES: dict[str, tuple[str, str, frozenset[Role] | str]] = {
    "queues.to_post": ("GET", "/queues/to-post", OPCC_AS_AA | CASE_WORKERS),
    "queues.mark_posted": (
        "POST",
        "/queues/to-post/{post_contact_id}/posted",
        OPCC_AS_AA | CASE_WORKERS,
    ),
    # Sending by post a letter whose email failed: whoever may send the case's letters.
    "cases.undelivered_letters": (
        "GET",
        "/cases/{case_id}/letters/undelivered",
        OPCC_AS_AA | {R.HANDLER},
    ),
}
NOT_FOUND_FOR: dict[str, frozenset[Role]] = {
    # A letter on a case the OPCC reviewer may not see is not there for them.
    "queues.mark_posted": OPCC_AS_AA,
}


def objects(db, world) -> dict:
    """A letter waiting to be posted, on an ordinary case of the world's force."""
    case = factories.complaint(db, handler=factories.user(db, R.HANDLER))
    letter = stored_copy(db, world["attachment_id"], case.id, "letter.txt")
    contact = Contact(
        case_id=case.id,
        occurred_on=factories.NOW.date(),
        method=ContactMethod.LETTER,
        purpose=ContactPurpose.OTHER,
        summary="Acknowledgement letter sent",
        recorded_at=factories.NOW,
        attachment_id=letter.id,
        for_post=True,
    )
    db.add(contact)
    db.commit()
    return {"post_contact_id": contact.id}
