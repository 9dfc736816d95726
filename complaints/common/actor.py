"""Who is acting: the user (or system) behind a change, passed explicitly to services.

Services never read the request's user; the web layer, the CLI and the demo seeder each
build an ``Actor`` and hand it in, so the same code is auditable from every entry point.
"""

from __future__ import annotations

from dataclasses import dataclass

from complaints.common.roles import Role


@dataclass(frozen=True)
class Actor:
    user_id: int | None
    role: Role | None
    name: str
    source: str = "web"  # an IP address for web requests, "cli" or "system" otherwise

    @property
    def is_authenticated(self) -> bool:
        return self.user_id is not None

    @classmethod
    def system(cls, source: str = "system") -> Actor:
        return cls(user_id=None, role=None, name="System", source=source)

    @classmethod
    def anonymous(cls, source: str) -> Actor:
        return cls(user_id=None, role=None, name="Anonymous", source=source)
