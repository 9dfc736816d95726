"""Read-side queries for case lists and queues. Every one starts from ``visible_to``."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import ColumnElement, Select, exists, func, select
from sqlalchemy.orm import Session, selectinload

from complaints.auth.permissions import Permission, role_can
from complaints.cases.choices import CaseState, CaseType
from complaints.cases.models import Allegation, Case
from complaints.cases.references import parse_reference
from complaints.cases.visibility import visible_to
from complaints.common.actor import Actor
from complaints.common.clock import years_before
from complaints.investigations.models import Investigation
from complaints.reviews.models import Review, ReviewBody

SORTS = {
    "received": Case.received_on,
    "reference": Case.reference,
    "state": Case.state,
    "updated": Case.updated_at,
}


@dataclass(frozen=True)
class CaseFilters:
    states: tuple[CaseState, ...] = ()
    case_types: tuple[CaseType, ...] = ()
    division_ids: tuple[int, ...] = ()
    category_ids: tuple[int, ...] = ()
    handler_id: int | None = None
    received_from: dt.date | None = None
    received_to: dt.date | None = None
    text: str | None = None
    sort: str = "received"
    descending: bool = True


def case_list(actor: Actor, filters: CaseFilters) -> Select[tuple[Case]]:
    query = select(Case).where(visible_to(actor)).options(selectinload(Case.handler))
    if filters.states:
        query = query.where(Case.state.in_(filters.states))
    if filters.case_types:
        query = query.where(Case.case_type.in_(filters.case_types))
    if filters.division_ids:
        query = query.where(Case.division_id.in_(filters.division_ids))
    if filters.category_ids:
        query = query.where(
            exists(
                select(Allegation.id).where(
                    Allegation.case_id == Case.id, Allegation.category_id.in_(filters.category_ids)
                )
            )
        )
    if filters.handler_id:
        query = query.where(Case.handler_id == filters.handler_id)
    if filters.received_from:
        query = query.where(Case.received_on >= filters.received_from)
    if filters.received_to:
        query = query.where(Case.received_on <= filters.received_to)
    if filters.text:
        query = query.where(_text_clause(filters.text))
    column = SORTS.get(filters.sort, Case.received_on)
    order = column.desc() if filters.descending else column.asc()
    return query.order_by(order, Case.id.desc() if filters.descending else Case.id.asc())


def _text_clause(text: str) -> ColumnElement[bool]:
    parsed = parse_reference(text)
    if parsed:
        _, year, number = parsed
        return (
            (Case.year == year)
            & (Case.number == number)
            & (Case.reference.startswith(parsed[0] + "/"))
        )
    words = [w for w in text.lower().split() if w][:6]
    return func.lower(Case.reference).contains(text.strip().lower(), autoescape=True) | _all_words(
        words
    )


def _all_words(words: list[str]) -> ColumnElement[bool]:
    clause = None
    for word in words:
        term = func.lower(Case.summary).contains(word, autoescape=True)
        clause = term if clause is None else clause & term
    return clause if clause is not None else Case.id.is_(None)


def my_cases(actor: Actor) -> Select[tuple[Case]]:
    """A handler's open assigned cases, oldest first."""
    return (
        select(Case)
        .where(
            visible_to(actor),
            Case.handler_id == actor.user_id,
            Case.state.not_in([CaseState.FINALISED, CaseState.WITHDRAWN]),
        )
        .order_by(Case.received_on, Case.id)
    )


def my_investigations(actor: Actor) -> Select[tuple[Case]]:
    return (
        select(Case)
        .join(Investigation, Investigation.case_id == Case.id)
        .where(
            visible_to(actor),
            Investigation.investigator_id == actor.user_id,
            Case.state.in_([CaseState.INVESTIGATION, CaseState.SUSPENDED]),
        )
        .order_by(Investigation.started_on, Case.id)
    )


# States in which the next step is the appropriate authority's decision.
DECISION_STATES = (
    CaseState.RECORDED,
    CaseState.REFERRED,
    CaseState.HANDLING,
    CaseState.AWAITING_DECISION,
)


def decisions_waiting(actor: Actor) -> Select[tuple[Case]]:
    return (
        select(Case)
        .where(visible_to(actor), Case.state.in_(DECISION_STATES))
        .order_by(Case.received_on, Case.id)
    )


def review_queue(actor: Actor) -> Select[tuple[Case, Review]]:
    """Cases under review to the OPCC, oldest application first."""
    return (
        select(Case, Review)
        .join(Review, Review.case_id == Case.id)
        .where(
            visible_to(actor),
            Case.state == CaseState.UNDER_REVIEW,
            Review.body == ReviewBody.OPCC,
            Review.decided_on.is_(None),
        )
        .order_by(Review.received_on, Case.id)
    )


def countable(actor: Actor) -> ColumnElement[bool]:
    """Cases that may be counted in figures shown to this actor.

    Roles with dashboards count every unrestricted case (a restricted case is never
    revealed by a count); other roles count the cases they can see.
    """
    if role_can(actor.role, Permission.VIEW_DASHBOARDS):
        return Case.restricted.is_(False)
    return visible_to(actor)


@dataclass(frozen=True)
class Headlines:
    open_cases: int
    received_last_30_days: int
    investigations_open: int
    investigations_over_12_months: int
    reviews_waiting: int


def headlines(session: Session, actor: Actor, today: dt.date) -> Headlines:
    """A few aggregate figures for start pages. The full measures are the reports' job."""
    base = select(func.count()).select_from(Case).where(countable(actor))
    open_states = [s for s in CaseState if s.is_open]
    year_ago = years_before(today, 1)
    return Headlines(
        open_cases=session.scalar(base.where(Case.state.in_(open_states))) or 0,
        received_last_30_days=session.scalar(
            base.where(Case.received_on > today - dt.timedelta(days=30))
        )
        or 0,
        investigations_open=session.scalar(
            base.where(Case.state.in_([CaseState.INVESTIGATION, CaseState.SUSPENDED]))
        )
        or 0,
        investigations_over_12_months=session.scalar(
            base.where(
                Case.state.in_([CaseState.INVESTIGATION, CaseState.SUSPENDED]),
                Case.received_on <= year_ago,
            )
        )
        or 0,
        reviews_waiting=session.scalar(base.where(Case.state == CaseState.UNDER_REVIEW)) or 0,
    )


def load_visible(session: Session, actor: Actor, case_id: int) -> Case | None:
    return session.scalar(
        select(Case)
        .where(Case.id == case_id, visible_to(actor))
        .options(
            selectinload(Case.complainants),
            selectinload(Case.allegations),
            selectinload(Case.subjects),
            selectinload(Case.contacts),
        )
    )


def case_exists(session: Session, case_id: int) -> bool:
    return bool(session.scalar(select(func.count()).select_from(Case).where(Case.id == case_id)))
