"""String enums stored by value, each with a CHECK constraint and a human label."""

from __future__ import annotations

import enum

from sqlalchemy import Enum


class LabelledEnum(enum.StrEnum):
    """A StrEnum whose members carry the words people read; labels default to the value."""

    @property
    def label(self) -> str:
        labels = _LABELS.get(type(self), {})
        return labels.get(self.value) or self.value.replace("_", " ").capitalize()

    @classmethod
    def choices(cls) -> list[tuple[str, str]]:
        return [(m.value, m.label) for m in cls]


_LABELS: dict[type, dict[str, str]] = {}


def labelled(labels: dict[str, str]):
    """Class decorator giving an enum's members their labels (an Enum cannot hold a dict)."""

    def decorate(cls: type[LabelledEnum]) -> type[LabelledEnum]:
        unknown = set(labels) - {m.value for m in cls}
        if unknown:
            raise ValueError(f"labels for unknown {cls.__name__} values: {sorted(unknown)}")
        _LABELS[cls] = labels
        return cls

    return decorate


def db_enum(enum_cls: type[enum.Enum], name: str | None = None) -> Enum:
    """A VARCHAR column with a CHECK constraint, portable across SQLite and PostgreSQL.

    ``name`` names the constraint; give one when a table has two columns of one enum.
    """
    return Enum(
        enum_cls,
        name=name or _snake(enum_cls.__name__),
        native_enum=False,
        create_constraint=True,
        length=40,
        values_callable=lambda members: [m.value for m in members],
        validate_strings=True,
    )


def _snake(name: str) -> str:
    out = []
    for i, ch in enumerate(name):
        if ch.isupper() and i:
            out.append("_")
        out.append(ch.lower())
    return "".join(out)
