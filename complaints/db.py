"""Database plumbing: the declarative base, column types and the engine/session factory.

Plain SQLAlchemy 2.0 (no Flask-SQLAlchemy) so that services, the CLI, reports and tests
use the same session without a request. The web layer keeps one session per app context
(see ``complaints.web``) and commits once, at the edge.
"""

from __future__ import annotations

import datetime as dt
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy import (
    Date,
    DateTime,
    ForeignKeyConstraint,
    Integer,
    MetaData,
    create_engine,
    event,
    text,
)
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.ext.compiler import compiles
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker
from sqlalchemy.sql.functions import FunctionElement
from sqlalchemy.types import TypeDecorator

# Stable constraint names, so that Alembic can alter them on SQLite and PostgreSQL alike.
NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)


# Marks that models put in a column's ``info`` (``mapped_column(..., info=PERSONAL)``) to
# tell the audit trail (``complaints.common.audit``) how to treat it. The model is their
# one home: the trail reads them from the mapper and keeps no list of its own.
#
# PERSONAL: may hold personal data, as free text about what happened names people as often
# as not, and a document's name often names the complainant ("Statement of Jo Public.pdf").
# The trail records that it changed, never its values, because the trail cannot be edited
# and such data must be erasable with the record. On a table (``__table_args__ =
# {"info": PERSONAL}``) it marks every column but the table's primary and foreign keys.
PERSONAL = {"personal": True}
# SECRET: a secret (a password hash, a session token): the trail says "[redacted]" instead.
SECRET = {"secret": True}
# LEADS_TO_CASE: on the foreign key of a row with no ``case_id`` of its own, the row it
# points to belongs to the same case (so the trail files the change under that case).
LEADS_TO_CASE = {"leads_to_case": True}
# DERIVED: kept from other columns of the row (a folded copy for searching); the trail
# records the columns it comes from and leaves it out.
DERIVED = {"derived": True}


def with_parent(key: str, parent: str, *copied: str) -> ForeignKeyConstraint:
    """The foreign key ``key`` to ``parent``'s id, taken together with columns the row
    copies from its parent (a case's force, say: row-level security tests the copy), so
    that the database refuses a copy that differs from the parent's own. The parent has a
    unique key on its id and those columns. Relationships over it name ``key`` as their
    one foreign key column, so that they join on the id alone."""
    return ForeignKeyConstraint(
        [key, *copied], [f"{parent}.id", *(f"{parent}.{column}" for column in copied)]
    )


class UTCDateTime(TypeDecorator):
    """A timestamp that is always timezone-aware UTC in Python, on SQLite as on PostgreSQL."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given where an aware UTC one is required")
        value = value.astimezone(dt.UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: dt.datetime | None, dialect: Any) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


class london_day(FunctionElement):
    """The London date of a stored time, worked out by the database: the measures count
    days to the day a case was logged or finalised there, and doing it in SQL lets the
    database group or sum a year's cases (Python prices each (received, logged) pair of
    dates in working days once, not every case). PostgreSQL converts with its own time
    zone data; SQLite has none and calls the Python function each connection is given."""

    type = Date()
    name = "london_day"
    inherit_cache = True


@compiles(london_day, "postgresql")
def _london_day_postgresql(element: london_day, compiler: Any, **kw: Any) -> str:
    return f"CAST(timezone('Europe/London', {compiler.process(element.clauses, **kw)}) AS DATE)"


@compiles(london_day, "sqlite")
def _london_day_sqlite(element: london_day, compiler: Any, **kw: Any) -> str:
    return f"london_day({compiler.process(element.clauses, **kw)})"


class days_between(FunctionElement):
    """The calendar days from one date to another (negative if the second is earlier), in
    SQL, so that a mean of days over a year's cases is a sum the database returns."""

    type = Integer()
    name = "days_between"
    inherit_cache = True


@compiles(days_between, "postgresql")
def _days_between_postgresql(element: days_between, compiler: Any, **kw: Any) -> str:
    start, end = (compiler.process(c, **kw) for c in element.clauses)
    return f"({end} - {start})"


@compiles(days_between, "sqlite")
def _days_between_sqlite(element: days_between, compiler: Any, **kw: Any) -> str:
    start, end = (compiler.process(c, **kw) for c in element.clauses)
    return f"CAST(julianday({end}) - julianday({start}) AS INTEGER)"


_LONDON = ZoneInfo("Europe/London")


def _sqlite_london_day(stored: str | None) -> str | None:
    """``london_day`` on SQLite: a UTC time as ``UTCDateTime`` stores it to its London date."""
    if stored is None:
        return None
    moment = dt.datetime.fromisoformat(stored).replace(tzinfo=dt.UTC)
    return moment.astimezone(_LONDON).date().isoformat()


def make_engine(url: str, **kwargs: Any) -> Engine:
    """An engine with SQLite set up as the product needs it: WAL and foreign keys on; and
    PostgreSQL without JIT compilation, whose start-up cost the planner's estimates for
    large tables switch on for queries that then take milliseconds (it cost seconds), and
    planning every statement for its values: psycopg prepares a statement sent five times,
    and PostgreSQL's one plan for any values then read a force's cases for a name search
    that its own plan answers from a few index entries; and pricing a random read as the
    SSD or memory it comes from (1.1, not the spinning disk's 4), or the report's joins
    scanned all of a force's history rather than reaching the month's rows by index."""
    if url.startswith("sqlite"):
        kwargs.setdefault("connect_args", {"timeout": 30})
    elif url.startswith("postgresql"):
        kwargs.setdefault(
            "connect_args",
            {"options": "-c jit=off -c plan_cache_mode=force_custom_plan -c random_page_cost=1.1"},
        )
    # Statement parameters hold complainants' personal data: keep them out of errors/logs.
    kwargs.setdefault("hide_parameters", True)
    engine = create_engine(url, **kwargs)
    if engine.dialect.name == "sqlite":
        event.listen(engine, "connect", _sqlite_on_connect)
        event.listen(engine, "begin", _sqlite_on_begin)
    return engine


def refresh_statistics(connection: Connection) -> bool:
    """Give SQLite's planner statistics of the data (``ANALYZE``); whether it did.

    SQLite keeps none until asked, and without them it takes every index to be selective:
    a search at 50,000 cases walked every subject of the force to test each name (90 ms)
    where, told that a force's rows are most of the table, it reads the names first (20
    ms). Every row is read (0.2 s at 50,000 cases): a sample of the first rows of an index
    led by the force took one force for many. Tables still empty get no statistics, so
    asking early does no harm. PostgreSQL keeps its own (autovacuum): nothing is done
    there."""
    if connection.dialect.name != "sqlite":
        return False
    connection.exec_driver_sql("ANALYZE")
    return True


def _sqlite_on_connect(dbapi_connection: Any, _record: Any) -> None:
    # Let SQLAlchemy, not pysqlite, issue BEGIN, so that transactions and savepoints
    # behave as on PostgreSQL.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA busy_timeout=30000")
    cursor.close()
    dbapi_connection.create_function("london_day", 1, _sqlite_london_day, deterministic=True)


def _sqlite_on_begin(connection: Any) -> None:
    # IMMEDIATE takes the write lock at the start, so two writers queue instead of one
    # failing half-way with "database is locked".
    connection.exec_driver_sql("BEGIN IMMEDIATE")


def make_session_factory(engine: Engine) -> sessionmaker:
    return sessionmaker(bind=engine, expire_on_commit=False, autoflush=True)


# Row-level security (PostgreSQL): the request edge says which forces the signed-in person
# works for, and every transaction of that request tells the database, whose policies
# (migration 0012) then refuse other forces' rows even to a query that forgets the filter.
FORCES_SETTING = "complaints.forces"
_FORCES_KEY = "complaints.forces"


def scope_to_forces(session: Session, forces: frozenset[int]) -> None:
    """Limit the database's answers in this session to these forces' rows (PostgreSQL)."""
    # '0' matches no force: someone who works for none sees nothing.
    session.info[_FORCES_KEY] = ",".join(str(f) for f in sorted(forces)) or "0"
    if session.in_transaction():
        _tell_database(session.connection(), session.info[_FORCES_KEY])


def _tell_database(connection: Any, forces: str) -> None:
    if connection.dialect.name == "postgresql":
        connection.execute(
            text("SELECT set_config(:name, :forces, true)"),
            {"name": FORCES_SETTING, "forces": forces},
        )


@event.listens_for(Session, "after_begin")
def _scope_new_transaction(session: Session, _transaction: Any, connection: Any) -> None:
    forces = session.info.get(_FORCES_KEY)
    if forces is not None:
        _tell_database(connection, forces)
