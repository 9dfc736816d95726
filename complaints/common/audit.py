"""The audit trail: every create, change, state change, view, log-in and refusal.

Changes to mapped objects are captured automatically at flush time from the session's
unit of work, attributed to the actor the session is working for (``act_as``), so no
service can forget to audit a write. Views, log-ins and refusals, which change nothing,
are written explicitly with ``record``.

Both kinds are hash-chained as they are flushed (``complaints.common.audit_chain``): the
flush takes the chain's lock before it writes anything, gives the ``record``ed events
their place in the chain before they are inserted, and appends the events it derives
from the changes after them. Nothing else inserts audit rows.
"""

from __future__ import annotations

import datetime as dt
import enum
import functools
from dataclasses import dataclass
from typing import Any

from sqlalchemy import event, inspect
from sqlalchemy.orm import Mapper, Session

from complaints.common import audit_chain
from complaints.common.actor import Actor
from complaints.common.audit_model import AuditEvent
from complaints.common.clock import utcnow

# Which columns are secret or personal is marked on the models themselves (the ``info``
# marks of complaints.db: SECRET, PERSONAL, LEADS_TO_CASE); see ``column_marks``.
# Bookkeeping that says nothing, left out of the trail:
_IGNORED = {"version", "updated_at", "created_at"}
_ACTOR_KEY = "complaints.actor"
_NOW_KEY = "complaints.now"
_LOCKED_KEY = "complaints.audit_chain_locked"  # by this flush's before_flush


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


@dataclass(frozen=True)
class ColumnMarks:
    """What a mapped class's models say about its columns, by attribute key."""

    personal: frozenset[str]
    secret: frozenset[str]
    derived: frozenset[str]  # kept from other columns: left out of the trail
    # The foreign keys that lead to the row whose case this row belongs to, with the
    # class of that row.
    leads_to_case: tuple[tuple[str, Mapper], ...]


@functools.cache
def column_marks(mapper: Mapper) -> ColumnMarks:
    """Read the ``info`` marks of a mapper's columns (and of its table, for PERSONAL).

    A table marked personal has every column personal but its keys (primary and foreign),
    which say nothing about anyone and tie the row to its case.
    """
    personal_table = bool(mapper.local_table.info.get("personal"))
    personal, secret, derived, leads = set(), set(), set(), []
    for attr in mapper.column_attrs:
        column = attr.columns[0]
        info = column.info
        is_key = column.primary_key or bool(column.foreign_keys)
        if info.get("personal") or (personal_table and not is_key):
            personal.add(attr.key)
        if info.get("secret"):
            secret.add(attr.key)
        if info.get("derived"):
            derived.add(attr.key)
        if info.get("leads_to_case"):
            (foreign_key,) = column.foreign_keys
            target = next(
                m for m in mapper.registry.mappers if m.local_table is foreign_key.column.table
            )
            leads.append((attr.key, target))
    return ColumnMarks(frozenset(personal), frozenset(secret), frozenset(derived), tuple(leads))


def case_id_of(obj: Any) -> int | None:
    if obj.__tablename__ == "cases":
        return obj.id
    if hasattr(obj, "case_id"):
        return obj.case_id
    state = inspect(obj)
    for key, target in column_marks(state.mapper).leads_to_case:
        value = getattr(obj, key)
        found = state.session.get(target, value) if state.session and value is not None else None
        if found is not None:
            return case_id_of(found)
    return None


def _column_changes(obj: Any, *, created: bool) -> dict[str, list[Any]]:
    changes = _raw_column_changes(obj, created=created)
    personal = column_marks(inspect(obj).mapper).personal
    return {
        key: ["[personal data]", "[personal data]"] if key in personal else value
        for key, value in changes.items()
    }


def _raw_column_changes(obj: Any, *, created: bool) -> dict[str, list[Any]]:
    state = inspect(obj)
    marks = column_marks(state.mapper)
    secret = marks.secret
    changes: dict[str, list[Any]] = {}
    for attr in state.mapper.column_attrs:
        key = attr.key
        if key in _IGNORED or key == "id" or key in marks.derived:
            continue
        history = state.attrs[key].history
        if created:
            new = history.added[0] if history.added else getattr(obj, key)
            if new is not None:
                changes[key] = [None, "[redacted]" if key in secret else new]
        elif history.has_changes():
            old = history.deleted[0] if history.deleted else None
            new = history.added[0] if history.added else None
            if old != new:
                changes[key] = ["[redacted]", "[redacted]"] if key in secret else [old, new]
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
                "case_id": case_id_of(obj),
                "changes": _jsonable(changes) or None,
            }
        )
    locked = session.info.pop(_LOCKED_KEY, False)
    if events:
        # The unit of work's sets are unordered: sort so the trail reads the same each run.
        events.sort(key=lambda e: (e["entity_type"], e["entity_id"] or 0, e["action"]))
        audit_chain.append(session.connection(), events, locked=locked)


def _before_flush(session: Session, _flush_context: Any, instances: Any) -> None:
    """Take the chain's lock before this flush writes anything, and chain the events
    ``record`` added, which the flush then inserts as they are. (A flush with nothing to
    write never gets here.)"""
    connection = session.connection()
    audit_chain.lock(connection)
    session.info[_LOCKED_KEY] = True
    pending = sorted(
        (
            obj
            for obj in session.new
            if isinstance(obj, AuditEvent) and (instances is None or obj in instances)
        ),
        key=lambda obj: inspect(obj).insert_order or 0,
    )
    if not pending:
        return
    rows = [{name: getattr(obj, name) for name in audit_chain.FIELDS} for obj in pending]
    for obj, row in zip(pending, audit_chain.chain(connection, rows, locked=True), strict=True):
        obj.id, obj.chain_seq, obj.chain_hash = row["id"], row["chain_seq"], row["chain_hash"]


def mark_described(session: Session, entity_type: str, entity_id: int) -> None:
    """Say that an explicit event already describes this object's changes in this flush."""
    session.info.setdefault("complaints.explicit", set()).add((entity_type, entity_id))


def install(session_factory: Any) -> None:
    """Capture every flush of sessions made by this factory in the audit trail."""
    event.listen(session_factory, "before_flush", _before_flush)
    event.listen(session_factory, "after_flush", _after_flush)
