"""What the investigation page shows about each subject: severity history and outcome."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, object_session

from complaints.cases.models import Case, CaseSubject
from complaints.investigations.models import ConductOutcome, Severity, SeverityAssessment


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
