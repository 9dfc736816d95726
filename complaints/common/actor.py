"""Who is acting: the user (or system) behind a change, passed explicitly to services.

Services never read the request's user; the web layer, the CLI and the demo seeder each
build an ``Actor`` and hand it in, so the same code is auditable from every entry point.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from complaints.common.roles import Role


@dataclass(frozen=True)
class Actor:
    user_id: int | None
    role: Role | None
    name: str
    source: str = "web"  # an IP address for web requests, "cli" or "system" otherwise
    # The forces this person works for: they see those forces' cases and nothing else.
    forces: frozenset[int] = frozenset()
    # The forces they take the appropriate authority's decisions for: an appropriate
    # authority's delegated forces; for anyone else, their forces (the OPCC is the
    # appropriate authority of complaints about its own chief constable).
    decides_for: frozenset[int] = frozenset()
    # A complainant signed in to Track my complaint: the one case they may act on, and
    # only through the few steps ``permissions.COMPLAINANT_MAY`` lists.
    complainant_of: int | None = None

    @classmethod
    def of(cls, user: Any, source: str) -> Actor:
        """The actor a signed-in user is, with the forces they work and decide for."""
        memberships = list(user.memberships)
        forces = frozenset(m.force_id for m in memberships)
        if user.role == Role.APPROPRIATE_AUTHORITY:
            decides_for = frozenset(m.force_id for m in memberships if m.decides)
        else:
            decides_for = forces
        return cls(user.id, user.role, user.full_name, source, forces, decides_for)

    @property
    def is_authenticated(self) -> bool:
        return self.user_id is not None

    @classmethod
    def system(cls, source: str = "system") -> Actor:
        return cls(user_id=None, role=None, name="System", source=source)

    @classmethod
    def anonymous(cls, source: str) -> Actor:
        return cls(user_id=None, role=None, name="Anonymous", source=source)

    @classmethod
    def complainant(cls, case_id: int, source: str) -> Actor:
        """The complainant of one case, acting online through Track my complaint."""
        return cls(
            user_id=None,
            role=None,
            name="The complainant (online)",
            source=source,
            complainant_of=case_id,
        )
