"""Which force a page about one force shows: the person's own, or for someone working for
several the one chosen by ``?force=CODE`` (their first by default).

Reports, dashboards and the learning bulletin each show one force's figures; a code the
person does not work for answers 404, as if that force did not exist.
"""

from __future__ import annotations

from flask import g, request
from sqlalchemy import select

from complaints.forces.models import Force
from complaints.web import actor, db, refuse


def user_forces() -> list[Force]:
    """The forces this person works for, in the order they were added."""
    forces = sorted(actor().forces)
    return list(db().scalars(select(Force).where(Force.id.in_(forces)).order_by(Force.id)))


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
