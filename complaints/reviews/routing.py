"""Which body reviews a complaint's outcome (domain.md A7), with the reason, for the
handler to confirm and the outcome letter to name.

The IOPC reviews when any limb below holds; otherwise the OPCC (the local policing body)
does. The limbs are data (``LIMBS``) so that a rule can change in one place.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import inspect, or_, select
from sqlalchemy.orm import Session

from complaints.cases.choices import AppropriateAuthority
from complaints.cases.models import Case, CaseLink
from complaints.investigations.models import Severity, SeverityAssessment
from complaints.reviews.models import ReviewBody
from complaints.subjects.models import SubjectKind

# Ranks above chief superintendent, as written in the force's HR records (lower case).
SENIOR_RANKS = frozenset(
    {
        "commander",
        "assistant chief constable",
        "deputy chief constable",
        "chief constable",
        "deputy assistant commissioner",
        "assistant commissioner",
        "deputy commissioner",
        "commissioner",
    }
)


@dataclass(frozen=True)
class Proposal:
    body: ReviewBody
    reason: str


def _pcc_was_aa(case: Case) -> bool:
    return case.appropriate_authority == AppropriateAuthority.PCC


def _senior_subject(case: Case) -> bool:
    return any(
        cs.subject.kind == SubjectKind.CHIEF_OFFICER
        or (cs.identity.rank or "").strip().lower() in SENIOR_RANKS
        for cs in case.subjects
    )


def _proceedings_or_article_2_3(case: Case) -> bool:
    if case.trigger_crime_or_misconduct or case.trigger_article_2_or_3:
        return True
    session = inspect(case).session
    if session is None or not case.subjects:
        return False
    serious = session.scalar(
        select(SeverityAssessment.id).where(
            SeverityAssessment.case_subject_id.in_([cs.id for cs in case.subjects]),
            SeverityAssessment.severity.in_([Severity.MISCONDUCT, Severity.GROSS_MISCONDUCT]),
        )
    )
    return serious is not None


def _referred(case: Case) -> bool:
    return case.referred_at is not None or case.trigger_referral_description


# (test, reason) in the order of A7.
LIMBS: tuple[tuple[Callable[[Case], bool], str], ...] = (
    (_pcc_was_aa, "The police and crime commissioner was the appropriate authority"),
    (_senior_subject, "A subject is above the rank of chief superintendent"),
    (
        _proceedings_or_article_2_3,
        "The conduct could justify criminal or disciplinary proceedings, or involve a "
        "breach of Article 2 or 3",
    ),
    (_referred, "The complaint was, or had to be, referred to the IOPC"),
)
OPCC_REASON = "No IOPC limb applies, so the local policing body (the OPCC) reviews"


def iopc_limb(case: Case) -> str | None:
    """The first A7 limb that makes the IOPC the review body for this case itself."""
    return next((reason for test, reason in LIMBS if test(case)), None)


def propose_review_body(case: Case) -> Proposal:
    reason = iopc_limb(case)
    if reason is None:
        reason = _same_incident_limb(case)
    if reason is not None:
        return Proposal(ReviewBody.IOPC, reason)
    return Proposal(ReviewBody.OPCC, OPCC_REASON)


def _same_incident_limb(case: Case) -> str | None:
    session: Session | None = inspect(case).session
    if session is None:
        return None
    links = session.scalars(
        select(CaseLink).where(
            CaseLink.same_incident.is_(True),
            or_(CaseLink.case_id == case.id, CaseLink.linked_case_id == case.id),
        )
    )
    for link in links:
        other = link.linked_case if link.case_id == case.id else link.case
        if iopc_limb(other) is not None:
            return f"It arises from the same incident as {other.reference}, which the IOPC reviews"
    return None
