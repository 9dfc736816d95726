"""Which cases a user may see: one SQL clause for lists, search, counts and the case page.

A restricted case exists only for the users named on it (case_access); everyone else
gets a 404 and never sees it counted (domain.md A8).
"""

from __future__ import annotations

from sqlalchemy import ColumnElement, and_, false, or_, select, true

from complaints.auth.permissions import Permission, role_can
from complaints.auth.roles import Role
from complaints.cases.models import Case, CaseAccess
from complaints.common.actor import Actor
from complaints.investigations.models import Investigation
from complaints.reviews.models import Review, ReviewBody


def visible_to(actor: Actor) -> ColumnElement[bool]:
    """A WHERE clause on ``Case`` that keeps the cases this actor may see."""
    if not actor.is_authenticated or not role_can(actor.role, Permission.VIEW_CASES):
        return false()
    clauses = [named_on(actor), and_(Case.restricted.is_(False), _unrestricted_clause(actor))]
    if actor.role == Role.OPCC_REVIEWER:
        # Complaints about the chief constable: the PCC is the appropriate authority.
        clauses.append(Case.about_chief_officer.is_(True))
    return and_(of_forces(actor), or_(*clauses))


def of_forces(actor: Actor) -> ColumnElement[bool]:
    """The cases of the forces this actor works for: no one sees another force's cases."""
    return Case.force_id.in_(sorted(actor.forces))


def known_to(actor: Actor) -> ColumnElement[bool]:
    """The cases whose existence this actor may learn of, though not necessarily open: any
    unrestricted case of their forces (a review to take, an application to record) and the
    cases they see."""
    return and_(of_forces(actor), or_(Case.restricted.is_(False), visible_to(actor)))


def named_on(actor: Actor) -> ColumnElement[bool]:
    """The cases this actor is named on (case_access): restricted ones included.

    Written as ``id IN (subquery)``, as are the clauses below, so that PostgreSQL reads
    the person's few cases once rather than probing for every case in a list."""
    return Case.id.in_(select(CaseAccess.case_id).where(CaseAccess.user_id == actor.user_id))


def _unrestricted_clause(actor: Actor) -> ColumnElement[bool]:
    role = actor.role
    if role in (Role.HANDLER, Role.APPROPRIATE_AUTHORITY):
        return true()
    if role == Role.INVESTIGATOR:
        return Case.id.in_(
            select(Investigation.case_id).where(Investigation.investigator_id == actor.user_id)
        )
    if role == Role.OPCC_REVIEWER:
        # The case file of a case under review to the OPCC, for the reviewer who took the
        # review and only while it is open (A8); the queue shows the others without it.
        return Case.id.in_(
            select(Review.case_id).where(
                Review.body == ReviewBody.OPCC,
                Review.valid.is_(True),
                Review.decided_on.is_(None),
                Review.reviewer_id == actor.user_id,
            )
        )
    # OPCC oversight reads only the cases it has sampled (named through case_access).
    return false()
