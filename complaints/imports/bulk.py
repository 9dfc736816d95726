"""Rows of one table inserted in bulk, in the session's transaction: what an import of
hundreds of thousands of rows needs to go in at thousands of rows a second. Bulk inserts
fire no ORM events: the caller fills derived columns, and the audit trail gets what the
caller records."""

from __future__ import annotations

from typing import Any

from sqlalchemy import Table, insert, text
from sqlalchemy.orm import Session

BATCH = 2000
ROWS_A_STATEMENT = 100
MAX_PARAMETERS = 30000  # PostgreSQL takes at most 65,535 in one statement


def insert_rows(session: Session, model: Any, rows: list[dict], *, ids: bool = False) -> list[int]:
    """Insert ``rows`` in batches; their new ids in the same order when asked."""
    if not rows:
        return []
    table = model if isinstance(model, Table) else model.__table__
    if session.get_bind().dialect.name == "postgresql":
        return _insert_postgresql(session, table, rows, ids=ids)
    # Every row names every column, None included (``render_nulls``), so each batch is
    # one statement rather than one per pattern of empty cells.
    found: list[int] = []
    options = {"render_nulls": True}
    for start in range(0, len(rows), BATCH):
        batch = rows[start : start + BATCH]
        if ids:
            statement = insert(model).returning(model.id, sort_by_parameter_order=True)
            found.extend(session.scalars(statement, batch, execution_options=options).all())
        else:
            session.execute(insert(model), batch, execution_options=options)
    return found


def _insert_postgresql(session: Session, table: Table, rows: list[dict], *, ids: bool) -> list[int]:
    """On PostgreSQL: ids drawn from the table's sequence in one statement, then the rows
    sent a hundred to a prepared INSERT through the driver. SQLAlchemy's multi-row VALUES
    spends more time building each statement of thousands of parameters than the
    database spends on it, and one statement a row costs the server an execution each;
    COPY would be faster still, but PostgreSQL refuses COPY FROM into tables under
    row-level security, as the application's own role is."""
    from psycopg import sql  # the PostgreSQL driver: not needed on SQLite

    connection = session.connection()
    dialect = connection.dialect
    found: list[int] = []
    if ids:
        found = list(
            connection.execute(
                text(
                    "SELECT nextval(pg_get_serial_sequence(:table, 'id')) "
                    "FROM generate_series(1, :n)"
                ),
                {"table": table.name, "n": len(rows)},
            ).scalars()
        )
        rows = [{**row, "id": id_} for row, id_ in zip(rows, found, strict=True)]
    names = list(rows[0])
    processors = [
        table.c[name].type.dialect_impl(dialect).bind_processor(dialect) for name in names
    ]
    values = [
        tuple(
            process(row[name]) if process is not None and row[name] is not None else row[name]
            for name, process in zip(names, processors, strict=True)
        )
        for row in rows
    ]
    cursor = connection.connection.driver_connection.cursor()
    # Rows go ROWS_A_STATEMENT to one prepared statement (the last few to a shorter one):
    # fewer statements for the server to execute than one a row.
    per = max(1, min(ROWS_A_STATEMENT, MAX_PARAMETERS // len(names)))
    whole = len(values) - len(values) % per
    for size, chunk in ((per, values[:whole]), (len(values) - whole, values[whole:])):
        if not chunk:
            continue
        statement = sql.SQL("INSERT INTO {} ({}) VALUES {}").format(
            sql.Identifier(table.name),
            sql.SQL(", ").join(sql.Identifier(name) for name in names),
            sql.SQL(", ").join(
                sql.SQL("({})").format(sql.SQL(", ").join(sql.Placeholder() for _ in names))
                for _ in range(size)
            ),
        )
        flat = [
            tuple(value for row in chunk[start : start + size] for value in row)
            for start in range(0, len(chunk), size)
        ]
        cursor.executemany(statement, flat)
    return found
