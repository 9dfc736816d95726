"""Routes of the learning pages and who may use them (see test_route_permissions)."""

from __future__ import annotations

from complaints.auth.roles import Role
from complaints.common.actor import Actor
from complaints.learning import services as learning
from complaints.learning.models import LearningLevel, LearningSource
from tests import factories
from tests.views.routes import R

# domain.md A8: the appropriate authority and OPCC oversight keep the register.
MANAGERS = frozenset({R.APPROPRIATE_AUTHORITY, R.OPCC_OVERSIGHT})

ROUTES: dict[str, tuple[str, str, frozenset[Role] | str]] = {
    "learning.register": ("GET", "/learning", MANAGERS),
    "learning.new": ("GET", "/learning/new", MANAGERS),
    "learning.detail": ("GET", "/learning/{learning_id}", MANAGERS),
    "learning.edit": ("GET", "/learning/{learning_id}/edit", MANAGERS),
    "learning.act": ("GET", "/learning/{learning_id}/accept", MANAGERS),
    "learning.bulletin": ("GET", "/learning/bulletin", MANAGERS),
    "learning.bulletin_pdf": (
        "GET",
        "/learning/bulletin.pdf?from=2026-01-01&to=2026-03-31",
        MANAGERS,
    ),
}
NOT_FOUND_FOR: dict[str, frozenset[Role]] = {}


def objects(db, world) -> dict:
    item = learning.record_learning(
        db,
        Actor.system("test"),
        learning.LearningData("Record keeping", "Record the reasons", LearningLevel.INDIVIDUAL),
        factories.NOW,
        source=LearningSource.CASE_OUTCOME,
        case_id=world["case_id"],
    )
    db.commit()
    return {"learning_id": item.id}
