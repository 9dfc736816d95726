"""The retention schedule and when each case falls due for review: the one home of the
rule (domain.md A12).

A case falls due once it has closed (finalised or withdrawn) and its force's period for
its kind has passed since; a case under a legal hold, still open, or already disposed of
is never due. Its kind is its type and whether any officer on it was found to have
committed misconduct or gross misconduct. Where the rule counts from the end of the
officer's service, the end is not recorded in this product, so the period after closure
applies (the rule's own words say so).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from sqlalchemy import exists, func, select
from sqlalchemy.orm import Session

from complaints.cases.choices import CaseState, CaseType
from complaints.cases.deadlines import add_months
from complaints.cases.models import Case, CaseSubject
from complaints.common.clock import london_date
from complaints.investigations.models import ConductOutcome, Finding
from complaints.reports.periods import london_midnight
from complaints.retention.models import LegalHold, RetentionRule

CLOSED = (CaseState.FINALISED, CaseState.WITHDRAWN)
MISCONDUCT = (Finding.MISCONDUCT, Finding.GROSS_MISCONDUCT)
# (case type, misconduct found) -> (years after closure, years after service): what a
# force's schedule says until an administrator changes it (migration 0035 seeds the same).
DEFAULTS: dict[tuple[CaseType, bool], tuple[int, int | None]] = {
    (CaseType.COMPLAINT, False): (6, None),
    (CaseType.COMPLAINT, True): (30, 6),
    (CaseType.CONDUCT_MATTER, False): (6, None),
    (CaseType.CONDUCT_MATTER, True): (30, 6),
    (CaseType.DSI_MATTER, False): (30, None),
    (CaseType.DSI_MATTER, True): (30, 6),
}
LISTED = 500  # cases a review list shows at once


@dataclass(frozen=True)
class Rule:
    """One line of a force's schedule, stored or (not yet set) the default."""

    force_id: int
    case_type: CaseType
    misconduct_found: bool
    years_after_closure: int
    years_after_service: int | None
    stored: RetentionRule | None = None

    @property
    def kind(self) -> str:
        finding = "a misconduct finding" if self.misconduct_found else "no misconduct finding"
        return f"{self.case_type.label}, {finding}"

    @property
    def words(self) -> str:
        closure = f"{_years(self.years_after_closure)} after the case closed"
        if self.years_after_service is None:
            return f"Review {closure}"
        return (
            f"Review {_years(self.years_after_service)} after the officer's service ends; "
            f"{closure} while that is not known"
        )


def _years(n: int) -> str:
    return f"{n} year{'s' if n != 1 else ''}"


def schedule(session: Session, force_id: int) -> list[Rule]:
    """A force's schedule, every kind of case in order, defaults where none is stored."""
    stored = {
        (r.case_type, r.misconduct_found): r
        for r in session.scalars(select(RetentionRule).where(RetentionRule.force_id == force_id))
    }
    rules = []
    for (case_type, found), (closure, service) in DEFAULTS.items():
        row = stored.get((case_type, found))
        rules.append(
            Rule(
                force_id,
                case_type,
                found,
                row.years_after_closure if row else closure,
                row.years_after_service if row else service,
                row,
            )
        )
    return rules


def rule_for(rules: Iterable[Rule], case: Case, misconduct_found: bool) -> Rule:
    return next(
        r for r in rules if r.case_type == case.case_type and r.misconduct_found == misconduct_found
    )


def closed_on(case: Case) -> dt.date | None:
    """The day (in London) the case closed, or None while it is open."""
    if case.state not in CLOSED:
        return None
    moment = case.finalised_at if case.state == CaseState.FINALISED else case.withdrawn_at
    return london_date(moment) if moment else None


def review_due_on(closed: dt.date, rule: Rule, service_ended_on: dt.date | None = None) -> dt.date:
    """When the schedule says a case closed on ``closed`` is to be reviewed."""
    if rule.years_after_service is not None and service_ended_on is not None:
        return add_months(service_ended_on, 12 * rule.years_after_service)
    return add_months(closed, 12 * rule.years_after_closure)


def found_misconduct(session: Session, case_ids: Collection[int]) -> set[int]:
    """Which of these cases have an officer found to have committed misconduct."""
    if not case_ids:
        return set()
    query = (
        select(CaseSubject.case_id)
        .join(ConductOutcome, ConductOutcome.case_subject_id == CaseSubject.id)
        .where(CaseSubject.case_id.in_(sorted(case_ids)), ConductOutcome.finding.in_(MISCONDUCT))
    )
    return set(session.scalars(query))


def on_hold(session: Session, case_id: int) -> LegalHold | None:
    """The legal hold standing on a case, if any."""
    return session.scalars(
        select(LegalHold).where(LegalHold.case_id == case_id, LegalHold.lifted_at.is_(None))
    ).first()


def _held():
    return exists().where(LegalHold.case_id == Case.id, LegalHold.lifted_at.is_(None))


@dataclass(frozen=True)
class Due:
    case: Case
    closed_on: dt.date
    due_on: dt.date
    rule: Rule


def due_on_for(session: Session, case: Case) -> Due | None:
    """When this case falls due, if it is closed, not held and not yet disposed of."""
    closed = closed_on(case)
    if closed is None or case.disposed_at is not None or on_hold(session, case.id):
        return None
    found = case.id in found_misconduct(session, [case.id])
    rule = rule_for(schedule(session, case.force_id), case, found)
    return Due(case, closed, review_due_on(closed, rule), rule)


CLOSED_AT = func.coalesce(Case.finalised_at, Case.withdrawn_at)


def _due_under(rule: Rule, today: dt.date):
    """The cases of this rule's force and kind whose review date under it has passed,
    none held and none disposed of: a case closed on day D is due from D plus the years,
    so it is due today if it closed before the day after today less the years."""
    day_after = add_months(today, -12 * rule.years_after_closure) + dt.timedelta(days=1)
    cutoff = london_midnight(day_after)
    found = (
        exists()
        .where(CaseSubject.case_id == Case.id)
        .where(ConductOutcome.case_subject_id == CaseSubject.id)
        .where(ConductOutcome.finding.in_(MISCONDUCT))
    )
    return (
        Case.force_id == rule.force_id,
        Case.case_type == rule.case_type,
        Case.state.in_(CLOSED),
        Case.disposed_at.is_(None),
        cutoff > CLOSED_AT,
        found if rule.misconduct_found else ~found,
        ~_held(),
    )


def due_for_review(
    session: Session, force_ids: Collection[int], today: dt.date, limit: int = LISTED
) -> list[Due]:
    """The closed cases of these forces whose review date has passed, longest due first
    (at most ``limit``): none held, none disposed of. One query for each line of each
    force's schedule, driven by the closing dates."""
    found: list[Due] = []
    for force_id in sorted(force_ids):
        for rule in schedule(session, force_id):
            query = select(Case).where(*_due_under(rule, today)).order_by(CLOSED_AT, Case.id)
            for case in session.scalars(query.limit(limit)):
                closed = closed_on(case)
                if closed is not None:
                    found.append(Due(case, closed, review_due_on(closed, rule), rule))
    found.sort(key=lambda d: (d.due_on, d.case.id))
    return found[:limit]


def count_due(session: Session, force_id: int, today: dt.date) -> int:
    """How many of a force's cases are due for review, without loading them."""
    return sum(
        session.scalar(select(func.count(Case.id)).where(*_due_under(rule, today))) or 0
        for rule in schedule(session, force_id)
    )
