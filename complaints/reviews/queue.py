"""The OPCC reviewer's queue: open, valid OPCC reviews, oldest application first (A8).

Unallocated reviews are listed for any OPCC reviewer to take; a restricted case's review
is listed only to reviewers named on it, as the case itself is.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import Select, or_, select
from sqlalchemy.orm import selectinload

from complaints.cases.choices import CaseState
from complaints.cases.models import Case
from complaints.cases.visibility import named_on, of_forces
from complaints.common import workdays
from complaints.common.actor import Actor
from complaints.reviews.models import Review, ReviewBody

SHOWS = ("all", "mine", "unallocated")


def queue(actor: Actor, show: str = "all") -> Select[tuple[Review]]:
    query = (
        select(Review)
        .join(Case, Case.id == Review.case_id)
        .where(
            Review.body == ReviewBody.OPCC,
            Review.valid.is_(True),
            Review.decided_on.is_(None),
            Case.state == CaseState.UNDER_REVIEW,
            of_forces(actor),
            or_(Case.restricted.is_(False), named_on(actor)),
        )
        .options(selectinload(Review.case), selectinload(Review.reviewer))
        .order_by(Review.received_on, Review.id)
    )
    if show == "mine":
        query = query.where(Review.reviewer_id == actor.user_id)
    elif show == "unallocated":
        query = query.where(Review.reviewer_id.is_(None))
    return query


@dataclass(frozen=True)
class Age:
    days: int
    working_days: int


def age(review: Review, today: dt.date) -> Age:
    """How long the application has waited since it was received."""
    return Age(
        max(0, (today - review.received_on).days), workdays.between(review.received_on, today)
    )
