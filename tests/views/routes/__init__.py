"""The route specification's vocabulary, and the areas that add their routes to it.

Each module here holds one area's routes: ``ROUTES`` (endpoint -> method, URL template,
roles allowed), ``NOT_FOUND_FOR`` (endpoint -> roles allowed the route that must not find
the world's object) and ``objects(db, world)``, which makes the objects its URLs name.
"""

from __future__ import annotations

import importlib
from types import ModuleType

from complaints.auth.roles import Role

R = Role
ALL_ROLES = frozenset(Role)
CASE_READERS = frozenset(
    {R.HANDLER, R.INVESTIGATOR, R.APPROPRIATE_AUTHORITY, R.OPCC_REVIEWER, R.OPCC_OVERSIGHT}
)
PUBLIC = "public"
# The PSD roles that log and work cases.
CASE_WORKERS = frozenset({R.HANDLER, R.APPROPRIATE_AUTHORITY})
# Everyone who keeps a case file: notes and documents.
FILE_KEEPERS = CASE_WORKERS | {R.INVESTIGATOR}

AREAS = (
    "reviews",
    "learning",
    "oversight",
    "reports",
    "forces",
    "accounts",
    "letters",
    "letter_templates",
    "public",
    "submissions",
    "tray",
    "officers",
    "proceedings",
    "returns",
    "intervention",
    "access",
    "retention",
    "workforce",
    "imports",
)


def stored_copy(db, attachment_id: int, case_id: int, filename: str):
    """Another case's record of a document already in the store (the world's upload):
    a letter the routes can name without making a PDF."""
    from complaints.documents.models import Attachment

    stored = db.get(Attachment, attachment_id)
    copy = Attachment(
        case_id=case_id,
        kind=stored.kind,
        filename=filename,
        content_type=stored.content_type,
        size_bytes=stored.size_bytes,
        sha256=stored.sha256,
        uploaded_at=stored.uploaded_at,
    )
    db.add(copy)
    db.flush()
    return copy


def areas() -> list[ModuleType]:
    return [importlib.import_module(f"tests.views.routes.{name}") for name in AREAS]
