"""Routes of letters by post and by email, and who may use them (see test_route_permissions)."""

from __future__ import annotations

from complaints.auth.roles import Role
from complaints.cases.choices import ContactMethod, ContactPurpose
from complaints.cases.models import Contact
from complaints.letters import html
from complaints.letters.engine import Block
from complaints.letters.pdf import Letterhead
from tests import factories
from tests.views.routes import CASE_WORKERS, FILE_KEEPERS, R, stored_copy

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
    # An issued letter as accessible HTML: read as its PDF is (the documents' readers),
    # and emailed by whoever may send the case's letters.
    "cases.letter_page": (
        "GET",
        "/cases/{case_id}/letters/{letter_contact_id}",
        FILE_KEEPERS | {R.OPCC_REVIEWER},
    ),
    "cases.letter_file": (
        "GET",
        "/cases/{case_id}/letters/{letter_contact_id}/letter.html",
        FILE_KEEPERS | {R.OPCC_REVIEWER},
    ),
    "cases.send_letter_html": (
        "POST",
        "/cases/{case_id}/letters/{letter_contact_id}/send-html",
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
    # A letter issued on the world's case, with the words its HTML version is made from.
    issued = Contact(
        case_id=world["case_id"],
        occurred_on=factories.NOW.date(),
        method=ContactMethod.LETTER,
        purpose=ContactPurpose.OTHER,
        summary="Acknowledgement letter sent",
        recorded_at=factories.NOW,
        attachment_id=world["attachment_id"],
        letter_words=html.record(
            Letterhead(
                force_name="Northshire Police",
                office_name="Professional Standards Department",
                office_address=("Police Headquarters",),
                reference="CO/2026/00001",
                dated=factories.NOW.date(),
                recipient=("Jo Public",),
                sender_name="Hana Handler",
                title="Acknowledgement letter",
            ),
            [Block("heading", "Your complaint"), Block("paragraph", "Dear Jo Public,")],
        ),
    )
    db.add(issued)
    db.commit()
    return {"post_contact_id": contact.id, "letter_contact_id": issued.id}
