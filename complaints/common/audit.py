"""The audit trail: every create, change, state change, view, log-in and refusal.

Changes to mapped objects are captured automatically at flush time from the session's
unit of work, attributed to the actor the session is working for (``act_as``), so no
service can forget to audit a write. Views, log-ins and refusals, which change nothing,
are written explicitly with ``record``.
"""

from __future__ import annotations

import datetime as dt
import enum
from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from complaints.common.actor import Actor
from complaints.common.audit_model import AuditEvent
from complaints.common.clock import utcnow

# Columns never copied into the audit trail: secrets, and bookkeeping that says nothing.
_REDACTED = {"password_hash", "session_token"}
# Tables of personal data: the trail records which fields changed, never their values,
# because the trail cannot be edited and such data must be erasable with the record.
_PERSONAL_TABLES = {"complainants", "representatives", "equality_monitoring"}
_PERSONAL_KEYS = {"id", "case_id", "complainant_id"}
# Columns of other tables that may hold personal data, treated the same way: a document's
# name and description often name the complainant ("Statement of Jo Public.pdf").
_PERSONAL_COLUMNS = {
    "attachments": frozenset({"filename", "description"}),
    "contacts": frozenset({"summary", "complainant_wishes"}),
    "cases": frozenset({"contact_not_possible_reason"}),
    # Free text written about what happened, which names people as often as not.
    "learning_items": frozenset(
        {"description", "evidence", "not_accepted_reason", "shared_how", "response"}
    ),
    "reviews": frozenset({"rationale", "late_special_reason"}),
    "review_recommendations": frozenset({"text", "response"}),
    "dip_sample_cases": frozenset({"findings"}),
    "twelve_month_reports": frozenset({"progress", "withheld_reason"}),
}
_IGNORED = {"version", "updated_at", "created_at"}
_ACTOR_KEY = "complaints.actor"
_NOW_KEY = "complaints.now"


def act_as(session: Session, actor: Actor) -> None:
    """Attribute the session's coming writes to this actor."""
    session.info[_ACTOR_KEY] = actor


def acting(session: Session, actor: Actor, now: dt.datetime) -> None:
    """Attribute the coming writes to this actor at this moment (services call this)."""
    session.info[_ACTOR_KEY] = actor
    session.info[_NOW_KEY] = now


def current_actor(session: Session) -> Actor:
    return session.info.get(_ACTOR_KEY) or Actor.system()


def record(
    session: Session,
    action: str,
    *,
    entity_type: str,
    entity_id: int | None = None,
    case_id: int | None = None,
    changes: dict[str, Any] | None = None,
    summary: str | None = None,
    actor: Actor | None = None,
    now: dt.datetime | None = None,
) -> AuditEvent:
    actor = actor or current_actor(session)
    audit_event = AuditEvent(
        occurred_at=now or utcnow(),
        actor_id=actor.user_id,
        actor_name=actor.name,
        actor_role=actor.role.value if actor.role else None,
        source=actor.source[:64],
        action=action,
        entity_type=entity_type,
        entity_id=entity_id,
        case_id=case_id,
        changes=_jsonable(changes) if changes else None,
        summary=summary[:300] if summary else None,
    )
    session.add(audit_event)
    return audit_event


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


def _entity_name(obj: Any) -> str:
    return obj.__tablename__


def _case_id_of(obj: Any) -> int | None:
    if obj.__tablename__ == "cases":
        return obj.id
    if hasattr(obj, "case_id"):
        return obj.case_id
    case_subject = getattr(obj, "case_subject_id", None)
    if case_subject is not None:
        from complaints.cases.models import CaseSubject

        session = inspect(obj).session
        found = session.get(CaseSubject, case_subject) if session else None
        return found.case_id if found else None
    investigation = getattr(obj, "investigation", None)
    return getattr(investigation, "case_id", None)


def _column_changes(obj: Any, *, created: bool) -> dict[str, list[Any]]:
    changes = _raw_column_changes(obj, created=created)
    table = obj.__tablename__
    if table in _PERSONAL_TABLES:
        personal = set(changes) - _PERSONAL_KEYS
    else:
        personal = _PERSONAL_COLUMNS.get(table, frozenset())
    return {
        key: ["[personal data]", "[personal data]"] if key in personal else value
        for key, value in changes.items()
    }


def _raw_column_changes(obj: Any, *, created: bool) -> dict[str, list[Any]]:
    state = inspect(obj)
    changes: dict[str, list[Any]] = {}
    for attr in state.mapper.column_attrs:
        key = attr.key
        if key in _IGNORED or key == "id":
            continue
        history = state.attrs[key].history
        if created:
            new = history.added[0] if history.added else getattr(obj, key)
            if new is not None:
                changes[key] = [None, "[redacted]" if key in _REDACTED else new]
        elif history.has_changes():
            old = history.deleted[0] if history.deleted else None
            new = history.added[0] if history.added else None
            if old != new:
                changes[key] = ["[redacted]", "[redacted]"] if key in _REDACTED else [old, new]
    return changes


def changes_of(obj: Any) -> dict[str, list[Any]]:
    """The pending column changes of an object, as the audit trail stores them."""
    return _column_changes(obj, created=False)


def _after_flush(session: Session, flush_context: Any) -> None:
    """Write one audit event per created, changed or deleted object in this flush."""
    actor = current_actor(session)
    now = session.info.get(_NOW_KEY) or utcnow()
    explicit = session.info.pop("complaints.explicit", set())
    events = []
    for obj, action in (
        *((o, "create") for o in session.new),
        *((o, "update") for o in session.dirty),
        *((o, "delete") for o in session.deleted),
    ):
        if isinstance(obj, AuditEvent) or not hasattr(obj, "__tablename__"):
            continue
        if action == "update" and not session.is_modified(obj, include_collections=False):
            continue
        changes = _column_changes(obj, created=action != "update")
        if action == "delete":  # what was removed, as it was
            changes = {key: [new, None] for key, (_, new) in changes.items()}
        if action == "update" and not changes:
            continue
        identity = inspect(obj).identity
        # A new row has its id now but gets its identity only after the flush.
        entity_id = identity[0] if identity else getattr(obj, "id", None)
        if action == "update" and (_entity_name(obj), entity_id) in explicit:
            continue  # already described by a workflow event written with the change
        events.append(
            {
                "occurred_at": now,
                "actor_id": actor.user_id,
                "actor_name": actor.name,
                "actor_role": actor.role.value if actor.role else None,
                "source": actor.source[:64],
                "action": action,
                "entity_type": _entity_name(obj),
                "entity_id": entity_id if isinstance(entity_id, int) else None,
                "case_id": _case_id_of(obj),
                "changes": _jsonable(changes) or None,
            }
        )
    if events:
        # The unit of work's sets are unordered: sort so the trail reads the same each run.
        events.sort(key=lambda e: (e["entity_type"], e["entity_id"] or 0, e["action"]))
        session.execute(AuditEvent.__table__.insert(), events)


def mark_described(session: Session, entity_type: str, entity_id: int) -> None:
    """Say that an explicit event already describes this object's changes in this flush."""
    session.info.setdefault("complaints.explicit", set()).add((entity_type, entity_id))


def install(session_factory: Any) -> None:
    """Capture every flush of sessions made by this factory in the audit trail."""
    event.listen(session_factory, "after_flush", _after_flush)
