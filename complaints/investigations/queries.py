"""What the investigation page shows about each subject: severity history and outcome."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from complaints.cases.models import Case, CaseSubject
from complaints.investigations.models import ConductOutcome, SeverityAssessment


@dataclass(frozen=True)
class SubjectConduct:
    case_subject: CaseSubject
    assessments: list[SeverityAssessment]  # oldest first; the last is the current one
    outcome: ConductOutcome | None


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
