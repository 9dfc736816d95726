"""What a dip-sample reviewer sees beside the checklist, and a sample's results in figures.

The facts are computed from the case, never typed, so the reviewer judges the record
against the same clocks the force is measured by (A5, A6). The results feed the sample
page and the sample report PDF alike, so the two always agree.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass

from complaints.cases.choices import CaseType, ContactPurpose
from complaints.cases.deadlines import UPDATE_INTERVAL_DAYS
from complaints.cases.models import Case
from complaints.common import workdays
from complaints.common.clock import london_date
from complaints.oversight.models import CHECKLIST, Answer, DipSample, Stratum


@dataclass(frozen=True)
class Letter:
    sent_on: dt.date
    name: str


@dataclass(frozen=True)
class CaseFacts:
    handling: str
    recording: str
    received_on: dt.date
    first_contact_on: dt.date | None
    working_days_to_contact: int | None
    contact_not_possible: bool
    updates_due: int  # four-week periods in which the complainant should hear something
    updates_overdue: int  # of those, how many passed without a contact
    longest_gap_days: int | None
    letters: tuple[Letter, ...]
    outcome_letter_working_days: int | None
    review_body: str | None
    reviews: int
    days_to_finalise: int | None
    has_complainant: bool


def case_facts(case: Case, stratum: Stratum) -> CaseFacts:
    contacts = sorted(case.contacts, key=lambda c: (c.occurred_on, c.id))
    # The first contact as A6 counts it: the one made for that purpose.
    first = next((c for c in contacts if c.purpose == ContactPurpose.FIRST_CONTACT), None)
    first_on = first.occurred_on if first else None
    due, overdue, longest = _update_gaps(case, [c.occurred_on for c in contacts])
    determined, notified = case.outcome_determined_at, case.outcome_notified_at
    return CaseFacts(
        handling=case.handling_type.label if case.handling_type else stratum.label,
        recording=case.recording_reason.label if case.recording_reason else "Not recorded",
        received_on=case.received_on,
        first_contact_on=first_on,
        working_days_to_contact=(
            workdays.between(case.received_on, first_on) if first_on is not None else None
        ),
        contact_not_possible=bool(case.contact_not_possible_reason),
        updates_due=due,
        updates_overdue=overdue,
        longest_gap_days=longest,
        letters=tuple(
            Letter(c.occurred_on, c.attachment.filename)
            for c in contacts
            if c.attachment is not None
        ),
        outcome_letter_working_days=(
            workdays.between(london_date(determined), london_date(notified))
            if determined is not None and notified is not None
            else None
        ),
        review_body=case.review_body.label if case.review_body else None,
        reviews=len(case.reviews),
        days_to_finalise=(
            (london_date(case.finalised_at) - case.received_on).days
            if case.finalised_at is not None
            else None
        ),
        has_complainant=case.case_type == CaseType.COMPLAINT,
    )


def _update_gaps(case: Case, contact_days: list[dt.date]) -> tuple[int, int, int | None]:
    """Four-weekly updates from the start of handling until the outcome was notified (or
    the case finalised): how many were due, how many were missed, the longest silence."""
    started = [t for t in (case.handled_outside_at, case.recorded_at) if t is not None]
    ended = case.outcome_notified_at or case.finalised_at
    if case.case_type != CaseType.COMPLAINT or not started or ended is None:
        return 0, 0, None
    start, end = london_date(min(started)), london_date(ended)
    marks = [start, *(d for d in contact_days if start < d <= end), end]
    gaps = [(b - a).days for a, b in itertools.pairwise(marks)]
    due = sum(gap // UPDATE_INTERVAL_DAYS for gap in gaps)
    overdue = sum(max(0, (gap - 1) // UPDATE_INTERVAL_DAYS) for gap in gaps)
    return due, overdue, max(gaps) if gaps else None


@dataclass(frozen=True)
class StratumCount:
    stratum: Stratum
    drawn: int
    reviewed: int


@dataclass(frozen=True)
class QuestionResult:
    column: str
    question: str
    yes: int
    no: int
    not_applicable: int
    not_reviewed: int


@dataclass(frozen=True)
class Finding:
    reference: str
    stratum: Stratum
    text: str
    learning_id: int | None
    learning_theme: str | None


@dataclass(frozen=True)
class SampleResults:
    drawn: int
    reviewed: int
    strata: tuple[StratumCount, ...]
    questions: tuple[QuestionResult, ...]
    findings: tuple[Finding, ...]

    @property
    def learning(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.learning_id is not None)


def results(sample: DipSample) -> SampleResults:
    rows = sample.cases
    reviewed = [r for r in rows if r.reviewed_at is not None]
    return SampleResults(
        drawn=len(rows),
        reviewed=len(reviewed),
        strata=tuple(
            StratumCount(
                s,
                sum(1 for r in rows if r.stratum == s),
                sum(1 for r in reviewed if r.stratum == s),
            )
            for s in Stratum
            if any(r.stratum == s for r in rows)
        ),
        questions=tuple(
            QuestionResult(
                column,
                question,
                sum(1 for r in reviewed if r.answer(column) == Answer.YES),
                sum(1 for r in reviewed if r.answer(column) == Answer.NO),
                sum(1 for r in reviewed if r.answer(column) == Answer.NOT_APPLICABLE),
                len(rows) - len(reviewed),
            )
            for column, question in CHECKLIST
        ),
        findings=tuple(
            Finding(
                r.case.reference,
                r.stratum,
                r.findings,
                r.learning_item_id,
                r.learning_item.theme if r.learning_item else None,
            )
            for r in reviewed
            if r.findings
        ),
    )
