"""What is known of each subject's conduct: severity history, outcome, and which subjects
still wait for a conduct decision (the one rule the workflow guard and the queues share)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import ColumnElement, Select, exists, or_, select
from sqlalchemy.orm import Session, object_session

from complaints.cases.choices import CaseType
from complaints.cases.models import Case, CaseSubject
from complaints.investigations.models import ConductOutcome, Severity, SeverityAssessment
from complaints.subjects.models import Subject, SubjectKind


@dataclass(frozen=True)
class SubjectConduct:
    case_subject: CaseSubject
    assessments: list[SeverityAssessment]  # oldest first; the last is the current one
    outcome: ConductOutcome | None

    @property
    def current(self) -> SeverityAssessment | None:
        return self.assessments[-1] if self.assessments else None


def conduct_for_case(session: Session, case: Case) -> list[SubjectConduct]:
    ids = [cs.id for cs in case.subjects]
    if not ids:
        return []
    assessments: dict[int, list[SeverityAssessment]] = {}
    for row in session.scalars(
        select(SeverityAssessment)
        .where(SeverityAssessment.case_subject_id.in_(ids))
        .order_by(SeverityAssessment.assessed_on, SeverityAssessment.id)
    ):
        assessments.setdefault(row.case_subject_id, []).append(row)
    outcomes = {
        row.case_subject_id: row
        for row in session.scalars(
            select(ConductOutcome).where(ConductOutcome.case_subject_id.in_(ids))
        )
    }
    return [
        SubjectConduct(cs, assessments.get(cs.id, []), outcomes.get(cs.id)) for cs in case.subjects
    ]


def _session_of(obj: object) -> Session:
    session = object_session(obj)
    if session is None:
        raise ValueError("the object is not in a session")
    return session


def severity_history(case_subject: CaseSubject) -> list[SeverityAssessment]:
    """Every assessment of this subject, oldest first: revisions never replace earlier ones."""
    return list(
        _session_of(case_subject).scalars(
            select(SeverityAssessment)
            .where(SeverityAssessment.case_subject_id == case_subject.id)
            .order_by(SeverityAssessment.assessed_on, SeverityAssessment.id)
        )
    )


def current_assessment(case_subject: CaseSubject) -> SeverityAssessment | None:
    """The assessment that stands now: the latest revision."""
    history = severity_history(case_subject)
    return history[-1] if history else None


def current_severity(case_subject: CaseSubject) -> Severity | None:
    assessment = current_assessment(case_subject)
    return assessment.severity if assessment else None


def conduct_outcome(case_subject: CaseSubject) -> ConductOutcome | None:
    return _session_of(case_subject).scalar(
        select(ConductOutcome).where(ConductOutcome.case_subject_id == case_subject.id)
    )


def undecided_subjects(case_id: int | ColumnElement[int]) -> Select[tuple[int]]:
    """The identified subjects of a case with no conduct decision recorded (A3).

    A decision on case to answer is enough: a meeting or hearing, and its finding, may
    follow after the matter's outcome. Unidentified subjects are left out: there is no one
    to decide about. ``case_id`` is a case's id, or ``Case.id`` inside a query on cases.
    """
    decided = exists(
        select(ConductOutcome.id).where(
            ConductOutcome.case_subject_id == CaseSubject.id,
            or_(
                ConductOutcome.decided_on.is_not(None),
                ConductOutcome.case_to_answer.is_not(None),
            ),
        )
    )
    return (
        select(CaseSubject.id)
        .join(Subject, Subject.id == CaseSubject.subject_id)
        .where(CaseSubject.case_id == case_id, Subject.kind != SubjectKind.UNIDENTIFIED, ~decided)
    )


def missing_conduct_outcomes(case: Case) -> list[CaseSubject]:
    """A conduct matter's subjects still waiting for a conduct decision, in case order.

    Complaints and DSI matters give an empty list, so a workflow guard may ask about any
    case.
    """
    if case.case_type != CaseType.CONDUCT_MATTER:
        return []
    session = object_session(case)
    if session is None:
        return [cs for cs in case.subjects if cs.subject.kind != SubjectKind.UNIDENTIFIED]
    waiting = set(session.scalars(undecided_subjects(case.id)))
    return [cs for cs in case.subjects if cs.id in waiting]
