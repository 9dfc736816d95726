"""The audit chain in the database: writers committing at once never fork it, rows from
before the chain are chained by the migration, and on PostgreSQL the application's role
may only add and read audit rows while TRUNCATE is refused to everyone.

Tests that commit run in a database of their own (a schema dropped afterwards on
PostgreSQL, a file on SQLite): committed audit rows cannot be removed otherwise.
"""

from __future__ import annotations

import datetime as dt
import threading
import uuid

import pytest
import sqlalchemy as sa
from alembic import command
from sqlalchemy import func, select, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import sessionmaker

from complaints.common import audit, audit_chain
from complaints.common.actor import Actor
from complaints.common.audit_model import AuditEvent
from complaints.db import UTCDateTime, make_engine
from complaints.migrations import alembic_config, upgrade
from complaints.sessions import watch
from tests import factories

SERVICE_ROLE = "complaints_service"


@pytest.fixture()
def scratch_engine(engine, tmp_path):
    """An empty database that commits for real: a schema of its own on PostgreSQL, a file
    on SQLite."""
    if engine.dialect.name != "postgresql":
        scratch = make_engine("sqlite:///" + str(tmp_path / "scratch.sqlite3"))
        yield scratch
        scratch.dispose()
        return
    schema = "scratch_" + uuid.uuid4().hex[:12]
    with engine.begin() as connection:
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    url = engine.url.render_as_string(hide_password=False)
    scratch = make_engine(url, connect_args={"options": f"-csearch_path={schema} -cjit=off"})
    try:
        yield scratch
    finally:
        scratch.dispose()
        with engine.begin() as connection:
            connection.execute(text(f"DROP SCHEMA {schema} CASCADE"))


@pytest.fixture()
def postgres(engine):
    if engine.dialect.name != "postgresql":
        pytest.skip("roles and TRUNCATE are PostgreSQL's")


def _verify(engine) -> audit_chain.Verdict:
    with engine.connect() as connection:
        return audit_chain.verify(connection)


# Writers at once ------------------------------------------------------------------------


def test_writers_committing_at_once_never_fork_the_chain(scratch_engine):
    """Four sessions each commit 25 transactions as fast as they can, each with an event
    ``record``ed and one derived from a change: one unbroken chain, every row in it."""
    upgrade(scratch_engine)
    factory = watch(sessionmaker(bind=scratch_engine, expire_on_commit=False))
    threads, commits = 4, 25
    start = threading.Barrier(threads)
    errors: list[BaseException] = []

    def write(n: int) -> None:
        try:
            start.wait()
            for i in range(commits):
                with factory() as session:
                    audit.act_as(session, Actor.system(f"writer {n}"))
                    audit.record(session, "view", entity_type="cases", summary=f"{n}.{i}")
                    factories.division(session, f"Division {n}.{i}")
                    session.commit()
        except BaseException as error:  # reported below
            errors.append(error)

    workers = [threading.Thread(target=write, args=(n,)) for n in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join(timeout=120)
    assert not errors, errors
    verdict = _verify(scratch_engine)
    assert verdict.broken is None, verdict.broken
    with scratch_engine.connect() as connection:
        written = connection.scalar(select(func.count()).where(AuditEvent.source.like("writer %")))
        total = connection.scalar(select(func.count()).select_from(AuditEvent))
    assert written == threads * commits * 2
    assert verdict.rows == verdict.head.seq == total


# The migration --------------------------------------------------------------------------

BEFORE = sa.table(  # audit_events as migration 0017 leaves it
    "audit_events",
    sa.column("occurred_at", UTCDateTime),
    *(sa.column(name) for name in ("actor_name", "source", "action", "entity_type")),
    sa.column("changes", sa.JSON),
)


def test_rows_written_before_the_chain_are_chained_in_the_order_written(scratch_engine):
    upgrade(scratch_engine, "0017")
    at = dt.datetime(2026, 12, 1, 9, 0, 0, 500, tzinfo=dt.UTC)
    with scratch_engine.begin() as connection:
        for n in range(3):  # later rows with earlier times: the order is the ids'
            connection.execute(
                BEFORE.insert().values(
                    occurred_at=at - dt.timedelta(hours=n),
                    actor_name="Ada",
                    source="10.0.0.9",
                    action="update",
                    entity_type="cases",
                    changes={"state": ["logged", "recorded"], "n": n},
                )
            )
    upgrade(scratch_engine)
    with scratch_engine.connect() as connection:
        rows = connection.execute(
            select(AuditEvent.id, AuditEvent.chain_seq, AuditEvent.summary).order_by(
                AuditEvent.chain_seq
            )
        ).all()
    assert [row.chain_seq for row in rows] == [1, 2, 3, 4]
    assert [row.id for row in rows[:3]] == sorted(row.id for row in rows[:3])
    assert rows[3].summary == (
        "The audit trail is hash-chained from here, the 3 events before it chained in the "
        "order written"
    )
    verdict = _verify(scratch_engine)
    assert verdict.broken is None and verdict.rows == 4


def test_the_migration_goes_down_and_up_again_and_the_chain_carries_on(scratch_engine):
    upgrade(scratch_engine)
    factory = watch(sessionmaker(bind=scratch_engine))
    with factory() as session:
        audit.record(session, "view", entity_type="cases", summary="before the downgrade")
        session.commit()
    config = alembic_config(scratch_engine.url.render_as_string(hide_password=False))
    with scratch_engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0017")
    with scratch_engine.connect() as connection:
        columns = {c["name"] for c in sa.inspect(connection).get_columns("audit_events")}
        assert "chain_seq" not in columns
        if connection.dialect.name == "postgresql":
            assert not connection.scalar(
                text("SELECT has_table_privilege(:role, 'cases', 'SELECT')"),
                {"role": SERVICE_ROLE},
            )
            assert not connection.scalar(
                text(
                    "SELECT count(*) FROM pg_trigger WHERE tgrelid = 'audit_events'::regclass "
                    "AND tgname = 'audit_events_no_truncate'"
                )
            )
    upgrade(scratch_engine)
    verdict = _verify(scratch_engine)
    assert verdict.broken is None and verdict.rows == 3  # and the two chain_started rows


# Roles and TRUNCATE (PostgreSQL) --------------------------------------------------------


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_events SET summary = 'rewritten'",
        "DELETE FROM audit_events",
        "TRUNCATE audit_events",
        "UPDATE alembic_version SET version_num = '0001'",
    ],
)
def test_the_application_role_may_not_change_the_trail(postgres, db, statement):
    db.execute(text(f"SET LOCAL ROLE {SERVICE_ROLE}"))
    with pytest.raises(DBAPIError, match="permission denied"), db.begin_nested():
        db.execute(text(statement))


def test_the_application_role_does_the_applications_work_and_extends_the_chain(postgres, db):
    db.execute(text(f"SET LOCAL ROLE {SERVICE_ROLE}"))
    before = audit_chain.head(db.connection())
    case = factories.complaint(db)
    case.summary = "Changed by the application's role"
    audit.record(db, "view", entity_type="cases", entity_id=case.id, case_id=case.id)
    db.flush()
    assert db.scalar(text("SELECT current_user")) == SERVICE_ROLE
    after = audit_chain.head(db.connection())
    assert after.seq > before.seq
    verdict = audit_chain.verify(db.connection())
    assert verdict.broken is None and verdict.head == after


def test_truncate_is_refused_even_to_the_owner(postgres, db):
    with pytest.raises(DBAPIError, match="append-only"), db.begin_nested():
        db.execute(text("TRUNCATE audit_events"))
