"""The checks the IOPC applies to a data return, run before it is sent, with the records
that fail them, so that the force corrects its data first.

- **Totals agree**: the tables add up to the return's own totals.
- **No case counted twice**: two complaints from the same person, received the same day
  and not linked to each other, are listed as possibly one complaint logged twice.
- **Dates in order**: a case cannot be logged before it was received, recorded before it
  was logged, have its outcome decided before it was recorded, be notified of it before it
  was decided, or be finalised before it was logged; first contact cannot come before the
  complaint was received.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections import defaultdict
from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session

from complaints.cases.choices import ContactPurpose
from complaints.cases.models import Case, CaseLink, Complainant, Contact
from complaints.common.clock import london_date
from complaints.reports.periods import Period
from complaints.reports.queries.common import _complaints_finalised_in, _complaints_logged_in
from complaints.returns.iopc import ReturnTable


@dataclass(frozen=True)
class Failure:
    rule: str  # "totals", "counted twice" or "dates"
    detail: str
    references: tuple[str, ...] = ()  # the cases to correct, if the failure is a record's


def _table(tables: list[ReturnTable], filename: str) -> ReturnTable:
    return next(t for t in tables if t.filename == filename)


def _summary(tables: list[ReturnTable], measure: str) -> int:
    summary = _table(tables, "summary.csv")
    return int(
        dict(zip(summary.column("measure"), summary.column("value"), strict=True))[measure] or 0
    )


def totals(tables: list[ReturnTable]) -> list[Failure]:
    checks = (
        ("allegations_by_category.csv", "allegations", "allegations_logged"),
        ("recording.csv", "cases", "cases_recorded"),
        ("handling.csv", "cases_finalised", "cases_finalised"),
    )
    failures = []
    for filename, column, measure in checks:
        added = sum(_table(tables, filename).column(column))
        total = _summary(tables, measure)
        if added != total:
            failures.append(
                Failure("totals", f"{filename} adds up to {added}, but {measure} is {total}")
            )
    return failures


def _in_scope(period: Period, forces: Collection[int]):
    return or_(_complaints_logged_in(period, forces), _complaints_finalised_in(period, forces))


def counted_twice(session: Session, period: Period, forces: Collection[int]) -> list[Failure]:
    cases = select(Case.id).where(_in_scope(period, forces))
    rows = session.execute(
        select(Case.id, Case.reference, Case.received_on, Complainant.search_name)
        .join(Complainant, Complainant.case_id == Case.id)
        .where(Case.id.in_(cases), Complainant.search_name != "")
        .order_by(Case.id)
    ).all()
    groups: dict[tuple[dt.date, str], dict[int, str]] = defaultdict(dict)
    for case_id, reference, received, name in rows:
        groups[(received, name)][case_id] = reference
    linked = {
        frozenset(pair)
        for pair in session.execute(select(CaseLink.case_id, CaseLink.linked_case_id)).all()
    }
    failures = []
    for (received, _), found in groups.items():
        ids = sorted(found)
        unlinked = [
            (a, b)
            for i, a in enumerate(ids)
            for b in ids[i + 1 :]
            if frozenset((a, b)) not in linked
        ]
        if unlinked:
            references = tuple(sorted({found[i] for pair in unlinked for i in pair}))
            failures.append(
                Failure(
                    "counted twice",
                    f"The same complainant, received {received:%d/%m/%Y}, in cases not linked "
                    "to each other: one complaint may have been logged twice",
                    references,
                )
            )
    return failures


def _order_problems(case: Case, contacted: dt.date | None) -> list[str]:
    steps = (
        ("received", case.received_on),
        ("logged", london_date(case.logged_at)),
        ("recorded", case.recorded_at and london_date(case.recorded_at)),
        ("outcome decided", case.outcome_determined_at and london_date(case.outcome_determined_at)),
        ("outcome notified", case.outcome_notified_at and london_date(case.outcome_notified_at)),
    )
    problems = []
    known = [(name, day) for name, day in steps if day is not None]
    for (before, first), (after, then) in itertools.pairwise(known):
        if then < first:
            problems.append(f"{after} {then:%d/%m/%Y} is before {before} {first:%d/%m/%Y}")
    if case.finalised_at is not None:
        finalised = london_date(case.finalised_at)
        logged = london_date(case.logged_at)
        if finalised < logged:
            problems.append(f"finalised {finalised:%d/%m/%Y} is before logged {logged:%d/%m/%Y}")
    if contacted is not None and contacted < case.received_on:
        problems.append(
            f"first contact {contacted:%d/%m/%Y} is before received {case.received_on:%d/%m/%Y}"
        )
    return problems


def dates_out_of_order(session: Session, period: Period, forces: Collection[int]) -> list[Failure]:
    scoped = list(session.scalars(select(Case).where(_in_scope(period, forces)).order_by(Case.id)))
    first_contact = dict(
        session.execute(
            select(Contact.case_id, func.min(Contact.occurred_on))
            .where(
                Contact.case_id.in_([c.id for c in scoped]),
                Contact.purpose == ContactPurpose.FIRST_CONTACT,
            )
            .group_by(Contact.case_id)
        ).all()
    )
    failures = []
    for case in scoped:
        problems = _order_problems(case, first_contact.get(case.id))
        if problems:
            failures.append(Failure("dates", "; ".join(problems), (case.reference,)))
    return failures


def validate(
    session: Session, period: Period, forces: Collection[int], tables: list[ReturnTable]
) -> list[Failure]:
    """Every failure, totals first, then the records to correct."""
    return [
        *totals(tables),
        *counted_twice(session, period, forces),
        *dates_out_of_order(session, period, forces),
    ]
