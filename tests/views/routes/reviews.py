"""Routes of the reviews pages and who may use them (see test_route_permissions)."""

from __future__ import annotations

from complaints.auth.roles import Role
from complaints.cases import workflow
from complaints.cases.choices import CaseState
from tests import factories
from tests.views.routes import CASE_READERS, R, stored_copy

REVIEWER = frozenset({R.OPCC_REVIEWER})
# Roles with personal data: a letter names and addresses the applicant.
LETTER_READERS = frozenset({R.HANDLER, R.INVESTIGATOR, R.APPROPRIATE_AUTHORITY, R.OPCC_REVIEWER})

ROUTES: dict[str, tuple[str, str, frozenset[Role] | str]] = {
    "reviews.queue": ("GET", "/reviews", REVIEWER),
    "reviews.new": ("GET", "/reviews/new", REVIEWER),
    "reviews.take": ("POST", "/reviews/{opcc_review_id}/take", REVIEWER),
    "reviews.detail": ("GET", "/reviews/{review_id}", CASE_READERS),
    # The IOPC's decision is recorded by the appropriate authority; an OPCC reviewer
    # decides only the reviews allocated to them.
    "reviews.decide": (
        "GET",
        "/reviews/{review_id}/decide",
        frozenset({R.APPROPRIATE_AUTHORITY, R.OPCC_REVIEWER}),
    ),
    "reviews.letter": (
        "GET",
        "/reviews/{decided_review_id}/letters/{review_letter_id}",
        LETTER_READERS,
    ),
    "reviews.respond": (
        "GET",
        "/reviews/{decided_review_id}/recommendations/{recommendation_id}/response",
        # OPCC reviewers answer as appropriate authority on chief constable cases only.
        frozenset({R.APPROPRIATE_AUTHORITY, R.OPCC_REVIEWER}),
    ),
}
# A review's record follows its case: roles that read only some cases do not find these,
# and an OPCC reviewer reads only the reviews they recorded, took or decided.
NOT_FOUND_FOR: dict[str, frozenset[Role]] = {
    "reviews.detail": frozenset({R.INVESTIGATOR, R.OPCC_REVIEWER, R.OPCC_OVERSIGHT}),
    "reviews.decide": REVIEWER,
    "reviews.letter": frozenset({R.INVESTIGATOR, R.OPCC_REVIEWER}),
    "reviews.respond": REVIEWER,
}


def objects(db, world) -> dict:
    """An IOPC review waiting for its decision, an unallocated OPCC review, and a decided
    OPCC review with a recommendation and its letter."""
    handler = factories.user(db, R.HANDLER)
    aa = factories.user(db, R.APPROPRIATE_AUTHORITY)
    reviewer = factories.user(db, R.OPCC_REVIEWER)
    iopc = factories.complaint_in_state(db, CaseState.OUTCOME_NOTIFIED, handler=handler, aa=aa)
    workflow.apply(
        db, factories.actor_for(handler), iopc, "apply_for_review", {"body": "iopc"}, factories.NOW
    )
    opcc = factories.complaint_in_state(db, CaseState.UNDER_REVIEW, handler=handler, aa=aa)
    decided = factories.complaint_in_state(db, CaseState.UNDER_REVIEW, handler=handler, aa=aa)
    workflow.apply(
        db,
        factories.actor_for(reviewer),
        decided,
        "decide_review",
        {
            "outcome": "upheld",
            "sent_back_to": "recorded",
            "rationale": "Not reasonable",
            "recommendations": "Record it again",
        },
        factories.NOW,
    )
    review = decided.reviews[0]
    # The decision letter: the world's stored document, kept with this case.
    letter = stored_copy(db, world["attachment_id"], decided.id, "decision.txt")
    review.decision_letter_id = letter.id
    db.commit()
    return {
        "review_id": iopc.reviews[0].id,
        "opcc_review_id": opcc.reviews[0].id,
        "decided_review_id": review.id,
        "review_letter_id": letter.id,
        "recommendation_id": review.recommendations[0].id,
    }
