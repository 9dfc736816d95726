"""A change to a record, field by field, in words: what the audit trail holds of it.

The timeline shows what a change did ("Result: from Not recorded to Service acceptable"),
not only which columns it touched. The trail keeps no personal or secret value (see
``complaints.common.audit``), so those fields are named without values, to everyone:
what anyone who may see the case sees of a change is what the case pages show them.
Values read as the pages write them: an enum by its label, a date as "3 March 2026",
a person by name, long text cut short.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Boolean, Date, Enum, select
from sqlalchemy.orm import Mapper, Session

from complaints.auth.models import User
from complaints.common.audit import column_marks
from complaints.common.audit_model import AuditEvent
from complaints.common.clock import format_date, format_datetime
from complaints.db import Base, UTCDateTime

# Longest value shown in full; longer text is cut at a word and marked with an ellipsis.
LONGEST = 120
NOT_RECORDED = "not recorded"


@dataclass(frozen=True)
class FieldChange:
    """One field of a change: its name in words and, where the trail holds them and they
    mean something to a reader, the value before and after."""

    field: str
    old: str | None = None
    new: str | None = None
    shown: bool = False

    @property
    def words(self) -> str:
        """The change in a line: 'Result: from not recorded to Service acceptable'."""
        if not self.shown:
            return f"{self.field}: changed"
        if self.old == self.new:  # differs only beyond what is shown (a minute, a space)
            return f"{self.field}: {self.new}"
        return f"{self.field}: from {self.old} to {self.new}"


def field_words(key: str, words: dict[str, str]) -> str:
    name = words.get(key) or key.removesuffix("_id").replace("_", " ")
    return name[:1].upper() + name[1:]


class ChangeWords:
    """Turns update events into field changes, naming people with one query per page."""

    def __init__(self, session: Session, events: Iterable[AuditEvent]) -> None:
        self._mappers = {m.local_table.name: m for m in Base.registry.mappers}
        ids = {
            value
            for event in events
            if event.action == "update" and event.changes
            for key, pair in event.changes.items()
            if self._is_user(event.entity_type, key) and isinstance(pair, list)
            for value in pair
            if isinstance(value, int)
        }
        self._names = (
            dict(session.execute(select(User.id, User.full_name).where(User.id.in_(ids))).all())
            if ids
            else {}
        )

    def _column(self, entity_type: str, key: str):
        mapper: Mapper | None = self._mappers.get(entity_type)
        if mapper is None or key not in mapper.column_attrs:
            return None, None
        return mapper, mapper.column_attrs[key].columns[0]

    def _is_user(self, entity_type: str, key: str) -> bool:
        _, column = self._column(entity_type, key)
        return column is not None and any(
            fk.column.table is User.__table__ for fk in column.foreign_keys
        )

    def describe(self, event: AuditEvent, words: dict[str, str]) -> tuple[FieldChange, ...]:
        return tuple(
            self._field(event.entity_type, key, pair, words)
            for key, pair in (event.changes or {}).items()
        )

    def _field(self, entity_type: str, key: str, pair: Any, words: dict[str, str]) -> FieldChange:
        name = field_words(key, words)
        mapper, column = self._column(entity_type, key)
        if mapper is None or not isinstance(pair, list) or len(pair) != 2:
            return FieldChange(name)
        marks = column_marks(mapper)
        if key in marks.personal or key in marks.secret:
            return FieldChange(name)
        if column.foreign_keys and not self._is_user(entity_type, key):
            return FieldChange(name)  # a number that means nothing to a reader
        old, new = (self._value(entity_type, key, column, value) for value in pair)
        return FieldChange(name, old, new, shown=True)

    def _value(self, entity_type: str, key: str, column, value: Any) -> str:
        if value is None or value == "":
            return NOT_RECORDED
        if self._is_user(entity_type, key):
            return self._names.get(value, "a former user")
        kind = column.type
        if isinstance(kind, Enum) and isinstance(kind.enum_class, type):
            return _enum_label(kind.enum_class, value)
        if isinstance(kind, Boolean):
            return "yes" if value else "no"
        if isinstance(kind, UTCDateTime):
            return _moment(value)
        if isinstance(kind, Date):
            return _day(value)
        return shorten(str(value))


def _enum_label(enum_class: type[enum.Enum], value: Any) -> str:
    try:
        member = enum_class(value)
    except ValueError:
        return str(value)
    return getattr(member, "label", str(member.value))


def _moment(value: Any) -> str:
    try:
        return format_datetime(dt.datetime.fromisoformat(str(value)))
    except ValueError:
        return str(value)


def _day(value: Any) -> str:
    try:
        return format_date(dt.date.fromisoformat(str(value)))
    except ValueError:
        return str(value)


def shorten(text: str, longest: int = LONGEST) -> str:
    """Text on one line (its lines joined by semicolons), cut at a word before ``longest``
    characters, with an ellipsis."""
    lines = (" ".join(line.split()) for line in text.splitlines())
    flat = "; ".join(line for line in lines if line)
    if len(flat) <= longest:
        return flat
    cut = flat[:longest].rsplit(" ", 1)[0] if " " in flat[:longest] else flat[:longest]
    return cut.rstrip(" ,;:.") + "…"
