"""The counts the disproportionality analysis compares, by complainants' and subjects' groups.

Each function counts in the database by the answer given, then adds answers up into the
groups compared (``disproportionality.group_of``): no answer and 'Prefer not to say' fall
out here. Each docstring is the definition the board pack prints.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Collection

from sqlalchemy import (
    case,
    func,
    select,
)
from sqlalchemy.orm import Session

from complaints.cases.models import Allegation, Case, CaseSubject, Complainant, EqualityMonitoring
from complaints.investigations.models import ConductOutcome
from complaints.reference.models import AllegationCategory, CategoryGroup
from complaints.reports.disproportionality import group_of
from complaints.reports.periods import Period
from complaints.reports.queries.breakdowns import EQUALITY_QUESTIONS, by_each_question
from complaints.reports.queries.common import (
    _allegation_is_counted,
    _complaints_finalised_in,
    _complaints_logged_in,
    _value,
)
from complaints.reports.queries.outcomes import CONDUCT_COLUMNS, conduct_labels, decided_in
from complaints.workforce.models import SubjectCharacteristics, WorkforceGroup

DISCRIMINATORY = "F"  # the A4 group of discriminatory-behaviour allegations
REFERRED = "Referred to misconduct proceedings"


def complainant_groups(
    session: Session, question: str, period: Period, forces: Collection[int]
) -> dict[str, tuple[int, int]]:
    """Complaints and discriminatory behaviour, by complainants' group: the complainants on
    complaint cases logged in the period with a known answer, by group, and how many of
    them are on a case with an allegation of discriminatory behaviour (category F)."""
    return complainant_groups_by_question(session, period, forces)[question]


def complainant_groups_by_question(
    session: Session, period: Period, forces: Collection[int]
) -> dict[str, dict[str, tuple[int, int]]]:
    """``complainant_groups`` for every monitoring question, from one statement that counts
    by all the answers together: the period's complainants are read once, not once a
    question."""
    columns = [getattr(EqualityMonitoring, question) for question, _ in EQUALITY_QUESTIONS]
    # The period's cases with such an allegation, found once and joined, rather than
    # looked for again under each complainant's row. An allegation is logged with its
    # case or later, never before, so only those logged since the period began are read,
    # not every discriminatory allegation in the force's history.
    discriminatory = (
        select(Allegation.case_id)
        .join(Case, Allegation.case_id == Case.id)
        .join(AllegationCategory, AllegationCategory.id == Allegation.category_id)
        .join(CategoryGroup, CategoryGroup.id == AllegationCategory.group_id)
        .where(
            _allegation_is_counted(forces),
            Allegation.logged_at >= period.utc_start,
            _complaints_logged_in(period, forces),
            CategoryGroup.code == DISCRIMINATORY,
        )
        .distinct()
        .subquery()
    )
    alleged = func.sum(case((discriminatory.c.case_id.is_not(None), 1), else_=0))
    answered = (
        select(*columns, func.count(Complainant.id).label("n"), alleged.label("alleged"))
        .select_from(Complainant)
        .join(Case, Complainant.case_id == Case.id)
        .join(EqualityMonitoring, EqualityMonitoring.complainant_id == Complainant.id)
        .outerjoin(discriminatory, discriminatory.c.case_id == Case.id)
        .where(_complaints_logged_in(period, forces))
        .group_by(*columns)
        .cte("answered")
    )
    out: dict[str, dict[str, tuple[int, int]]] = {q: {} for q, _ in EQUALITY_QUESTIONS}
    for question, answer, n, were_alleged in session.execute(
        by_each_question(answered, answered.c.n, answered.c.alleged)
    ):
        group = group_of(question, answer)
        if group is not None:
            a, total = out[question].get(group, (0, 0))
            out[question][group] = (a + int(were_alleged or 0), total + n)
    return out


def complainant_results(
    session: Session, question: str, period: Period, forces: Collection[int]
) -> dict[str, Counter[str]]:
    """Results by complainants' group: the allegations with a result on complaint cases
    finalised in the period, counted once for each complainant on the case with a known
    answer, by the complainant's group and the allegation's result."""
    return complainant_results_by_question(session, period, forces)[question]


def complainant_results_by_question(
    session: Session, period: Period, forces: Collection[int]
) -> dict[str, dict[str, Counter[str]]]:
    """``complainant_results`` for every monitoring question, from one statement."""
    columns = [getattr(EqualityMonitoring, question) for question, _ in EQUALITY_QUESTIONS]
    answered = (
        select(*columns, Allegation.result, func.count(Allegation.id).label("n"))
        .select_from(Allegation)
        .join(Case, Allegation.case_id == Case.id)
        .join(Complainant, Complainant.case_id == Case.id)
        .join(EqualityMonitoring, EqualityMonitoring.complainant_id == Complainant.id)
        .where(_complaints_finalised_in(period, forces), Allegation.result.is_not(None))
        .group_by(*columns, Allegation.result)
        .cte("answered")
    )
    by_result = by_each_question(answered, answered.c.n, also=(answered.c.result,))
    out: dict[str, dict[str, Counter[str]]] = {q: {} for q, _ in EQUALITY_QUESTIONS}
    for question, answer, result, n in session.execute(by_result):
        group = group_of(question, answer)
        if group is not None:
            out[question].setdefault(group, Counter())[_value(result)] += n
    return out


def subjects_named(
    session: Session, characteristic: str, period: Period, forces: Collection[int]
) -> dict[str, tuple[int, int, int]]:
    """Subjects named and recorded, by subjects' group: the subjects named on complaint
    cases logged in the period whose characteristic is known (a person named on two
    cases counts twice), by group; how many of those cases have been recorded under
    Schedule 3; and how many different people they are (for the rate per 100)."""
    column = getattr(SubjectCharacteristics, characteristic)
    recorded = func.sum(case((Case.recorded_at.is_not(None), 1), else_=0))
    query = (
        select(
            column,
            func.count(CaseSubject.id),
            recorded,
            func.count(func.distinct(CaseSubject.subject_id)),
        )
        .select_from(CaseSubject)
        .join(Case, CaseSubject.case_id == Case.id)
        .join(SubjectCharacteristics, SubjectCharacteristics.subject_id == CaseSubject.subject_id)
        .where(_complaints_logged_in(period, forces))
        .group_by(column)
    )
    groups: dict[str, tuple[int, int, int]] = {}
    for answer, named, was_recorded, people in session.execute(query):
        group = group_of(characteristic, answer)
        if group is not None:
            n, r, p = groups.get(group, (0, 0, 0))
            groups[group] = (n + named, r + int(was_recorded or 0), p + people)
    return groups


def subject_outcomes(
    session: Session, characteristic: str, period: Period, forces: Collection[int]
) -> dict[str, Counter[str]]:
    """Misconduct proceedings and outcomes, by subjects' group: the conduct outcomes
    decided in the period for subjects of cases of any type whose characteristic is known
    (see Misconduct proceedings), by group, counted by referral to misconduct proceedings
    (a meeting, hearing or accelerated hearing) and each outcome."""
    column = getattr(SubjectCharacteristics, characteristic)
    counted = select(column, *CONDUCT_COLUMNS, func.count()).select_from(ConductOutcome)
    query = (
        decided_in(counted, period, forces)
        .join(SubjectCharacteristics, SubjectCharacteristics.subject_id == CaseSubject.subject_id)
        .group_by(column, *CONDUCT_COLUMNS)
    )
    groups: dict[str, Counter[str]] = {}
    for answer, *row, n in session.execute(query):
        group = group_of(characteristic, answer)
        if group is None:
            continue
        tally = groups.setdefault(group, Counter())
        tally.update(dict.fromkeys(conduct_labels(row), n))
        if row[1] is not None:
            tally[REFERRED] += n
    return groups


def workforce_profile(
    session: Session, characteristic: str, forces: Collection[int]
) -> dict[str, int] | None:
    """Workforce profile: the officers and staff of the forces reported on in each group,
    as each force's administrator entered it; none unless every force has entered it."""
    query = select(WorkforceGroup.force_id, WorkforceGroup.group, WorkforceGroup.headcount).where(
        WorkforceGroup.force_id.in_(sorted(forces)),
        WorkforceGroup.characteristic == characteristic,
    )
    rows = session.execute(query).all()
    if not forces or {force for force, _, _ in rows} != set(forces):
        return None
    profile: Counter[str] = Counter()
    for _, group, headcount in rows:
        profile[group] += headcount
    return dict(profile) if sum(profile.values()) else None
