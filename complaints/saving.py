"""Saving a form that edits something two people may edit at once: one path for every
versioned form, so every crossed edit looks the same to the person who made it.

``save`` runs one write and commits it. It refuses to write over a version newer than the
one the form was opened on, and if two saves race, the database's version check (or a
service's ``ChangedMeanwhile``) refuses the second. Either way nothing is written, the
editor gets the form back with their input, a conflict listing what changed meanwhile, and
the form re-based on what is stored now, so saving again is a choice made having seen it.
A refusal from a domain rule comes back as an error on the form (beside the field it
names, if it names one the form has).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError

from complaints.cases.models import Case
from complaints.cases.timeline import TimelineItem, describe_events
from complaints.common.audit_model import AuditEvent
from complaints.common.errors import ChangedMeanwhile, Refused
from complaints.forms import VersionedForm
from complaints.web import db


@dataclass(frozen=True)
class Conflict:
    """An edit that crossed someone else's: what changed after the form was opened."""

    changes: list[TimelineItem] = field(default_factory=list)


def save(record: Any, form: VersionedForm, write: Callable[[], Any]) -> bool:
    """Run ``write`` and commit, unless ``record`` changed after ``form`` was opened.

    Returns True when saved; otherwise sets ``form.conflict`` or adds the refusal to the
    form's errors, and the session is rolled back.
    """
    session = db()
    try:
        if form.is_stale(record):
            raise ChangedMeanwhile("Changed after the form was opened")
        write()
        session.commit()
        return True
    except (ChangedMeanwhile, StaleDataError):
        session.rollback()
        session.expire_all()
        fresh = session.get(type(record), record.id)
        form.conflict = Conflict(what_changed(fresh, form.opened()))
        form.stamp(fresh)
    except Refused as refused:
        session.rollback()
        form.add_error(str(refused), getattr(refused, "field", None))
    return False


def what_changed(record: Any, since: dt.datetime | None) -> list[TimelineItem]:
    """What others did to the record (the whole case, for a case) since the given time."""
    if isinstance(record, Case):
        query = select(AuditEvent).where(AuditEvent.case_id == record.id)
    else:
        query = select(AuditEvent).where(
            AuditEvent.entity_type == record.__tablename__, AuditEvent.entity_id == record.id
        )
    if since is not None:
        query = query.where(AuditEvent.occurred_at >= since)
    session = db()
    events = session.scalars(query.order_by(AuditEvent.occurred_at.desc(), AuditEvent.id.desc()))
    return describe_events(events, session=session)


def status_of(form: VersionedForm) -> int:
    """409 if the edit crossed another, 400 if the input was refused, 200 otherwise."""
    if getattr(form, "conflict", None) is not None:
        return 409
    return 400 if form.is_submitted() and form.errors else 200
