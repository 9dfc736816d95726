"""Changes to reference data, which administrators make and the audit trail records."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from complaints.common import audit
from complaints.common.actor import Actor
from complaints.reference.models import AllegationCategory


def set_category_active(
    session: Session,
    actor: Actor,
    category: AllegationCategory,
    active: bool,
    now: dt.datetime,
) -> AllegationCategory:
    audit.acting(session, actor, now)
    category.active = active
    session.flush()
    return category
