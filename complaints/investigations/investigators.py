"""Who may be named as a case's investigator: an active investigator; and on a complaint
about the chief constable, only one from outside the force (domain.md A10), as the
force's own PSD is locked out of those cases. One rule for the lists offered, the start
of an investigation and a change of investigator."""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlalchemy import ColumnElement, and_, true

from complaints.auth.models import User
from complaints.auth.roles import Role

if TYPE_CHECKING:
    from complaints.cases.models import Case

OUTSIDE_ONLY = (
    "Only an investigator from outside the force can investigate a complaint about the "
    "chief constable: choose one marked as external"
)


def why_not(case: Case, user: User | None) -> str | None:
    if user is None or user.role != Role.INVESTIGATOR or not user.active:
        return "Choose an active investigator"
    if case.about_chief_officer and not user.external:
        return OUTSIDE_ONLY
    return None


def offered(case: Case) -> ColumnElement[bool]:
    """The investigators a list for this case offers."""
    outside = User.external.is_(True) if case.about_chief_officer else true()
    return and_(User.role == Role.INVESTIGATOR, User.active.is_(True), outside)
