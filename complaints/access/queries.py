"""The appropriate authority's list of requests and the monthly figures (domain.md A12)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Select, select
from sqlalchemy.orm import Session

from complaints.access.models import AccessRequest, RequestState
from complaints.cases.deadlines import add_months
from complaints.common.actor import Actor

LIVE = (RequestState.OPEN, RequestState.ASSEMBLED, RequestState.REDACTED)


def handled_by(actor: Actor, *, live: bool) -> Select[tuple[AccessRequest]]:
    """The requests of the forces this actor decides for: the live ones nearest deadline
    first, or those answered or withdrawn, the latest received first."""
    query = select(AccessRequest).where(AccessRequest.force_id.in_(sorted(actor.decides_for)))
    if live:
        return query.where(AccessRequest.state.in_(LIVE)).order_by(
            AccessRequest.due_on, AccessRequest.id
        )
    return query.where(AccessRequest.state.not_in(LIVE)).order_by(
        AccessRequest.received_on.desc(), AccessRequest.id.desc()
    )


@dataclass(frozen=True)
class Month:
    month: dt.date  # its first day
    received: int
    completed_in_time: int
    completed_late: int
    overdue: int  # not answered, and past its deadline today
    withdrawn: int


def by_month(
    session: Session, force_ids: list[int], today: dt.date, months: int = 12
) -> list[Month]:
    """Requests received in each of the last ``months`` months (this one included): how
    many, how many answered by their deadline or after it, how many still unanswered past
    it, and how many withdrawn."""
    first = add_months(today.replace(day=1), 1 - months)
    rows = session.execute(
        select(
            AccessRequest.received_on,
            AccessRequest.due_on,
            AccessRequest.state,
            AccessRequest.sent_on,
        ).where(AccessRequest.force_id.in_(force_ids), AccessRequest.received_on >= first)
    ).all()
    counts: dict[dt.date, list[int]] = {}
    for received_on, due, state, sent_on in rows:
        tally = counts.setdefault(received_on.replace(day=1), [0, 0, 0, 0, 0])
        tally[0] += 1
        if state == RequestState.COMPLETED:
            tally[1 if sent_on <= due else 2] += 1
        elif state == RequestState.WITHDRAWN:
            tally[4] += 1
        elif due < today:
            tally[3] += 1
    out = []
    month = first
    while month <= today:
        out.append(Month(month, *counts.get(month, [0, 0, 0, 0, 0])))
        month = add_months(month, 1)
    return out
