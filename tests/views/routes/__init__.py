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

AREAS = ("reviews", "learning", "oversight", "reports", "forces", "accounts", "letters")


def areas() -> list[ModuleType]:
    return [importlib.import_module(f"tests.views.routes.{name}") for name in AREAS]
