"""Which force a page about one force shows: the person's own, or for someone working for
several the one chosen by ``?force=CODE`` (their first by default).

Reports, dashboards and the learning bulletin each show one force's figures; a code the
person does not work for answers 404, as if that force did not exist. The dashboards also
answer ``?force=ALL`` for someone working for several: every one of their forces, summed
(a joint PSD's management view). Stored reports stay each force's own.
"""

from __future__ import annotations

from flask import g, request
from sqlalchemy import select

from complaints.forces.models import Force
from complaints.forces.services import ALL_FORCES
from complaints.web import actor, db, refuse


def user_forces() -> list[Force]:
    """The forces this person works for, in the order they were added."""
    forces = sorted(actor().forces)
    return list(db().scalars(select(Force).where(Force.id.in_(forces)).order_by(Force.id)))


def user_forces_by_name() -> list[Force]:
    """The forces this person works for, by name: for a list or a choice of them."""
    forces = sorted(actor().forces)
    return list(db().scalars(select(Force).where(Force.id.in_(forces)).order_by(Force.name)))


def page_force() -> Force:
    """The force this request's page shows (404 for a force the person does not serve)."""
    if "page_force" not in g:
        mine = user_forces()
        code = (request.args.get("force") or "").strip().upper()
        chosen = next((f for f in mine if f.code == code), None) if code else None
        if chosen is None and (code or not mine):
            refuse(404, f"pages of force {code or '(none)'}")
        g.page_force = chosen or mine[0]
    return g.page_force


def combined() -> bool:
    """Does this page sum every force the person works for (``?force=ALL``)?"""
    asked = (request.args.get("force") or "").strip().upper() == ALL_FORCES
    return asked and len(actor().forces) > 1


def page_forces() -> list[Force]:
    """The forces a page of figures counts: every one of the person's own when combined,
    otherwise the one ``page_force`` shows."""
    return user_forces() if combined() else [page_force()]
