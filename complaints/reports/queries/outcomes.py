"""The measures of what came of complaints: allegation results and actions, reviews, conduct."""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection

from sqlalchemy import Select, and_, case, exists, func, select
from sqlalchemy.orm import Session

from complaints.cases.models import ActionTaken, Allegation, Case, CaseSubject
from complaints.investigations.models import ConductOutcome, Finding, Proceedings, Sanction
from complaints.reports.periods import Period
from complaints.reports.queries.common import _complaints_finalised_in, _counted, _value
from complaints.reviews.models import Review, ReviewOutcome


def allegation_results(
    session: Session, period: Period, forces: Collection[int]
) -> dict[str | None, int]:
    """Allegation results: the allegations on complaint cases finalised in the period, by
    their result (Schedule 3: service acceptable, not acceptable, unable to determine, no
    further action; outside Schedule 3: resolved, not resolved)."""
    query = (
        select(Allegation.result, func.count(Allegation.id))
        .join(Case, Allegation.case_id == Case.id)
        .where(_complaints_finalised_in(period, forces))
        .group_by(Allegation.result)
    )
    return {_value(r): n for r, n in session.execute(query).all()}


def allegation_actions(
    session: Session, period: Period, forces: Collection[int]
) -> tuple[int, dict[str | None, int]]:
    """Actions taken: the allegations on complaint cases finalised in the period, counted
    once for each action recorded against them as a code (an allegation may have several).
    An allegation with no action but a written note is counted as 'recorded as a note
    only'; the note's words are never read as actions."""
    finalised = _complaints_finalised_in(period, forces)
    # The period's allegations counted in all, and those with a note but no action, in one
    # reading of them; whether an action exists is asked only of those with a note.
    note_only = case(
        (
            and_(
                func.coalesce(func.trim(Allegation.action_note), "") != "",
                ~exists().where(ActionTaken.allegation_id == Allegation.id),
            ),
            1,
        ),
        else_=0,
    )
    total, noted = session.execute(
        select(func.count(Allegation.id), func.sum(note_only))
        .join(Case, Allegation.case_id == Case.id)
        .where(finalised)
    ).one()
    by_code = (
        select(ActionTaken.code, func.count())
        .where(
            ActionTaken.allegation_id.in_(
                select(Allegation.id).join(Case, Allegation.case_id == Case.id).where(finalised)
            )
        )
        .group_by(ActionTaken.code)
    )
    tally: dict[str | None, int] = {_value(code): n for code, n in session.execute(by_code)}
    if noted:
        tally[None] = int(noted)
    return total or 0, tally


# Reviews. -------------------------------------------------------------------------------


def reviews_received(session: Session, period: Period, forces: Collection[int]) -> dict[str, int]:
    """Reviews received: valid review applications received in the period, by the review
    body that decides them (the OPCC or the IOPC)."""
    query = (
        select(Review.body, func.count())
        .join(Case, Review.case_id == Case.id)
        .where(
            _counted(forces),
            Review.valid,
            Review.received_on >= period.start,
            Review.received_on < period.end,
        )
        .group_by(Review.body)
    )
    return {_value(body): n for body, n in session.execute(query).all()}


def reviews_upheld(
    session: Session, period: Period, forces: Collection[int]
) -> dict[str, tuple[int, int]]:
    """Reviews upheld: of the valid reviews decided in the period, the share upheld (the
    handling was found not reasonable and proportionate), by review body."""
    upheld = func.sum(case((Review.outcome == ReviewOutcome.UPHELD, 1), else_=0))
    query = (
        select(Review.body, func.count(), upheld)
        .join(Case, Review.case_id == Case.id)
        .where(
            _counted(forces),
            Review.valid,
            Review.decided_on.is_not(None),
            Review.decided_on >= period.start,
            Review.decided_on < period.end,
        )
        .group_by(Review.body)
    )
    return {_value(body): (n, int(u or 0)) for body, n, u in session.execute(query).all()}


# Conduct. -------------------------------------------------------------------------------


# Each row counts the outcomes whose field (an index into the grouped columns) has a value.
CONDUCT_ROWS: tuple[tuple[str, int | None, object], ...] = (
    ("Subjects with a conduct outcome", None, None),
    ("Case to answer", 0, True),
    ("No case to answer", 0, False),
    *((p.label, 1, p.value) for p in Proceedings),
    *((f.label, 2, f.value) for f in Finding),
    *((s.label, 3, s.value) for s in Sanction),
    ("Reflective practice review process", 4, True),
    ("Practice requiring improvement", 5, True),
    ("Referred to the CPS", 6, True),
)


def decided_in(query: Select, period: Period, forces: Collection[int]) -> Select:
    """The conduct outcomes a period's figures count: decided in the period, one per
    subject of a counted case of any type (``query`` selects from ``ConductOutcome``)."""
    return (
        query.join(CaseSubject, ConductOutcome.case_subject_id == CaseSubject.id)
        .join(Case, CaseSubject.case_id == Case.id)
        .where(
            _counted(forces),
            ConductOutcome.decided_on >= period.start,
            ConductOutcome.decided_on < period.end,
        )
    )


def conduct_outcomes(session: Session, period: Period, forces: Collection[int]) -> dict[str, int]:
    """Misconduct proceedings: the conduct outcomes decided in the period, one per subject
    of a case of any type, counted by case to answer, proceedings (misconduct meeting,
    hearing or accelerated hearing), finding, sanction, reflective practice, practice
    requiring improvement and referral to the CPS."""
    columns = CONDUCT_COLUMNS
    query = decided_in(select(*columns, func.count()), period, forces).group_by(*columns)
    tally: Counter[str] = Counter()
    for *row, n in session.execute(query):
        tally.update(dict.fromkeys(conduct_labels(row), n))
    return {label: tally[label] for label, _, _ in CONDUCT_ROWS}


# The columns a conduct outcome is counted by, in the order of CONDUCT_ROWS' indexes.
CONDUCT_COLUMNS = (
    ConductOutcome.case_to_answer,
    ConductOutcome.proceedings,
    ConductOutcome.finding,
    ConductOutcome.sanction,
    ConductOutcome.rprp,
    ConductOutcome.practice_requiring_improvement,
    ConductOutcome.cps_referral,
)


def conduct_labels(row) -> list[str]:
    """The rows of CONDUCT_ROWS that one outcome (its CONDUCT_COLUMNS' values) counts in."""
    key = (row[0], _value(row[1]), _value(row[2]), _value(row[3]), *map(bool, row[4:]))
    return [
        label
        for label, index, value in CONDUCT_ROWS
        if index is None or key[index] is value or key[index] == value
    ]
