"""The measures broken down by where complaints arose and who made them: divisions, equality."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection
from dataclasses import dataclass

from sqlalchemy import (
    CTE,
    ColumnElement,
    CompoundSelect,
    Integer,
    cast,
    func,
    literal,
    select,
    union_all,
)
from sqlalchemy.orm import Session

from complaints.cases.models import Allegation, Case, Complainant, EqualityMonitoring
from complaints.reference.models import Division
from complaints.reports.periods import Period
from complaints.reports.queries.common import (
    _allegations_logged_in,
    _complaints_logged_in,
    _is_complaint,
    _open_at,
)
from complaints.retention.models import KeptEqualityCount


@dataclass(frozen=True)
class DivisionFigures:
    cases: int = 0
    allegations: int = 0


def by_division(
    session: Session, period: Period, forces: Collection[int]
) -> dict[str | None, DivisionFigures]:
    """By division: the complaint cases logged in the period, and the allegations logged in
    the period (see Allegations logged), by the division or department the case arose in."""
    cases = (
        select(Division.name, func.count(Case.id))
        .select_from(Case)
        .outerjoin(Division, Case.division_id == Division.id)
        .where(_complaints_logged_in(period, forces))
        .group_by(Division.name)
    )
    allegations = (
        select(Division.name, func.count(Allegation.id))
        .select_from(Allegation)
        .join(Case, Allegation.case_id == Case.id)
        .outerjoin(Division, Case.division_id == Division.id)
        .where(_allegations_logged_in(period, forces))
        .group_by(Division.name)
    )
    logged = dict(session.execute(cases).all())
    counted = dict(session.execute(allegations).all())
    return {
        name: DivisionFigures(int(logged.get(name, 0)), int(counted.get(name, 0)))
        for name in {**logged, **counted}
    }


def open_by_division(
    session: Session, as_at: dt.date, forces: Collection[int]
) -> dict[str | None, int]:
    """Open complaints by division: complaint cases open at the end of the day, by the
    division or department the case arose in."""
    query = (
        select(Division.name, func.count(Case.id))
        .select_from(Case)
        .outerjoin(Division, Case.division_id == Division.id)
        .where(_is_complaint(forces), _open_at(as_at, forces))
        .group_by(Division.name)
    )
    return dict(session.execute(query).all())


def division_names(session: Session, forces: Collection[int]) -> list[str]:
    """The divisions of the forces reported on, in the order the pack lists them."""
    query = (
        select(Division.name)
        .where(Division.force_id.in_(sorted(forces)))
        .order_by(Division.kind.desc(), Division.name)
    )
    return list(session.scalars(query))


EQUALITY_QUESTIONS = (
    ("age_band", "Age"),
    ("sex", "Sex"),
    ("gender_reassignment", "Gender identity"),
    ("ethnicity", "Ethnic group"),
    ("disability", "Disability"),
    ("religion", "Religion"),
    ("sexual_orientation", "Sexual orientation"),
)


def equality_monitoring(
    session: Session, question: str, period: Period, forces: Collection[int]
) -> dict[str | None, int]:
    """Complainant equality monitoring: the complainants on complaint cases logged in the
    period, counted by their answer to each monitoring question (as chosen from the
    question's list, 'Prefer not to say' included); complainants who did not answer are
    counted as 'Not answered'. The answers of complainants whose personal data was
    disposed of under the retention schedule are counted as they were, from the counts
    kept for the month the complaint was logged."""
    return equality_monitoring_by_question(session, period, forces)[question]


def equality_monitoring_by_question(
    session: Session, period: Period, forces: Collection[int]
) -> dict[str, dict[str | None, int]]:
    """``equality_monitoring`` for every question, from one statement over the period's
    complainants and one over the counts kept for those disposed of."""
    columns = [getattr(EqualityMonitoring, question) for question, _ in EQUALITY_QUESTIONS]
    answered = (
        select(*columns, func.count(Complainant.id).label("n"))
        .select_from(Complainant)
        .join(Case, Complainant.case_id == Case.id)
        .outerjoin(EqualityMonitoring, EqualityMonitoring.complainant_id == Complainant.id)
        .where(_complaints_logged_in(period, forces), Case.disposed_at.is_(None))
        .group_by(*columns)
        .cte("answered")
    )
    counted: dict[str, dict[str | None, int]] = {q: {} for q, _ in EQUALITY_QUESTIONS}
    for question, answer, n in session.execute(by_each_question(answered, answered.c.n)):
        counted[question][answer] = n
    kept = (
        select(
            KeptEqualityCount.question,
            KeptEqualityCount.answer,
            func.sum(KeptEqualityCount.complainants),
        )
        .where(
            KeptEqualityCount.force_id.in_(sorted(forces)),
            KeptEqualityCount.month >= period.start,
            KeptEqualityCount.month < period.end,
        )
        .group_by(KeptEqualityCount.question, KeptEqualityCount.answer)
    )
    for question, answer, complainants in session.execute(kept).all():
        answers = counted.setdefault(question, {})
        answers[answer or None] = answers.get(answer or None, 0) + int(complainants)
    return counted


def by_each_question(
    answered: CTE, *summed: ColumnElement, also: tuple[ColumnElement, ...] = ()
) -> CompoundSelect:
    """The counts of ``answered`` (by every question's answer at once, and ``also``) added
    up by each question's answer alone: a row for each question, answer and ``also``. The
    database adds up the thousands of combinations of answers, not Python."""
    return union_all(
        *(
            select(
                literal(question).label("question"),
                answered.c[question].label("answer"),
                *also,
                *(cast(func.sum(column), Integer) for column in summed),
            ).group_by(answered.c[question], *also)
            for question, _ in EQUALITY_QUESTIONS
        )
    )
