"""The rows of a case that carry its force (``complaints.cases.of_case``), checked against
their case's: every writer of those rows must leave this empty."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from complaints.cases.models import Allegation, Case, CaseSubject, Complainant, Contact, Note
from complaints.reviews.models import Review, ReviewRecommendation

OF_CASE = (Complainant, CaseSubject, Allegation, Contact, Note, Review)


def misplaced(session: Session) -> list[tuple[str, int]]:
    """(table, row id) of each row of a case (its people, allegations, contacts, notes,
    reviews and their recommendations) whose force is not its case's, and of each
    allegation whose type is not."""
    found: list[tuple[str, int]] = []
    for model in OF_CASE:
        ids = session.scalars(
            select(model.id)
            .join(Case, Case.id == model.case_id)
            .where(model.force_id != Case.force_id)
        )
        found += [(model.__tablename__, i) for i in ids]
    types = session.scalars(
        select(Allegation.id)
        .join(Case, Case.id == Allegation.case_id)
        .where(Allegation.case_type != Case.case_type)
    )
    found += [("allegations", i) for i in types]
    recommendations = session.scalars(
        select(ReviewRecommendation.id)
        .join(Review, Review.id == ReviewRecommendation.review_id)
        .join(Case, Case.id == Review.case_id)
        .where(ReviewRecommendation.force_id != Case.force_id)
    )
    found += [("review_recommendations", i) for i in recommendations]
    return found


def counted(session: Session) -> int:
    """How many such rows there are, so a check of none misplaced cannot pass on none."""
    return sum(len(session.scalars(select(model.id)).all()) for model in OF_CASE)
