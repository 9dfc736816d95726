"""What is in a person's work tray, each part a short list of what they may see.

- **Deadlines**: the A5 deadlines (and first contact) overdue or due soon on the cases
  assigned to them (``queues.due``, only mine), soonest first.
- **Decisions waiting**: for those who take the appropriate authority's decisions, the
  cases whose next step is theirs (``queues.decisions``).
- **New to you**: cases assigned to them that they have not yet opened. "Opened" is read
  from the audit trail (every case page view is in it), so a case stays new until its
  page is first looked at, however long ago it was assigned.
- **Bring-forward dates**: their own, not yet done, falling due by the end of the
  due-soon window.
- **Recommendations to answer**: for the appropriate authority, recommendations of
  reviews of their cases still without the force's response.
- **Suspension reviews**: for the appropriate authority, suspensions in the forces they
  decide for whose four-weekly review falls due by the end of the due-soon window.
- **Early-intervention alerts**: open alerts of the forces they decide for, from the
  policies that tell their role or name them, oldest first (``alerts.waiting_for``).

Every part reads cases through ``visible_to``, so a restricted case is absent for anyone
not named on it. Each part holds at most ``LIMIT`` rows: the queues list the rest.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from sqlalchemy import exists, select
from sqlalchemy.orm import Session, contains_eager

from complaints.auth.permissions import Permission, can, may_hold
from complaints.cases import queues
from complaints.cases.models import Case
from complaints.cases.visibility import visible_to
from complaints.common.actor import Actor
from complaints.common.audit_model import AuditEvent
from complaints.intervention import alerts
from complaints.intervention.models import Alert
from complaints.officers import duty
from complaints.officers.models import DutyStatus
from complaints.reviews.models import Review, ReviewRecommendation
from complaints.tray.models import BringForward
from complaints.tray.reminders import bring_forwards_due

LIMIT = 50


@dataclass(frozen=True)
class Tray:
    deadlines: list[Case] = field(default_factory=list)
    decisions: list[Case] = field(default_factory=list)
    new_cases: list[Case] = field(default_factory=list)
    bring_forwards: list[BringForward] = field(default_factory=list)
    recommendations: list[ReviewRecommendation] = field(default_factory=list)
    duty_reviews: list[DutyStatus] = field(default_factory=list)
    alerts: list[Alert] = field(default_factory=list)
    decides: bool = False  # whether the decision parts apply to this person at all

    @property
    def empty(self) -> bool:
        return not (
            self.deadlines
            or self.decisions
            or self.new_cases
            or self.bring_forwards
            or self.recommendations
            or self.duty_reviews
            or self.alerts
        )


def tray(session: Session, actor: Actor, today: dt.date) -> Tray:
    decides = may_hold(actor.role, Permission.DECIDE)
    return Tray(
        deadlines=deadlines_due(session, actor, today),
        decisions=list(session.scalars(queues.decisions(actor).limit(LIMIT))) if decides else [],
        new_cases=new_to(session, actor),
        bring_forwards=bring_forwards_due(session, actor, queues.due_soon_cutoff(today)),
        recommendations=recommendations_to_answer(session, actor) if decides else [],
        duty_reviews=list(
            session.scalars(duty.reviews_due(actor, queues.due_soon_cutoff(today)).limit(LIMIT))
        ),
        alerts=list(session.scalars(alerts.waiting_for(actor, LIMIT))),
        decides=decides,
    )


def deadlines_due(session: Session, actor: Actor, today: dt.date) -> list[Case]:
    """Deadlines overdue or due soon on the cases assigned to this person."""
    return list(session.scalars(queues.due(actor, today, only_mine=True).limit(LIMIT)))


def new_to(session: Session, actor: Actor) -> list[Case]:
    """Open cases assigned to this person that they have never opened."""
    opened = exists(
        select(AuditEvent.id)
        .where(
            AuditEvent.case_id == Case.id,
            AuditEvent.actor_id == actor.user_id,
            AuditEvent.action == "view",
        )
        .correlate(Case)
    )
    query = (
        select(Case)
        .where(visible_to(actor), queues.open_cases(), queues.assigned_to(actor), ~opened)
        .order_by(Case.received_on.desc(), Case.id.desc())
        .limit(LIMIT)
    )
    return list(session.scalars(query))


def recommendations_to_answer(session: Session, actor: Actor) -> list[ReviewRecommendation]:
    """Review recommendations on cases this person decides for, still without a response.

    Whether they may answer is the response page's own rule (``can`` with DECIDE), applied
    to each of the few candidates the query finds.
    """
    query = (
        select(ReviewRecommendation)
        .join(Review, Review.id == ReviewRecommendation.review_id)
        .join(Case, Case.id == Review.case_id)
        .where(
            ReviewRecommendation.responded_on.is_(None),
            ReviewRecommendation.force_id.in_(sorted(actor.decides_for)),
            visible_to(actor),
        )
        .options(contains_eager(ReviewRecommendation.review).selectinload(Review.case))
        .order_by(Review.decided_on, Review.id, ReviewRecommendation.number)
        .limit(LIMIT)
    )
    found = session.scalars(query).unique()
    return [r for r in found if can(actor, Permission.DECIDE, r.review.case)]
