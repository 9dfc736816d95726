"""A person's own bring-forward dates, read for their tray, their digest and a case page.

Kept apart from the tray's other parts, which read reviews: the case pages show these
too, and the cases package may not lean on reviews (setup.cfg, the layers contract).
Only the person who set a date ever reads it, and only on a case they may still see.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import Select, select
from sqlalchemy.orm import Session, contains_eager

from complaints.cases.models import Case
from complaints.cases.visibility import visible_to
from complaints.common.actor import Actor
from complaints.tray.models import BringForward

LIMIT = 50  # a tray's part; more than this many due at once is for the person to sort


def _mine(actor: Actor) -> Select[tuple[BringForward]]:
    return (
        select(BringForward)
        .join(Case, Case.id == BringForward.case_id)
        .where(BringForward.user_id == actor.user_id, BringForward.done_at.is_(None))
        .where(visible_to(actor))
        .options(contains_eager(BringForward.case))
    )


def bring_forwards_due(session: Session, actor: Actor, until: dt.date) -> list[BringForward]:
    """This person's own bring-forward dates not yet done, falling due by ``until``."""
    query = (
        _mine(actor)
        .where(BringForward.due_on <= until)
        .order_by(BringForward.due_on, BringForward.id)
        .limit(LIMIT)
    )
    return list(session.scalars(query))


def bring_forwards_on(session: Session, actor: Actor, case: Case) -> list[BringForward]:
    """This person's own bring-forward dates on one case, not yet done, soonest first.
    The case is one they have just been shown, so whether they may see it is not asked
    again (on every case page)."""
    query = (
        select(BringForward)
        .where(
            BringForward.user_id == actor.user_id,
            BringForward.case_id == case.id,
            BringForward.done_at.is_(None),
        )
        .order_by(BringForward.due_on)
    )
    return list(session.scalars(query))
