"""Names as a search sees them: "Zoë Łukasiewicz", "ZOE LUKASIEWICZ" and "zoe lukasiewicz"
are one name, whichever keyboard typed it.

Each searchable row keeps a folded copy of its text, written whenever the row is saved,
so a search compares folded with folded on SQLite and PostgreSQL alike (and PostgreSQL
serves it from a trigram index). Letters that Unicode does not decompose (ł, ø, ß)
and other scripts are transliterated by ``anyascii``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from anyascii import anyascii
from sqlalchemy import Boolean, Index, event
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.sql.functions import FunctionElement


def fold(text: str | None) -> str:
    """Lower case, accents and other scripts transliterated, spaces collapsed."""
    return " ".join(anyascii(text or "").lower().split())


def keep_folded(model: type, column: str, source: Callable[[Any], str | None]) -> None:
    """Keep ``model.column`` the folded text of ``source(row)`` each time a row is saved."""

    def refresh(_mapper: Any, _connection: Any, row: Any) -> None:
        setattr(row, column, fold(source(row)))

    event.listen(model, "before_insert", refresh)
    event.listen(model, "before_update", refresh)


def trigram_index(name: str, column: str) -> Index:
    """A PostgreSQL trigram index on a folded column, which serves ``LIKE '%word%'``. SQLite
    has none (its ``info`` mark tells the schema comparison so); it scans instead."""
    return Index(
        name,
        column,
        postgresql_using="gin",
        postgresql_ops={column: "gin_trgm_ops"},
        info={"postgresql_only": True},
    ).ddl_if(dialect="postgresql")


def prefix_index(name: str, column: str, *, within: str | None = None) -> Index:
    """A PostgreSQL btree index on a folded column that serves ``starts_with`` (below);
    SQLite has none and scans. ``within`` leads the index (a force's rows), so a search
    limited to it reads only those rows' names."""
    return Index(
        name,
        *((within,) if within else ()),
        column,
        postgresql_ops={column: "text_pattern_ops"},
        info={"postgresql_only": True},
    ).ddl_if(dialect="postgresql")


class starts_with(FunctionElement[bool]):
    """The folded column begins with the folded text.

    On PostgreSQL this is ``starts_with()``, which is leak-proof: row-level security lets
    the planner serve it from an index, as it never does ``LIKE`` on guarded rows (whose
    policy must be checked first, row by row). SQLite compares the column's first
    characters, which also takes ``%`` and ``_`` literally.
    """

    type = Boolean()
    name = "starts_with"
    inherit_cache = True


@compiles(starts_with)
def _starts_with(element: starts_with, compiler: Any, **kw: Any) -> str:
    column, text = (compiler.process(c, **kw) for c in element.clauses)
    return f"(substr({column}, 1, length({text})) = {text})"


@compiles(starts_with, "postgresql")
def _starts_with_postgresql(element: starts_with, compiler: Any, **kw: Any) -> str:
    column, text = (compiler.process(c, **kw) for c in element.clauses)
    return f"starts_with({column}, {text})"
