"""Changes to reference data, which administrators make and the audit trail records."""

from __future__ import annotations

from sqlalchemy.orm import Session

from complaints.common.actor import Actor
from complaints.reference.models import AllegationCategory


def set_category_active(
    session: Session, actor: Actor, category: AllegationCategory, active: bool
) -> AllegationCategory:
    category.active = active
    session.flush()
    return category
