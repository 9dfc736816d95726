"""The work queues (design.md "Queues"): my cases, the team's, decisions waiting, due soon.

Each queue is a ``Select`` of open cases the actor may see (``visible_to``), ordered by a
``QueueSort``; the views page through it. Deadlines are read from the stored
``Case.next_deadline_on`` (kept current by ``deadlines.refresh``), so sorting and the
due-soon cut-off stay in SQL and work the same on SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Select, and_, exists, false, func, or_, select, true
from sqlalchemy import case as when
from sqlalchemy.orm import Session, selectinload

from complaints.auth.roles import Role
from complaints.cases import workflow
from complaints.cases.choices import INVESTIGATION_STATES, OPEN_STATES, CaseState
from complaints.cases.deadlines import DUE_SOON_WORKING_DAYS
from complaints.cases.models import Case
from complaints.cases.visibility import visible_to
from complaints.common import workdays
from complaints.common.actor import Actor
from complaints.investigations.models import Investigation

SORT_KEYS = ("deadline", "received", "reference")
_SORT_COLUMNS = {
    "deadline": Case.next_deadline_on,
    "received": Case.received_on,
    "reference": Case.reference,
}
UNASSIGNED = "unassigned"


@dataclass(frozen=True)
class QueueSort:
    """How a queue is ordered; soonest deadline first unless the URL says otherwise."""

    key: str = "deadline"
    descending: bool = False

    @classmethod
    def parse(cls, key: str | None, order: str | None) -> QueueSort:
        """From the query string; anything unknown falls back to the default."""
        return cls(key if key in SORT_KEYS else "deadline", order == "desc")


def by_deadline(descending: bool = False) -> list[ColumnElement]:
    """Soonest (or latest) deadline first, cases with none after the rest either way: the
    order of the index ``ix_cases_next_deadline`` (NULLS LAST, on both databases), so a
    page of a long list is read from the index rather than by sorting every case."""
    if descending:
        return [Case.next_deadline_on.desc().nulls_last(), Case.id.desc()]
    return [Case.next_deadline_on.asc().nulls_last(), Case.id.asc()]


def order_by(sort: QueueSort) -> list[ColumnElement]:
    if sort.key == "deadline":
        return by_deadline(sort.descending)
    column = _SORT_COLUMNS.get(sort.key, Case.next_deadline_on)
    direction = column.desc() if sort.descending else column.asc()
    tie = Case.id.desc() if sort.descending else Case.id.asc()
    return [direction, tie]


def open_cases() -> ColumnElement[bool]:
    return Case.state.in_(OPEN_STATES)


def assigned_to(actor: Actor) -> ColumnElement[bool]:
    """The cases that are this actor's own work: what 'mine' means for their role."""
    if actor.role == Role.HANDLER:
        return Case.handler_id == actor.user_id
    if actor.role == Role.APPROPRIATE_AUTHORITY:
        return Case.decision_maker_id == actor.user_id
    if actor.role == Role.INVESTIGATOR:
        return and_(
            Case.state.in_(INVESTIGATION_STATES),
            exists(
                select(Investigation.id)
                .where(
                    Investigation.case_id == Case.id,
                    Investigation.investigator_id == actor.user_id,
                )
                .correlate(Case)
            ),
        )
    return false()


# The appropriate authority's decisions (A2): the steps whose waiting cases make up
# "Decisions waiting". Each is offered by the workflow table itself (``workflow.offered``),
# so the queue holds a case exactly when the case page offers the step.
DECISION_STEPS = (
    "refer_to_iopc",
    "handle_without_investigation",
    "start_investigation",
    "iopc_returned",
    "iopc_investigation",
    "determine_outcome",
    "close_matter",
    "decide_review",
)


def decision_rule(actor: Actor) -> ColumnElement[bool]:
    """Cases whose next step is this actor's decision: a decision step the workflow offers
    them now, or an investigation report in (its results and outcome are theirs to record,
    whatever is still missing). The definition of "Decisions waiting": evaluated per case
    it reads allegations, subjects and reviews, so the appropriate authority's queue reads
    its stored answer instead (``cases.awaiting``)."""
    offered = [workflow.offered(workflow.TRANSITIONS[name], actor) for name in DECISION_STEPS]
    return or_(*offered, Case.state == CaseState.AWAITING_DECISION)


def waiting_for_decision(actor: Actor) -> ColumnElement[bool]:
    """The cases of the forces this actor decides for that wait for their decision.

    For an appropriate authority the rule's answer does not depend on who they are, only
    on their role, so it is the one kept on each case (``Case.awaits_decision``, a partial
    index): a page of the queue and its count read that index instead of evaluating the
    rule over the thousands of a force's cases in deciding states. Anyone else who may
    decide on some cases (the OPCC, for complaints about the chief constable) has the
    rule evaluated for them, over the few cases they see."""
    delegated = Case.force_id.in_(sorted(actor.decides_for))
    if actor.role == Role.APPROPRIATE_AUTHORITY:
        return and_(delegated, Case.awaits_decision == true())
    return and_(delegated, decision_rule(actor))


def due_soon_cutoff(today: dt.date) -> dt.date:
    """The last day whose deadline ``deadlines.urgency`` calls due soon (or today).

    A deadline on the weekend after the fifth working day is still "in 5 working days",
    so the cut-off is the day before the sixth working day, not the fifth itself.
    """
    return workdays.add(today, DUE_SOON_WORKING_DAYS + 1) - dt.timedelta(days=1)


def _queue(actor: Actor, sort: QueueSort, *where: ColumnElement[bool]) -> Select[tuple[Case]]:
    return (
        select(Case)
        .where(visible_to(actor), open_cases(), *where)
        .options(selectinload(Case.handler))
        .order_by(*order_by(sort))
    )


def mine(actor: Actor, sort: QueueSort = QueueSort()) -> Select[tuple[Case]]:
    """My open cases: assigned (handler), my investigations, or mine to decide (AA)."""
    return _queue(actor, sort, assigned_to(actor))


@dataclass(frozen=True)
class TeamFilters:
    """``handler`` is a user id, ``UNASSIGNED``, or None for anyone."""

    handler: int | str | None = None
    states: tuple[CaseState, ...] = ()


def team(
    actor: Actor, filters: TeamFilters = TeamFilters(), sort: QueueSort = QueueSort()
) -> Select[tuple[Case]]:
    where: list[ColumnElement[bool]] = []
    if filters.handler == UNASSIGNED:
        where.append(Case.handler_id.is_(None))
    elif filters.handler is not None:
        where.append(Case.handler_id == filters.handler)
    if filters.states:
        where.append(Case.state.in_(filters.states))
    return _queue(actor, sort, *where)


def decisions(actor: Actor, sort: QueueSort = QueueSort()) -> Select[tuple[Case]]:
    """Decisions waiting. Every step the rule asks about starts from an open state, so the
    other queues' open-state filter is left out: beside it PostgreSQL would intersect the
    small partial index with the index of every open case of the force."""
    return (
        select(Case)
        .where(visible_to(actor), waiting_for_decision(actor))
        .options(selectinload(Case.handler))
        .order_by(*order_by(sort))
    )


def due_clause(today: dt.date) -> ColumnElement[bool]:
    """A deadline overdue or due within DUE_SOON_WORKING_DAYS working days."""
    return and_(Case.next_deadline_on.is_not(None), Case.next_deadline_on <= due_soon_cutoff(today))


def due(
    actor: Actor, today: dt.date, *, only_mine: bool, sort: QueueSort = QueueSort()
) -> Select[tuple[Case]]:
    where = [due_clause(today)]
    if only_mine:
        where.append(assigned_to(actor))
    return _queue(actor, sort, *where)


@dataclass(frozen=True)
class DueCounts:
    overdue: int
    due_soon: int


def due_counts(session: Session, actor: Actor, today: dt.date, *, only_mine: bool) -> DueCounts:
    """How many of the due queue's cases are overdue and how many are due soon."""
    base = due(actor, today, only_mine=only_mine).order_by(None).subquery()
    overdue = when((base.c.next_deadline_on < today, 1), else_=0)
    row = session.execute(
        select(func.count(), func.coalesce(func.sum(overdue), 0)).select_from(base)
    ).one()
    total, late = int(row[0]), int(row[1])
    return DueCounts(overdue=late, due_soon=total - late)
