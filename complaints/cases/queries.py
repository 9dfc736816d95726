"""Read-side queries for case lists and queues. Every one starts from ``visible_to``."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace

from sqlalchemy import ColumnElement, Select, and_, exists, false, func, or_, select, union
from sqlalchemy.orm import Session, joinedload, selectinload

from complaints.auth.permissions import Permission, role_can
from complaints.cases import queues
from complaints.cases.choices import CaseState, CaseType
from complaints.cases.models import Allegation, Case, CaseSubject, Complainant
from complaints.cases.references import parse_reference, split_force_code
from complaints.cases.visibility import known_to, of_forces, visible_to
from complaints.common.actor import Actor
from complaints.common.clock import years_before
from complaints.common.folding import fold, starts_with
from complaints.common.pagination import COUNT_CAP, Page, paginate
from complaints.investigations.models import Investigation
from complaints.reviews.models import Review, ReviewBody
from complaints.subjects.models import SubjectIdentity

SORTS = {
    "deadline": Case.next_deadline_on,
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
    everywhere: bool = False  # search inside names and summaries too (``case_page``)
    sort: str = "received"
    descending: bool = True


def case_list(actor: Actor, filters: CaseFilters) -> Select[tuple[Case]]:
    query = select(Case).options(selectinload(Case.handler))
    return _listed(query, actor, filters)


def _listed(query: Select, actor: Actor, filters: CaseFilters) -> Select:
    """``query`` (of cases, or of their ids) narrowed by the filters, in the list's order."""
    query = query.where(visible_to(actor))
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
        names_first = not filters.everywhere and "/" not in filters.text
        search = name_clause if names_first else search_clause
        query = query.where(search(actor, filters.text))
    column = SORTS.get(filters.sort, Case.received_on)
    if column is Case.next_deadline_on:
        return query.order_by(*queues.by_deadline(filters.descending))
    order = column.desc() if filters.descending else column.asc()
    return query.order_by(order, Case.id.desc() if filters.descending else Case.id.asc())


MAX_SEARCH_WORDS = 6


def case_page(
    session: Session, actor: Actor, filters: CaseFilters, number: int, per_page: int
) -> Page[Case]:
    """A page of the case list. A search looks at the starts of names first: when the
    words begin the names of someone on a case this actor may see, the list is those
    cases; only words that begin no one's name are looked for everywhere (inside names,
    in summaries, as a reference).

    A name's start is found through an index even under row-level security, whatever the
    number of cases; a word inside a name or a summary is not (``common.folding``), so
    the search of everything is kept for the words that need it.
    """
    if not filters.text:
        return paginate(session, case_list(actor, filters), number, per_page)
    page = _searched(session, actor, filters, number, per_page)
    if page.total or filters.everywhere or "/" in filters.text:
        return page
    return _searched(session, actor, replace(filters, everywhere=True), number, per_page)


def _searched(
    session: Session, actor: Actor, filters: CaseFilters, number: int, per_page: int
) -> Page[Case]:
    """A page of a search, the search run once: the matching ids in the list's order, as
    many as the count needs (``paginate``'s cap), give both the count and the page's ids,
    whose cases are then read by key. A count and a page each running the search would
    run it twice."""
    number = max(1, number)
    limit = max(COUNT_CAP, number * per_page) + 1
    ids = list(session.scalars(_listed(select(Case.id), actor, filters).limit(limit)))
    more = len(ids) == limit
    total = len(ids) - 1 if more else len(ids)
    number = min(number, max(1, math.ceil(total / per_page)))
    wanted = ids[(number - 1) * per_page : number * per_page]
    found = {
        case.id: case
        for case in session.scalars(
            select(Case).where(Case.id.in_(wanted)).options(selectinload(Case.handler))
        )
    }
    items = [found[i] for i in wanted if i in found]
    return Page(items=items, number=number, per_page=per_page, total=total, more=more)


def name_clause(actor: Actor, text: str) -> ColumnElement[bool]:
    """Every word begins the given or family name of one subject (in any version of their
    identity) or complainant on the case, or is a subject's collar or staff number."""
    words = fold(text).split()[:MAX_SEARCH_WORDS]
    if not words:
        return false()
    # The person's forces, said here as well as by row-level security (which the planner
    # cannot use to choose an index), so the name indexes that lead with the force serve.
    forces = sorted(actor.forces)
    identity = SubjectIdentity
    found = [
        select(CaseSubject.case_id)
        .join(identity, identity.subject_id == CaseSubject.subject_id)
        .where(
            CaseSubject.force_id.in_(forces),
            *(
                or_(
                    _begins_name(identity, w),
                    identity.collar_number.in_((w, w.upper())),
                    identity.staff_number.in_((w, w.upper())),
                )
                for w in words
            ),
        )
    ]
    if role_can(actor.role, Permission.VIEW_PERSONAL_DATA):
        found.append(
            select(Complainant.case_id).where(
                Complainant.force_id.in_(forces), *(_begins_name(Complainant, w) for w in words)
            )
        )
    # One list of case ids, so PostgreSQL reads those cases by key rather than testing
    # every case of the force against each list.
    return Case.id.in_(union(*found))


def _begins_name(
    model: type[Complainant] | type[SubjectIdentity], word: str
) -> ColumnElement[bool]:
    """The word begins the given name (the folded name's start) or the family name."""
    return or_(starts_with(model.search_name, word), starts_with(model.search_family, word))


def search_clause(actor: Actor, text: str) -> ColumnElement[bool]:
    """Search everything: reference, legacy reference, summary words, subject, complainant name.

    A case matches if its reference is the one typed or starts with it, or its legacy
    reference (an imported case's) is the one typed, or every word
    is in its summary, or every word fits one version of a subject's identity (name,
    collar or staff number: old numbers still find them), or every word is in one
    complainant's name. Words and text are compared folded (``common.folding``), so
    "lukasiewicz" finds "Łukasiewicz". Complainant names are searched only for roles that
    may read personal data, so a search cannot be used to probe who complained. Callers
    combine it with ``visible_to``.
    """
    text = text.strip()
    words = fold(text).split()[:MAX_SEARCH_WORDS]
    if not words:
        return false()
    clauses = [
        reference_clause(text),
        legacy_clause(text),
        _all_words(words, lambda w: _has(Case.search_summary, w)),
        _subject_clause(words, actor.forces),
    ]
    if role_can(actor.role, Permission.VIEW_PERSONAL_DATA):
        clauses.append(_complainant_clause(words, actor.forces))
    return or_(*clauses)


def _has(column: ColumnElement[str], word: str) -> ColumnElement[bool]:
    """The folded column holds the folded word (a trigram index serves it on PostgreSQL)."""
    return column.contains(word, autoescape=True)


def _is(column: ColumnElement[str | None], word: str) -> ColumnElement[bool]:
    return func.lower(column) == word


def _all_words(
    words: list[str], match: Callable[[str], ColumnElement[bool]]
) -> ColumnElement[bool]:
    return and_(*(match(w) for w in words))


def legacy_clause(text: str) -> ColumnElement[bool]:
    """An imported case's reference in the legacy system, as typed or in capitals (the
    index on ``legacy_reference`` serves both)."""
    return Case.legacy_reference.in_(sorted({text, text.upper()}))


def reference_clause(text: str) -> ColumnElement[bool]:
    """'co/2026/42' exactly, or the start of a reference ('CO/2026/000'); a bare word
    such as 'co' is not taken as a prefix, or it would match every complaint."""
    parsed = parse_reference(text)
    if "/" not in text:
        return false()
    prefix = func.upper(Case.reference).startswith(text.upper(), autoescape=True)
    if parsed is None:
        return prefix
    kind, year, number = parsed
    code, _ = split_force_code(text)
    core = f"{kind}/{year}/{number:05d}"
    exact = and_(
        Case.year == year,
        Case.number == number,
        Case.reference.endswith(core) if code is None else Case.reference == f"{code}-{core}",
    )
    return or_(exact, prefix)


def _subject_clause(words: list[str], forces: Iterable[int]) -> ColumnElement[bool]:
    """Any identity version of a subject on the case, so former names and numbers match."""
    identity = SubjectIdentity
    match = _all_words(
        words,
        lambda w: or_(
            _has(identity.search_name, w),
            _is(identity.collar_number, w),
            _is(identity.staff_number, w),
        ),
    )
    return Case.id.in_(
        select(CaseSubject.case_id)
        .join(identity, identity.subject_id == CaseSubject.subject_id)
        .where(CaseSubject.force_id.in_(sorted(forces)), match)
    )


def _complainant_clause(words: list[str], forces: Iterable[int]) -> ColumnElement[bool]:
    match = _all_words(words, lambda w: _has(Complainant.search_name, w))
    in_forces = Complainant.force_id.in_(sorted(forces))
    return Case.id.in_(select(Complainant.case_id).where(in_forces, match))


def review_queue(actor: Actor) -> Select[tuple[Case, Review]]:
    """Cases under review to the OPCC, oldest application first."""
    return (
        select(Case, Review)
        .join(Review, Review.case_id == Case.id)
        .where(
            visible_to(actor),
            Case.state == CaseState.UNDER_REVIEW,
            Review.body == ReviewBody.OPCC,
            Review.valid.is_(True),
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
        return and_(of_forces(actor), Case.restricted.is_(False))
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
    """The case with what every case page shows of it: the people it names in the case
    band and its investigation joined to it, its collections a statement each, the
    allegations' actions joined to the allegations (a statement less for each is a round
    trip less on every case page)."""
    return session.scalar(
        select(Case)
        .where(Case.id == case_id, visible_to(actor))
        .options(
            joinedload(Case.force),
            joinedload(Case.division),
            joinedload(Case.handler),
            joinedload(Case.decision_maker),
            selectinload(Case.complainants),
            selectinload(Case.allegations).joinedload(Allegation.actions_taken),
            selectinload(Case.subjects),
            selectinload(Case.contacts),
            joinedload(Case.investigation).selectinload(Investigation.reports),
            selectinload(Case.reviews),
        )
    )


def is_known_to(session: Session, actor: Actor, case_id: int) -> bool:
    """Whether this actor may learn that the case exists (``visibility.known_to``)."""
    return session.scalar(select(Case.id).where(Case.id == case_id, known_to(actor))) is not None


def case_exists(session: Session, case_id: int) -> bool:
    return bool(session.scalar(select(func.count()).select_from(Case).where(Case.id == case_id)))


def find_by_reference(session: Session, actor: Actor, text: str) -> Case | None:
    """The one case this actor may see whose reference is ``text`` (with or without the
    force's code); None when there is none, or the text fits more than one."""
    if not text.strip():
        return None
    found = session.scalars(
        select(Case).where(reference_clause(text.strip()), visible_to(actor)).limit(2)
    ).all()
    return found[0] if len(found) == 1 else None
