"""The generator's rows (dicts keyed by column name) written with PostgreSQL's COPY.

COPY is what makes a national dataset a matter of minutes, but it bypasses the ORM and
SQLAlchemy's insert machinery, so this module does their part itself:

- the column list comes from the model's ``Table`` (``complaints.models`` loads them all),
  so a column the schema gains while the generator does not know it is filled with its
  scalar Python default, NULL if it may be, or named in an error;
- the search columns the models keep folded (``keep_folded``, which runs only on ORM
  flushes) are filled here from the same sources, with the same ``fold``;
- whether a case waits for the appropriate authority's decision (``awaits_decision``,
  kept at ORM flushes by ``complaints.cases.awaiting``) depends on the case's other rows,
  so it is copied as false and the builders store it with ``awaiting.refresh`` once every
  row is in;
- each value goes through its column type's bind processor, as an insert would send it
  (enums by value, timestamps as aware UTC, JSON as text).
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Callable, Iterable
from functools import cache
from typing import Any

import psycopg
from psycopg import sql
from sqlalchemy import Column, Table
from sqlalchemy.engine import Dialect

import complaints.models  # noqa: F401  (every table joins the metadata)
from complaints.common.folding import fold
from complaints.db import Base

Row = dict[str, Any]

# Columns the models derive on save (``complaints.common.folding.keep_folded``): table ->
# column -> the text it is folded from. Applied only where the table has the column.
DERIVED: dict[str, dict[str, Callable[[Row], str]]] = {
    "cases": {"search_summary": lambda r: r["summary"]},
    "complainants": {
        "search_name": lambda r: f"{r['given_name']} {r['family_name']}",
        "search_family": lambda r: r["family_name"],
    },
    "subject_identities": {
        "search_name": lambda r: f"{r['given_name'] or ''} {r['family_name'] or ''}",
        "search_family": lambda r: r["family_name"],
    },
}

folded = cache(fold)  # a few thousand distinct names and summaries among millions of rows


class SchemaMismatch(ValueError):
    """The generator's rows and the schema disagree: the message names table and column."""


def derive(name: str, rows: list[Row]) -> None:
    """Fill the folded search columns of these rows, as the models would on save."""
    columns = Base.metadata.tables[name].c
    for column, source in DERIVED.get(name, {}).items():
        if column in columns:
            for row in rows:
                row[column] = folded(source(row))


def _default(column: Column) -> tuple[bool, Any]:
    """(True, value) for a column a row may leave out; (False, None) if it may not."""
    default = column.default
    if default is not None and default.is_scalar:
        return True, default.arg
    if column.nullable:
        return True, None
    return False, None


Plan = tuple[sql.Composed, Callable[[Row], tuple]]  # the COPY statement, a row converter


class TableCopy:
    """How rows of one table become COPY rows: the columns, their defaults, converters."""

    def __init__(self, table: Table, dialect: Dialect):
        self.table = table
        self.processors = {
            c.name: c.type.dialect_impl(dialect).bind_processor(dialect) for c in table.columns
        }
        self._plans: dict[tuple[frozenset[str], bool], Plan] = {}

    def plan(self, rows: list[Row]) -> Plan:
        """The COPY statement and the row converter for a batch, checked against the schema."""
        keys = frozenset().union(*rows)
        uniform = {len(row) for row in rows} == {len(keys)}  # every row has every key
        if not uniform:
            self._check_required(rows, keys)
        plan = self._plans.get((keys, uniform))
        if plan is None:
            plan = self._plans[(keys, uniform)] = self._compile(keys, uniform)
        return plan

    def _check_required(self, rows: list[Row], keys: frozenset[str]) -> None:
        for column in self.table.columns:
            required = column.name in keys and not _default(column)[0]
            if required and any(column.name not in row for row in rows):
                raise SchemaMismatch(
                    f"{self.table.name}.{column.name} is NOT NULL, has no default, "
                    "and some rows leave it out"
                )

    def _compile(self, keys: frozenset[str], uniform: bool) -> Plan:
        name = self.table.name
        unknown = keys - set(self.table.c.keys())
        if unknown:
            raise SchemaMismatch(f"{name} has no column {sorted(unknown)}: has the schema changed?")
        names, parts, constants = [], [], {}
        for column in self.table.columns:
            may_omit, default = _default(column)
            if column.name not in keys:
                if not may_omit:
                    if column.server_default is not None:
                        continue  # COPY leaves it to the database
                    raise SchemaMismatch(
                        f"{name}.{column.name} is NOT NULL, has no default, "
                        "and the generator does not fill it"
                    )
                value = f"c[{column.name!r}]"
                constants[column.name] = default
            elif uniform:
                value = f"r[{column.name!r}]"
            else:
                value = f"r.get({column.name!r}, c[{column.name!r}])"
                constants[column.name] = default
            if self.processors[column.name] is not None:
                value = f"p[{column.name!r}]({value})"
            names.append(column.name)
            parts.append(value)
        # One tuple expression per table: much faster than a loop over columns per row.
        source = f"lambda r: ({', '.join(parts)},)"  # made of column names from the model
        convert = eval(source, {"p": self.processors, "c": constants})  # noqa: S307
        statement = sql.SQL("COPY {} ({}) FROM STDIN").format(
            sql.Identifier(name), sql.SQL(", ").join(map(sql.Identifier, names))
        )
        return statement, convert


class Copier:
    """Writes batches of rows into their tables with COPY, on one psycopg connection."""

    def __init__(self, connection: psycopg.Connection, dialect: Dialect):
        self.connection = connection
        self.dialect = dialect
        self._tables: dict[str, TableCopy] = {}

    def copy(self, name: str, rows: list[Row]) -> int:
        if not rows:
            return 0
        derive(name, rows)
        table = self._tables.get(name)
        if table is None:
            table = self._tables[name] = TableCopy(Base.metadata.tables[name], self.dialect)
        statement, convert = table.plan(rows)
        with self.connection.cursor() as cursor, cursor.copy(statement) as copy:
            write = copy.write_row
            for row in rows:
                write(convert(row))
        return len(rows)

    def copy_all(self, batches: Iterable[tuple[str, list[Row]]]) -> int:
        return sum(self.copy(name, rows) for name, rows in batches)


class Behind:
    """Runs writes on a thread of their own, one at a time, while the caller makes the next
    rows: the server's work (parsing, indexes, foreign keys) overlaps the generator's
    instead of following it. Python's lock is released while the server is awaited.

    ``submit`` waits while a write is still queued, so at most two batches are in memory;
    an error in a write is raised by the next ``submit`` or by ``finish``.
    """

    def __init__(self) -> None:
        self._queue: queue.Queue[Callable[[], None] | None] = queue.Queue(maxsize=1)
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._run, name="copy", daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while (work := self._queue.get()) is not None:
            if self._error is None:
                try:
                    work()
                except BaseException as error:  # handed to the caller's thread
                    self._error = error

    def _check(self) -> None:
        if self._error is not None:
            raise self._error

    def submit(self, work: Callable[[], None]) -> None:
        self._check()
        self._queue.put(work)

    def finish(self) -> None:
        """Wait for every write submitted; raise the first error, if any."""
        self._queue.put(None)
        self._thread.join()
        self._check()
