"""The people and divisions a page may offer for a force's work: never another force's.

A choice list of handlers, decision makers or divisions is built from these, so a person
of one force is neither shown another force's staff nor able to pick them."""

from __future__ import annotations

from collections.abc import Collection

from sqlalchemy import Select, select

from complaints.auth.models import User
from complaints.common.roles import Role
from complaints.forces.models import ForceMembership
from complaints.reference.models import Division


def staff(role: Role, forces: Collection[int], *, deciding: bool = False) -> Select[tuple[User]]:
    """Active people of ``role`` who work for one of ``forces`` (with ``deciding``, who
    take the appropriate authority's decisions for it), by name."""
    members = select(ForceMembership.user_id).where(ForceMembership.force_id.in_(sorted(forces)))
    if deciding:
        members = members.where(ForceMembership.decides.is_(True))
    return (
        select(User)
        .where(User.role == role, User.active.is_(True), User.id.in_(members))
        .order_by(User.full_name, User.id)
    )


def staff_menu(role: Role, forces: Collection[int]) -> Select[tuple[int, str]]:
    """``staff`` as (id, name) pairs for a menu. A list's filter panel names a large
    force's hundreds of handlers on every view: loading each as a whole person cost more
    than finding the page's cases."""
    return staff(role, forces).with_only_columns(User.id, User.full_name)


def works_for(user: User, force_id: int, *, deciding: bool = False) -> bool:
    """The rule ``staff`` selects by, for one person and one force."""
    return any(m.force_id == force_id and (m.decides or not deciding) for m in user.memberships)


def divisions(forces: Collection[int], *, active_only: bool = True) -> Select[tuple[Division]]:
    query = select(Division).where(Division.force_id.in_(sorted(forces)))
    if active_only:
        query = query.where(Division.active.is_(True))
    return query.order_by(Division.name)


def divisions_menu(forces: Collection[int], *, active_only: bool = True) -> Select[tuple[int, str]]:
    """``divisions`` as (id, name) pairs for a menu (``staff_menu``)."""
    return divisions(forces, active_only=active_only).with_only_columns(Division.id, Division.name)
