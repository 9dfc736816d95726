"""Cases that may be the same as, or linked to, another: caught at intake and on the
People tab, so that duplicates are merged by a person and linked cases are routed together.

Only cases the actor may see are searched or shown: a match never reveals a case that is
hidden from them (domain.md A8), and a reason never quotes another case's personal data.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, exists, func, or_, select
from sqlalchemy.orm import InstrumentedAttribute, Session

from complaints.cases.choices import CaseType
from complaints.cases.models import Allegation, Case, CaseLink, CaseSubject, Complainant
from complaints.cases.references import format_reference, parse_reference, split_force_code
from complaints.cases.visibility import visible_to
from complaints.common.actor import Actor

# How close two incident (or receipt) dates must be for the same subject to suggest a link.
MATCH_WINDOW_DAYS = 3
MOST_MATCHES = 10


@dataclass(frozen=True)
class Match:
    case: Case
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class LinkedCase:
    case: Case
    reason: str
    same_incident: bool


@dataclass(frozen=True)
class Related:
    """What the People tab shows about other cases."""

    links: list[LinkedCase]
    possible: list[Match]


def possible_matches(
    session: Session,
    actor: Actor,
    *,
    complainant_family_name: str | None = None,
    complainant_given_name: str | None = None,
    email: str | None = None,
    postcode: str | None = None,
    phone: str | None = None,
    subject_ids: Iterable[int] = (),
    incident_on: dt.date | None = None,
    received_on: dt.date | None = None,
    exclude_case_ids: Collection[int] = (),
) -> list[Match]:
    """Visible cases with the same complainant, or the same subject at about the same time;
    newest first, at most ``MOST_MATCHES``."""
    tests = _complainant_tests(
        complainant_family_name, complainant_given_name, email, postcode, phone
    )
    tests += _subject_tests(tuple(subject_ids), incident_on, received_on)
    found: dict[int, Case] = {}
    reasons: dict[int, list[str]] = {}
    for reason, clause in tests:
        query = (
            select(Case)
            .where(visible_to(actor), clause)
            .order_by(Case.received_on.desc(), Case.id.desc())
            .limit(MOST_MATCHES)
        )
        if exclude_case_ids:
            query = query.where(Case.id.not_in(list(exclude_case_ids)))
        for case in session.scalars(query):
            found[case.id] = case
            reasons.setdefault(case.id, []).append(reason)
    ordered = sorted(found.values(), key=lambda c: (c.received_on, c.id), reverse=True)
    return [Match(c, tuple(reasons[c.id])) for c in ordered[:MOST_MATCHES]]


def _clean(text: str | None) -> str:
    return " ".join((text or "").split()).lower()


def _complainant_tests(
    family: str | None,
    given: str | None,
    email: str | None,
    postcode: str | None,
    phone: str | None = None,
) -> list[tuple[str, ColumnElement[bool]]]:
    family, given, email = _clean(family), _clean(given), _clean(email)
    code = _clean(postcode).replace(" ", "").upper()
    same_family = func.lower(Complainant.family_name) == family
    tests: list[tuple[str, ColumnElement[bool]]] = []
    if family and given:
        tests.append(
            (
                "Complainant with the same name",
                and_(same_family, _lower(Complainant.given_name, given)),
            )
        )
    if email:
        tests.append(("Complainant with the same email address", _lower(Complainant.email, email)))
    if family and code:
        stored = func.upper(func.replace(Complainant.postcode, " ", ""))
        tests.append(
            ("Complainant with the same last name and postcode", and_(same_family, stored == code))
        )
    number = "".join(ch for ch in phone or "" if ch.isdigit())
    if len(number) >= 6:
        stored = func.replace(func.replace(Complainant.phone, " ", ""), "-", "")
        tests.append(("Complainant with the same phone number", stored == number))
    return [(reason, Case.id.in_(select(Complainant.case_id).where(c))) for reason, c in tests]


def _lower(column: InstrumentedAttribute[str | None], value: str) -> ColumnElement[bool]:
    return func.lower(column) == value


def _subject_tests(
    subject_ids: tuple[int, ...], incident_on: dt.date | None, received_on: dt.date | None
) -> list[tuple[str, ColumnElement[bool]]]:
    if not subject_ids or (incident_on is None and received_on is None):
        return []
    same_subject = Case.id.in_(
        select(CaseSubject.case_id).where(CaseSubject.subject_id.in_(subject_ids))
    )
    window = dt.timedelta(days=MATCH_WINDOW_DAYS)
    if incident_on is not None:
        low, high = incident_on - window, incident_on + window
        near = or_(
            Case.incident_on.between(low, high),
            exists(
                select(Allegation.id).where(
                    Allegation.case_id == Case.id, Allegation.incident_on.between(low, high)
                )
            ),
        )
        return [
            (f"Same subject, incident within {MATCH_WINDOW_DAYS} days", and_(same_subject, near))
        ]
    assert received_on is not None
    near = Case.received_on.between(received_on - window, received_on + window)
    return [(f"Same subject, received within {MATCH_WINDOW_DAYS} days", and_(same_subject, near))]


def links_of(session: Session, actor: Actor, case: Case) -> list[LinkedCase]:
    """The case's links in both directions, to cases this actor may see."""
    rows = session.scalars(
        select(CaseLink).where(or_(CaseLink.case_id == case.id, CaseLink.linked_case_id == case.id))
    ).all()
    other = {(row.linked_case_id if row.case_id == case.id else row.case_id): row for row in rows}
    if not other:
        return []
    visible = session.scalars(
        select(Case)
        .where(Case.id.in_(list(other)), visible_to(actor))
        .order_by(Case.received_on.desc(), Case.id.desc())
    )
    return [LinkedCase(c, other[c.id].reason, other[c.id].same_incident) for c in visible]


def linked_ids(session: Session, case: Case) -> set[int]:
    """Every case linked to this one, seen or not: never offered again as a possible link."""
    rows = session.execute(
        select(CaseLink.case_id, CaseLink.linked_case_id).where(
            or_(CaseLink.case_id == case.id, CaseLink.linked_case_id == case.id)
        )
    )
    return {a if b == case.id else b for a, b in rows}


def related_to(session: Session, actor: Actor, case: Case, *, suggest: bool) -> Related:
    """Links to show, and (for someone who may link cases) cases with the same subject
    at about the same time that are not linked yet."""
    links = links_of(session, actor, case)
    possible: list[Match] = []
    if suggest and case.subjects:
        incident = case.incident_on or min(
            (a.incident_on for a in case.allegations if a.incident_on), default=None
        )
        possible = possible_matches(
            session,
            actor,
            subject_ids=[s.subject_id for s in case.subjects],
            incident_on=incident,
            received_on=case.received_on,
            exclude_case_ids={case.id} | linked_ids(session, case),
        )
    return Related(links, possible)


def find_by_reference(session: Session, actor: Actor, text: str) -> Case | None:
    """The case with this reference if the actor may see it: a hidden case and a missing
    one give the same answer."""
    parsed = parse_reference(text or "")
    if parsed is None:
        return None
    prefix, year, number = parsed
    case_type = next(t for t in CaseType if t.prefix == prefix)
    if year < 1 or number < 1:
        return None
    code, _ = split_force_code(text)
    reference = format_reference(case_type, year, number, code)
    same = Case.reference == reference if code else Case.reference.endswith(reference)
    return session.scalar(select(Case).where(same, visible_to(actor)).order_by(Case.id))
