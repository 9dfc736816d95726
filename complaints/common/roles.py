"""The seven roles of domain.md A8. Stored by value; labels are what people read.

Kept in ``common`` because an ``Actor`` carries one; ``complaints.auth.roles`` re-exports them.
"""

from __future__ import annotations

import enum


class Role(enum.StrEnum):
    HANDLER = "handler"
    INVESTIGATOR = "investigator"
    APPROPRIATE_AUTHORITY = "appropriate_authority"
    OPCC_REVIEWER = "opcc_reviewer"
    OPCC_OVERSIGHT = "opcc_oversight"
    BOARD_MEMBER = "board_member"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]

    @property
    def is_opcc(self) -> bool:
        return self in (Role.OPCC_REVIEWER, Role.OPCC_OVERSIGHT)


ROLE_LABELS = {
    Role.HANDLER: "Complaints handler (PSD)",
    Role.INVESTIGATOR: "Investigator",
    Role.APPROPRIATE_AUTHORITY: "Appropriate authority (PSD decision maker)",
    Role.OPCC_REVIEWER: "OPCC reviewer",
    Role.OPCC_OVERSIGHT: "OPCC oversight",
    Role.BOARD_MEMBER: "Accountability board member",
    Role.ADMIN: "Administrator",
}
