"""Taking a lifecycle step with everything it sends: the one service the step pages, the
review pages and the demo call, so each step has one path whichever page it is taken from.

Most steps are ``workflow.apply`` alone. Notifying the outcome makes the outcome letter,
and recording or deciding a review makes the applicant's letters, in the same
transaction (A2): the services that own those letters take the step themselves.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from complaints.cases import correspondence, workflow
from complaints.cases.guards import TransitionError
from complaints.cases.models import Case
from complaints.common.actor import Actor
from complaints.documents.services import LetterSettings
from complaints.reviews import services as reviews
from complaints.reviews.lifecycle import open_review


def take(
    session: Session,
    actor: Actor,
    case: Case,
    name: str,
    data: dict[str, Any],
    letters: LetterSettings,
    now: dt.datetime,
) -> Case:
    """Take the step called ``name`` on the case, with its letters; only flushes."""
    if name == "notify_outcome":
        correspondence.notify_outcome(session, actor, case, data, letters.store, now)
    elif name == "apply_for_review":
        reviews.record_application(session, actor, case, data, letters, now)
    elif name == "decide_review":
        review = open_review(case)
        if review is None:
            raise TransitionError("There is no review waiting for a decision")
        reviews.decide_review(session, actor, review, data, letters, now)
    else:
        workflow.apply(session, actor, case, name, data, now)
    return case
