"""One subject's complaint history, as the appropriate authority reads it: who they have
been (names, numbers, postings), and every case and allegation about them under any of
those identities, with results, severity and conduct outcomes.

Only cases the reader may see are listed, through the same visibility rule as every case
list: a restricted or chief-constable case someone is not named on is neither listed nor
counted for them, and nothing on the page hints that it exists.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from complaints.auth.permissions import Permission, role_can
from complaints.auth.roles import Role
from complaints.cases.models import Case, CaseSubject
from complaints.cases.visibility import visible_to
from complaints.common.actor import Actor
from complaints.investigations.models import ConductOutcome, SeverityAssessment
from complaints.subjects.models import Subject


@dataclass(frozen=True)
class Named:
    """One case as it named this subject, with what became of it for them."""

    case: Case
    as_named: str  # the identity the case recorded, as it was then
    allegations: list  # the case's allegations about this subject
    severity: SeverityAssessment | None  # the latest assessment
    outcome: ConductOutcome | None


@dataclass(frozen=True)
class History:
    subject: Subject
    cases: list[Named]

    @property
    def allegation_count(self) -> int:
        return sum(len(n.allegations) for n in self.cases)


def load(session: Session, actor: Actor, subject_id: int) -> Subject | None:
    """A subject whose history this actor may read (None otherwise, as for no such
    person): the appropriate authority, for its forces' people; the OPCC, as appropriate
    authority of complaints about the chief constable, for the chief constable only."""
    found = session.scalar(
        select(Subject)
        .where(Subject.id == subject_id, Subject.force_id.in_(actor.forces))
        .options(selectinload(Subject.identities))
    )
    if found is None:
        return None
    if role_can(actor.role, Permission.DECIDE):
        return found
    return found if actor.role == Role.OPCC_REVIEWER and found.is_chief_constable else None


def history(session: Session, actor: Actor, subject: Subject) -> History:
    """Every case about the subject that this actor may see, newest first."""
    named = session.scalars(
        select(CaseSubject)
        .join(CaseSubject.case)
        .where(CaseSubject.subject_id == subject.id, visible_to(actor))
        .options(
            selectinload(CaseSubject.case),
            selectinload(CaseSubject.identity),
            selectinload(CaseSubject.allegations),
        )
        .order_by(Case.received_on.desc(), Case.id.desc())
    ).all()
    ids = [n.id for n in named]
    severities: dict[int, SeverityAssessment] = {}
    for assessed in session.scalars(
        select(SeverityAssessment)
        .where(SeverityAssessment.case_subject_id.in_(ids))
        .order_by(SeverityAssessment.assessed_on, SeverityAssessment.id)
    ):
        severities[assessed.case_subject_id] = assessed  # the latest wins
    outcomes = {
        o.case_subject_id: o
        for o in session.scalars(
            select(ConductOutcome).where(ConductOutcome.case_subject_id.in_(ids))
        )
    }
    return History(
        subject,
        [
            Named(
                case=n.case,
                as_named=n.identity.display,
                allegations=sorted(n.allegations, key=lambda a: a.number),
                severity=severities.get(n.id),
                outcome=outcomes.get(n.id),
            )
            for n in named
        ],
    )
