"""The IOPC measures of domain.md A6, one function each.

Each function's docstring is the definition the board pack prints in its appendix, so
the words and the arithmetic cannot drift apart. Counting is done by the database
(GROUP BY); where a mean needs working days, only the pairs of dates for the period are
fetched. Dates are London dates: stored instants are compared with the UTC bounds of
London midnights, and instants fetched for a mean are turned into London dates here, so
SQLite and PostgreSQL give the same answers.

Restricted cases (complaints about the chief officer among them) are left out of every
measure, with their allegations, reviews, conduct outcomes and learning: the pack is read
by people not named on them, and to those a restricted case does not exist (domain.md A8).
"""

from __future__ import annotations

import datetime as dt
import inspect
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from sqlalchemy import ColumnElement, and_, case, func, not_, or_, select
from sqlalchemy.orm import Session, aliased

from complaints.cases.allegations import read_actions
from complaints.cases.choices import (
    CaseType,
    ContactPurpose,
    DeadlineKind,
    RecordingReason,
)
from complaints.cases.deadlines import FIRST_REPORT_MONTHS, add_months
from complaints.cases.models import (
    Allegation,
    Case,
    CaseSubject,
    Complainant,
    Contact,
    EqualityMonitoring,
)
from complaints.common import workdays
from complaints.common.clock import london_date
from complaints.investigations.models import (
    ConductOutcome,
    Finding,
    Investigation,
    Proceedings,
    Sanction,
    SuspensionPeriod,
)
from complaints.learning.models import LearningItem, LearningStatus
from complaints.learning.services import overdue_clause
from complaints.reference.models import AllegationCategory, CategoryGroup, Division
from complaints.reports.periods import Period, london_midnight
from complaints.reports.tables import Figure, Kind
from complaints.reviews.models import Review, ReviewOutcome


def definition(measure: Callable) -> str:
    """A measure's docstring as one paragraph, for a table and the appendix."""
    return " ".join(inspect.getdoc(measure).split())


def mean(values: Sequence[int]) -> Figure:
    return Figure(sum(values) / len(values) if values else None, Kind.DAYS, len(values))


def share(part: int, whole: int, *, total: bool = False) -> Figure:
    return Figure(100 * part / whole if whole else None, Kind.PERCENT, whole, part, total)


RESTRICTED_NOTE = (
    "Restricted cases, complaints about the chief officer among them, are not counted in "
    "any measure of this report."
)


def _unrestricted() -> ColumnElement[bool]:
    """Cases that may be counted in a pack read by people not named on restricted ones."""
    return Case.restricted.is_(False)


def _is_complaint() -> ColumnElement[bool]:
    """An unrestricted complaint. The type test is wrapped so that SQLite does not pick the
    (type, year, number) index over the date indexes: a third of a large table would be
    scanned for a month's rows."""
    return and_(func.coalesce(Case.case_type, "") == CaseType.COMPLAINT.value, _unrestricted())


def _complaints_logged_in(period: Period) -> ColumnElement[bool]:
    return and_(
        _is_complaint(),
        Case.logged_at >= period.utc_start,
        Case.logged_at < period.utc_end,
    )


def _complaints_finalised_in(period: Period) -> ColumnElement[bool]:
    return and_(
        _is_complaint(),
        Case.finalised_at >= period.utc_start,
        Case.finalised_at < period.utc_end,
    )


def _open_at(as_at: dt.date) -> ColumnElement[bool]:
    """Logged by the end of ``as_at`` and neither finalised nor withdrawn by then."""
    end = london_midnight(as_at + dt.timedelta(days=1))
    return and_(
        _unrestricted(),
        Case.logged_at < end,
        or_(Case.finalised_at.is_(None), Case.finalised_at >= end),
        or_(Case.withdrawn_at.is_(None), Case.withdrawn_at >= end),
    )


# Volumes. -------------------------------------------------------------------------------


def cases_logged(session: Session, period: Period) -> Figure:
    """Cases logged: complaint cases whose logged date (London time) falls in the period.
    Recordable conduct matters and death or serious injury matters are not complaints and
    are not counted."""
    return Figure(session.scalar(select(func.count()).where(_complaints_logged_in(period))))


def allegations_logged(session: Session, period: Period) -> Figure:
    """Allegations logged: the allegations on the complaint cases logged in the period,
    including any added to those cases after intake."""
    query = select(func.count(Allegation.id)).join(Case).where(_complaints_logged_in(period))
    return Figure(session.scalar(query))


def cases_finalised(session: Session, period: Period) -> Figure:
    """Cases finalised: complaint cases whose finalised date (London time) falls in the
    period. Withdrawn cases are not finalised."""
    return Figure(session.scalar(select(func.count()).where(_complaints_finalised_in(period))))


def allegations_by_category(session: Session, period: Period) -> dict[str | None, int]:
    """Allegations by category: the allegations logged in the period (on complaint cases
    logged in the period) counted by the IOPC category group (A to L) of their
    category; legacy pre-2020 categories have no group."""
    query = (
        select(CategoryGroup.code, func.count(Allegation.id))
        .select_from(Allegation)
        .join(Case, Allegation.case_id == Case.id)
        .join(AllegationCategory, Allegation.category_id == AllegationCategory.id)
        .outerjoin(CategoryGroup, AllegationCategory.group_id == CategoryGroup.id)
        .where(_complaints_logged_in(period))
        .group_by(CategoryGroup.code)
    )
    return dict(session.execute(query).all())


def category_groups(session: Session) -> list[tuple[str, str]]:
    """The A4 groups in their order: (code, name)."""
    query = select(CategoryGroup.code, CategoryGroup.name).order_by(
        CategoryGroup.sort_order, CategoryGroup.code
    )
    return [tuple(row) for row in session.execute(query).all()]


def recorded_by_reason(session: Session, period: Period) -> tuple[int, dict[str | None, int]]:
    """Recorded under Schedule 3, by reason: of the complaint cases logged in the period,
    the share recorded under Schedule 3 so far, in all and for each recording reason (the
    complainant wished it, the appropriate authority decided it, the complainant was
    dissatisfied after initial handling, or recording was mandatory). Cases not recorded
    are those handled outside Schedule 3 or not yet decided."""
    query = (
        select(Case.recording_reason, func.count())
        .where(_complaints_logged_in(period), Case.recorded_at.is_not(None))
        .group_by(Case.recording_reason)
    )
    by_reason = {
        (RecordingReason(r).value if r is not None else None): n
        for r, n in session.execute(query).all()
    }
    return int(cases_logged(session, period).value or 0), by_reason


def handling_types(session: Session, period: Period) -> dict[str | None, int]:
    """Handling types: complaint cases finalised in the period, by how they were last
    handled: outside Schedule 3, otherwise than by investigation, or by a local, directed
    or independent investigation."""
    query = (
        select(Case.handling_type, func.count())
        .where(_complaints_finalised_in(period))
        .group_by(Case.handling_type)
    )
    return {_value(h): n for h, n in session.execute(query).all()}


def allegation_results(session: Session, period: Period) -> dict[str | None, int]:
    """Allegation results: the allegations on complaint cases finalised in the period, by
    their result (Schedule 3: service acceptable, not acceptable, unable to determine, no
    further action; outside Schedule 3: resolved, not resolved)."""
    query = (
        select(Allegation.result, func.count(Allegation.id))
        .join(Case, Allegation.case_id == Case.id)
        .where(_complaints_finalised_in(period))
        .group_by(Allegation.result)
    )
    return {_value(r): n for r, n in session.execute(query).all()}


def allegation_actions(session: Session, period: Period) -> tuple[int, dict[str | None, int]]:
    """Actions taken: the allegations on complaint cases finalised in the period, counted
    once for each action recorded against them (an allegation may have several). Actions
    kept only as a written note are counted as 'recorded as a note only'."""
    query = (
        select(Allegation.actions, func.count(Allegation.id))
        .join(Case, Allegation.case_id == Case.id)
        .where(_complaints_finalised_in(period))
        .group_by(Allegation.actions)
    )
    tally: Counter[str | None] = Counter()
    total = 0
    for text, n in session.execute(query):
        total += n
        recorded = read_actions(text)
        if recorded.actions:
            tally.update({action.value: n for action in recorded.actions})
        elif recorded.note:
            tally[None] += n
    return total, dict(tally)


def _value(member) -> str | None:
    return None if member is None else getattr(member, "value", member)


# Timeliness. ----------------------------------------------------------------------------


def working_days_to_log(session: Session, period: Period) -> Figure:
    """Working days to log: the mean number of working days from the date a complaint was
    received to the date it was logged, over the complaint cases logged in the period.
    Working days leave out weekends and England and Wales bank holidays; a case logged on
    the day it was received took 0 days."""
    query = select(Case.received_on, Case.logged_at).where(_complaints_logged_in(period))
    return mean(
        [
            workdays.between(received, london_date(logged))
            for received, logged in session.execute(query)
        ]
    )


def working_days_to_contact(session: Session, period: Period) -> Figure:
    """Working days to contact: the mean number of working days from the date a complaint
    was received to the date of its first contact with the complainant (the contact
    recorded as first contact), over the complaint cases whose first contact fell in the
    period. Working days leave out weekends and England and Wales bank holidays."""
    before = aliased(Contact)
    earlier = (
        select(before.id)
        .where(
            before.case_id == Case.id,
            before.purpose == ContactPurpose.FIRST_CONTACT,
            before.occurred_on < period.start,
        )
        .exists()
    )
    query = (
        select(Case.received_on, func.min(Contact.occurred_on))
        .join(Contact, Contact.case_id == Case.id)
        .where(
            _is_complaint(),
            Contact.purpose == ContactPurpose.FIRST_CONTACT,
            Contact.occurred_on >= period.start,
            Contact.occurred_on < period.end,
            not_(earlier),
        )
        .group_by(Case.id, Case.received_on)
    )
    return mean([workdays.between(received, first) for received, first in session.execute(query)])


@dataclass(frozen=True)
class FinaliseTimes:
    outside_schedule_3: Figure
    under_schedule_3: Figure
    under_schedule_3_excluding_suspensions: Figure

    def figures(self) -> tuple[Figure, Figure, Figure]:
        return (
            self.outside_schedule_3,
            self.under_schedule_3,
            self.under_schedule_3_excluding_suspensions,
        )


def days_to_finalise(session: Session, period: Period) -> FinaliseTimes:
    """Days to finalise: the mean number of calendar days from the date a complaint was
    received to the date it was finalised, over the complaint cases finalised in the
    period; given separately for cases handled wholly outside Schedule 3 and for cases
    recorded under Schedule 3, and for the latter also excluding the days their
    investigation was suspended (each suspension counted from the day it began to the day
    it ended, or to the day the case was finalised if it had not ended)."""
    query = select(Case.id, Case.received_on, Case.finalised_at, Case.recorded_at).where(
        _complaints_finalised_in(period)
    )
    outside: list[int] = []
    under: dict[int, tuple[dt.date, dt.date, int]] = {}
    for case_id, received, finalised_at, recorded_at in session.execute(query):
        finalised = london_date(finalised_at)
        days = (finalised - received).days
        if recorded_at is None:
            outside.append(days)
        else:
            under[case_id] = (received, finalised, days)
    suspended: Counter[int] = Counter()
    if under:
        periods = (
            select(Investigation.case_id, SuspensionPeriod.started_on, SuspensionPeriod.ended_on)
            .join(SuspensionPeriod, SuspensionPeriod.investigation_id == Investigation.id)
            .join(Case, Investigation.case_id == Case.id)
            .where(_complaints_finalised_in(period), Case.recorded_at.is_not(None))
        )
        for case_id, started, ended in session.execute(periods):
            received, finalised, _ = under[case_id]
            start, stop = max(started, received), min(ended or finalised, finalised)
            suspended[case_id] += max((stop - start).days, 0)
    return FinaliseTimes(
        mean(outside),
        mean([days for _, _, days in under.values()]),
        mean([days - suspended[case_id] for case_id, (_, _, days) in under.items()]),
    )


# Reviews. -------------------------------------------------------------------------------


def reviews_received(session: Session, period: Period) -> dict[str, int]:
    """Reviews received: valid review applications received in the period, by the review
    body that decides them (the OPCC or the IOPC)."""
    query = (
        select(Review.body, func.count())
        .join(Case, Review.case_id == Case.id)
        .where(
            _unrestricted(),
            Review.valid,
            Review.received_on >= period.start,
            Review.received_on < period.end,
        )
        .group_by(Review.body)
    )
    return {_value(body): n for body, n in session.execute(query).all()}


def reviews_upheld(session: Session, period: Period) -> dict[str, tuple[int, int]]:
    """Reviews upheld: of the valid reviews decided in the period, the share upheld (the
    handling was found not reasonable and proportionate), by review body."""
    upheld = func.sum(case((Review.outcome == ReviewOutcome.UPHELD, 1), else_=0))
    query = (
        select(Review.body, func.count(), upheld)
        .join(Case, Review.case_id == Case.id)
        .where(
            _unrestricted(),
            Review.valid,
            Review.decided_on.is_not(None),
            Review.decided_on >= period.start,
            Review.decided_on < period.end,
        )
        .group_by(Review.body)
    )
    return {_value(body): (n, int(u or 0)) for body, n, u in session.execute(query).all()}


# Caseload at a date. ----------------------------------------------------------------------


AGE_BANDS = (
    (3, "Under 3 months"),
    (6, "3 to 6 months"),
    (12, "6 to 12 months"),
    (None, "12 months or more"),
)


def open_cases_by_age(session: Session, as_at: dt.date) -> dict[str, int]:
    """Open caseload by age: cases of every type (complaints, conduct and DSI matters)
    logged by the end of the day and not then finalised or withdrawn, by the time since
    they were received: under 3 months, 3 to 6 months, 6 to 12 months, 12 months or
    more."""
    whens = [
        (Case.received_on > add_months(as_at, -months), label)
        for months, label in AGE_BANDS
        if months is not None
    ]
    band = case(*whens, else_=AGE_BANDS[-1][1])
    query = select(band, func.count()).where(_open_at(as_at)).group_by(band)
    return dict(session.execute(query).all())


LATENESS_BANDS = (
    (7, "1 to 7 days late"),
    (28, "8 to 28 days late"),
    (None, "More than 28 days late"),
)


def updates_overdue(session: Session, as_at: dt.date) -> dict[str, int]:
    """Updates overdue: open complaint cases whose next deadline, as the case stands when
    the pack is made, is a complainant update (every 4 weeks until the outcome is
    notified) that fell due before the day, by how late it is."""
    whens = [
        (Case.next_deadline_on >= as_at - dt.timedelta(days=days), label)
        for days, label in LATENESS_BANDS
        if days is not None
    ]
    band = case(*whens, else_=LATENESS_BANDS[-1][1])
    query = (
        select(band, func.count())
        .where(
            _is_complaint(),
            Case.next_deadline_kind == DeadlineKind.UPDATE,
            Case.next_deadline_on < as_at,
            _open_at(as_at),
        )
        .group_by(band)
    )
    return dict(session.execute(query).all())


def investigations_past_12_months(session: Session, as_at: dt.date) -> dict[str, tuple[int, int]]:
    """Investigations past 12 months: investigations open at the end of the day (started,
    report not yet submitted, case neither finalised nor withdrawn) whose case was
    received 12 months or more before, by investigation mode."""
    cutoff = add_months(as_at, -FIRST_REPORT_MONTHS)
    past = func.sum(case((Case.received_on <= cutoff, 1), else_=0))
    query = (
        select(Investigation.mode, func.count(), past)
        .join(Case, Investigation.case_id == Case.id)
        .where(
            Investigation.started_on <= as_at,
            or_(
                Investigation.report_submitted_on.is_(None),
                Investigation.report_submitted_on > as_at,
            ),
            _open_at(as_at),
        )
        .group_by(Investigation.mode)
    )
    return {_value(mode): (n, int(p or 0)) for mode, n, p in session.execute(query).all()}


def open_cases(session: Session, as_at: dt.date) -> Figure:
    """Open cases: cases of every type logged by the end of the day and not then finalised
    or withdrawn."""
    return Figure(session.scalar(select(func.count()).where(_open_at(as_at))))


# Conduct, learning. ---------------------------------------------------------------------


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


def conduct_outcomes(session: Session, period: Period) -> dict[str, int]:
    """Misconduct proceedings: the conduct outcomes decided in the period, one per subject
    of a case of any type, counted by case to answer, proceedings (misconduct meeting,
    hearing or accelerated hearing), finding, sanction, reflective practice, practice
    requiring improvement and referral to the CPS."""
    columns = (
        ConductOutcome.case_to_answer,
        ConductOutcome.proceedings,
        ConductOutcome.finding,
        ConductOutcome.sanction,
        ConductOutcome.rprp,
        ConductOutcome.practice_requiring_improvement,
        ConductOutcome.cps_referral,
    )
    query = (
        select(*columns, func.count())
        .join(CaseSubject, ConductOutcome.case_subject_id == CaseSubject.id)
        .join(Case, CaseSubject.case_id == Case.id)
        .where(
            _unrestricted(),
            ConductOutcome.decided_on >= period.start,
            ConductOutcome.decided_on < period.end,
        )
        .group_by(*columns)
    )
    tally: Counter[str] = Counter()
    for *row, n in session.execute(query):
        key = (row[0], _value(row[1]), _value(row[2]), _value(row[3]), *map(bool, row[4:]))
        for label, index, value in CONDUCT_ROWS:
            if index is None or key[index] is value or key[index] == value:
                tally[label] += n
    return {label: tally[label] for label, _, _ in CONDUCT_ROWS}


def _learning_counted() -> ColumnElement[bool]:
    """Learning not drawn from a restricted case (learning with no case is counted)."""
    restricted = select(Case.id).where(Case.id == LearningItem.case_id, Case.restricted).exists()
    return not_(restricted)


def learning_raised(session: Session, period: Period) -> Figure:
    """Learning opened: learning items raised in the period, from any source."""
    query = select(func.count()).where(
        _learning_counted(),
        LearningItem.raised_on >= period.start,
        LearningItem.raised_on < period.end,
    )
    return Figure(session.scalar(query))


def learning_implemented(session: Session, period: Period) -> Figure:
    """Learning implemented: learning items implemented, with evidence, in the period."""
    query = select(func.count()).where(
        _learning_counted(),
        LearningItem.status == LearningStatus.IMPLEMENTED,
        LearningItem.completed_on >= period.start,
        LearningItem.completed_on < period.end,
    )
    return Figure(session.scalar(query))


def learning_overdue(session: Session, as_at: dt.date) -> Figure:
    """Learning overdue: learning items raised by the day that were then past their due
    date and are neither implemented nor not accepted, or IOPC recommendations still
    unanswered after their 56 days (the learning register's own definition, applied to
    the items as they stand when the pack is made)."""
    query = select(func.count()).where(
        _learning_counted(), LearningItem.raised_on <= as_at, overdue_clause(as_at)
    )
    return Figure(session.scalar(query))


def learning_open(session: Session, as_at: dt.date) -> Figure:
    """Learning open: learning items raised by the day and not implemented by then; items
    not accepted are left out."""
    query = select(func.count()).where(
        _learning_counted(),
        LearningItem.raised_on <= as_at,
        LearningItem.status != LearningStatus.NOT_ACCEPTED,
        or_(LearningItem.completed_on.is_(None), LearningItem.completed_on > as_at),
    )
    return Figure(session.scalar(query))


# Divisions, equality. -------------------------------------------------------------------


@dataclass(frozen=True)
class DivisionFigures:
    cases: int = 0
    allegations: int = 0


def by_division(session: Session, period: Period) -> dict[str | None, DivisionFigures]:
    """By division: the complaint cases logged in the period and their allegations, by the
    division or department the case arose in."""
    cases = (
        select(Division.name, func.count(Case.id))
        .select_from(Case)
        .outerjoin(Division, Case.division_id == Division.id)
        .where(_complaints_logged_in(period))
        .group_by(Division.name)
    )
    allegations = (
        select(Division.name, func.count(Allegation.id))
        .select_from(Allegation)
        .join(Case, Allegation.case_id == Case.id)
        .outerjoin(Division, Case.division_id == Division.id)
        .where(_complaints_logged_in(period))
        .group_by(Division.name)
    )
    counted = dict(session.execute(allegations).all())
    return {
        name: DivisionFigures(n, int(counted.get(name, 0)))
        for name, n in session.execute(cases).all()
    }


def open_by_division(session: Session, as_at: dt.date) -> dict[str | None, int]:
    """Open complaints by division: complaint cases open at the end of the day, by the
    division or department the case arose in."""
    query = (
        select(Division.name, func.count(Case.id))
        .select_from(Case)
        .outerjoin(Division, Case.division_id == Division.id)
        .where(_is_complaint(), _open_at(as_at))
        .group_by(Division.name)
    )
    return dict(session.execute(query).all())


def division_names(session: Session) -> list[str]:
    query = select(Division.name).order_by(Division.kind.desc(), Division.name)
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


def equality_monitoring(session: Session, question: str, period: Period) -> dict[str | None, int]:
    """Complainant equality monitoring: the complainants on complaint cases logged in the
    period, counted by their answer to each monitoring question (as chosen from the
    question's list, 'Prefer not to say' included); complainants who did not answer are
    counted as 'Not answered'."""
    column = getattr(EqualityMonitoring, question)
    query = (
        select(column, func.count(Complainant.id))
        .select_from(Complainant)
        .join(Case, Complainant.case_id == Case.id)
        .outerjoin(EqualityMonitoring, EqualityMonitoring.complainant_id == Complainant.id)
        .where(_complaints_logged_in(period))
        .group_by(column)
    )
    return dict(session.execute(query).all())


# Trends. --------------------------------------------------------------------------------


def _monthly(session: Session, column, months: Sequence[Period], query_of) -> list[int]:
    """Counts per month in one query: a CASE puts each instant in its month."""
    bounds = [m.utc_end for m in months]
    bucket = case(*[(column < b, i) for i, b in enumerate(bounds)], else_=len(bounds))
    query = query_of(bucket).where(column >= months[0].utc_start, column < bounds[-1])
    counts = dict(session.execute(query.group_by(bucket)).all())
    return [int(counts.get(i, 0)) for i in range(len(months))]


def monthly_cases_logged(session: Session, months: Sequence[Period]) -> list[int]:
    """Cases logged per month (see Cases logged)."""
    return _monthly(
        session,
        Case.logged_at,
        months,
        lambda b: select(b, func.count()).where(_is_complaint()),
    )


def monthly_allegations_logged(session: Session, months: Sequence[Period]) -> list[int]:
    """Allegations logged per month (see Allegations logged)."""
    return _monthly(
        session,
        Case.logged_at,
        months,
        lambda b: (
            select(b, func.count(Allegation.id))
            .join(Case, Allegation.case_id == Case.id)
            .where(_is_complaint())
        ),
    )


def monthly_cases_finalised(session: Session, months: Sequence[Period]) -> list[int]:
    """Cases finalised per month (see Cases finalised)."""
    return _monthly(
        session,
        Case.finalised_at,
        months,
        lambda b: select(b, func.count()).where(_is_complaint()),
    )
