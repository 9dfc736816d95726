"""The audit trail's hash chain: every way rows are written is chained, ``flask audit
verify`` passes on an honest trail and names the first broken row after the tables' owner
changes, deletes or empties it, and checkpoints catch a chain recomputed after a change.

Tampering is done as the owner would: the append-only triggers set aside (disabled on
PostgreSQL, dropped on SQLite) inside the test's transaction, which is rolled back.
"""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from complaints.auth.roles import Role
from complaints.common import audit, audit_chain
from complaints.common.audit_model import AuditEvent
from tests import factories

SQLITE_GUARD = {
    "audit_events_no_update": "BEFORE UPDATE",
    "audit_events_no_delete": "BEFORE DELETE",
}


@pytest.fixture()
def checkpoints(app, tmp_path):
    """The checkpoint file, in the test's own folder (never the instance folder's)."""
    path = tmp_path / "audit-checkpoints.txt"
    app.config["AUDIT_CHECKPOINT_FILE"] = str(path)
    return path


def _audit(app, *args: str):
    return app.test_cli_runner().invoke(args=["audit", *args])


def _marked(db, count: int = 5) -> list[tuple[int, int]]:
    """Write ``count`` events with ``record`` and a case's rows through the flush; commit;
    the (chain_seq, id) of the recorded ones."""
    factories.complaint(db)
    for n in range(count):
        audit.record(db, "view", entity_type="cases", summary=f"marked {n}")
    db.commit()
    return [
        tuple(row)
        for row in db.execute(
            select(AuditEvent.chain_seq, AuditEvent.id)
            .where(AuditEvent.summary.like("marked %"))
            .order_by(AuditEvent.chain_seq)
        )
    ]


@contextmanager
def _as_owner(db):
    """The append-only guard set aside, as the tables' owner can."""
    if db.get_bind().dialect.name == "postgresql":
        db.execute(text("ALTER TABLE audit_events DISABLE TRIGGER USER"))
        yield
        db.execute(text("ALTER TABLE audit_events ENABLE TRIGGER USER"))
    else:
        for name in SQLITE_GUARD:
            db.execute(text(f"DROP TRIGGER {name}"))
        yield


def _tamper(db, *statements: str, **params) -> None:
    with _as_owner(db):
        for statement in statements:
            db.execute(text(statement), params)
    db.commit()


def _head(db) -> audit_chain.Link:
    return audit_chain.head(db.connection())


# The serialisation ----------------------------------------------------------------------

ROW = {
    "id": 7,
    "occurred_at": dt.datetime(2026, 11, 20, 10, 0, 0, 123456, tzinfo=dt.UTC),
    "actor_id": 3,
    "actor_name": "Zo\u00eb O\u2019Neill",
    "actor_role": "handler",
    "source": "10.0.0.1",
    "action": "update",
    "entity_type": "cases",
    "entity_id": 12,
    "case_id": 12,
    "changes": {"state": ["logged", "recorded"], "a": [None, 1.5]},
    "summary": None,
}


def test_the_serialisation_is_fixed():
    """A stored format: this hash must never change, or every chain written breaks."""
    assert audit_chain.canonical(1, ROW) == (
        b'{"action":"update","actor_id":3,"actor_name":"Zo\\u00eb O\\u2019Neill",'
        b'"actor_role":"handler","case_id":12,"changes":{"a":[null,1.5],'
        b'"state":["logged","recorded"]},"entity_id":12,"entity_type":"cases","id":7,'
        b'"occurred_at":"2026-11-20T10:00:00.123456Z","seq":1,"source":"10.0.0.1",'
        b'"summary":null}'
    )
    assert audit_chain.link(audit_chain.GENESIS, 1, ROW) == (
        "5cb310bd5a657fd52a53bff06db60fc0ca14d72572139c3d5b098f5fdd4dd8c2"
    )


def test_the_same_moment_in_another_zone_and_keys_in_another_order_hash_the_same():
    moved = ROW | {
        "occurred_at": ROW["occurred_at"].astimezone(dt.timezone(dt.timedelta(hours=5))),
        "changes": {"state": ["logged", "recorded"], "a": [None, 1.5]},
    }
    assert audit_chain.link("a" * 64, 9, moved) == audit_chain.link("a" * 64, 9, ROW)
    assert audit_chain.link("a" * 64, 9, ROW | {"summary": ""}) != audit_chain.link(
        "a" * 64, 9, ROW
    )


# Writing --------------------------------------------------------------------------------


def test_every_way_of_writing_continues_one_chain_and_verify_passes(app, db, checkpoints):
    before = _head(db)
    handler = factories.user(db, Role.HANDLER)  # rows derived by the flush
    event = audit.record(db, "view", entity_type="cases", summary="looked")  # an ORM row
    db.add(  # an event made by hand, as the append-only test of the migrations does
        AuditEvent(
            occurred_at=dt.datetime.now(dt.UTC),
            actor_name="Test",
            source="test",
            action="view",
            entity_type="cases",
        )
    )
    db.commit()
    seqs = db.scalars(
        select(AuditEvent.chain_seq)
        .where(AuditEvent.chain_seq > before.seq)
        .order_by(AuditEvent.chain_seq)
    ).all()
    assert seqs == list(range(before.seq + 1, before.seq + 1 + len(seqs)))
    assert len(seqs) >= 3 and event.chain_seq in seqs
    assert db.scalar(select(func.count()).where(AuditEvent.entity_id == handler.id)) >= 1
    result = _audit(app, "verify")
    assert result.exit_code == 0, result.output
    assert f"Audit trail intact: {before.seq + len(seqs):,} rows" in result.output


def test_values_of_every_kind_come_back_as_they_were_hashed(app, db, checkpoints):
    """Times in other zones and with microseconds, text beyond ASCII, nested changes with
    numbers, lists and nulls: SQLite and PostgreSQL give back what was hashed."""
    audit.record(
        db,
        "update",
        entity_type="cases",
        entity_id=2**31 - 1,
        changes={"z": {"nested": [1, 2.25, None, "é"]}, "a": ["", "\u2019\t\n"], "1": True},
        summary="Zo\u00eb\u2019s \u201cstatement\u201d \u2014 \U0001f693",
        now=dt.datetime(2026, 3, 29, 1, 30, 0, 1, tzinfo=dt.timezone(dt.timedelta(hours=-7))),
    )
    db.commit()
    result = _audit(app, "verify")
    assert result.exit_code == 0, result.output


def test_a_fork_cannot_be_committed(db):
    """Two rows with one place in the chain are refused even if a writer skipped the lock."""
    last = _head(db)
    row = {
        "occurred_at": dt.datetime.now(dt.UTC),
        "actor_name": "Intruder",
        "source": "test",
        "action": "view",
        "entity_type": "cases",
        "chain_seq": last.seq,
        "chain_hash": "f" * 64,
    }
    with pytest.raises(IntegrityError), db.begin_nested():
        db.execute(AuditEvent.__table__.insert(), row)


def test_verify_passes_on_the_demo_data(app, checkpoints):
    runner = app.test_cli_runner()
    seeded = runner.invoke(args=["demo", "seed", "--cases", "12", "--forces", "2"])
    assert seeded.exit_code == 0, seeded.output
    result = _audit(app, "verify")
    assert result.exit_code == 0, result.output
    assert "Audit trail intact" in result.output


# Tampering ------------------------------------------------------------------------------


def test_a_row_changed_with_the_triggers_off_is_named(app, db, checkpoints):
    marked = _marked(db)
    seq, row_id = marked[2]
    _tamper(db, "UPDATE audit_events SET summary = 'nothing to see' WHERE id = :id", id=row_id)
    result = _audit(app, "verify")
    assert result.exit_code == 1
    assert f"Audit trail broken at row {seq:,} (id {row_id}): its contents do not match" in (
        result.output
    )


@pytest.mark.parametrize(
    "change",
    [
        "id = id + 100000",  # even the id is in the hash
        "entity_type = 'users'",
        "chain_seq = chain_seq + 100000",
        "chain_hash = :digest",
    ],
)
def test_any_column_changed_is_named(app, db, checkpoints, change):
    marked = _marked(db)
    seq, row_id = marked[1]
    statement = f"UPDATE audit_events SET {change} WHERE id = :id"  # noqa: S608 (fixed text)
    _tamper(db, statement, id=row_id, digest="0" * 64)
    result = _audit(app, "verify")
    assert result.exit_code == 1
    assert f"broken at row {seq:,}" in result.output


def test_a_deleted_row_is_named_with_the_row_after_it(app, db, checkpoints):
    marked = _marked(db)
    seq, row_id = marked[2]
    _tamper(db, "DELETE FROM audit_events WHERE id = :id", id=row_id)
    result = _audit(app, "verify")
    assert result.exit_code == 1
    next_seq, next_id = marked[3]
    assert (
        f"broken at row {seq:,}: missing (deleted); the next row is {next_seq:,} (id {next_id})"
        in result.output
    )


def test_the_last_rows_deleted_are_caught_by_a_checkpoint(app, db, checkpoints):
    marked = _marked(db)
    assert _audit(app, "checkpoint").exit_code == 0
    _tamper(db, "DELETE FROM audit_events WHERE chain_seq >= :seq", seq=marked[-2][0])
    result = _audit(app, "verify")
    assert result.exit_code == 1
    assert f"broken at row {marked[-2][0]:,}: missing: the trail ends at row" in result.output


def _empty_the_trail(db) -> None:
    """As the owner would: TRUNCATE on PostgreSQL (its trigger set aside), DELETE on SQLite."""
    postgres = db.get_bind().dialect.name == "postgresql"
    _tamper(db, "TRUNCATE audit_events" if postgres else "DELETE FROM audit_events")


def test_an_emptied_table_is_named_even_without_a_checkpoint(app, db, checkpoints):
    _marked(db)
    _empty_the_trail(db)
    result = _audit(app, "verify")
    assert result.exit_code == 1
    assert "broken at row 1: missing: the trail is empty" in result.output


def test_an_emptied_table_is_named_against_the_checkpoint(app, db, checkpoints):
    _marked(db)
    assert _audit(app, "checkpoint").exit_code == 0
    count = _head(db).seq
    _empty_the_trail(db)
    result = _audit(app, "verify")
    assert result.exit_code == 1
    assert "broken at row 1: missing: the trail ends at row 0" in result.output
    assert f"({count:,} rows) counted more" in result.output


def test_a_chain_recomputed_after_a_change_fails_its_checkpoint(app, db, checkpoints):
    """Someone who knows the format rewrites a row and every hash after it: the chain is
    consistent again, but its head is not the one written down, and the checkpoint before
    still matches, which narrows down where the rewrite began."""
    _marked(db)
    assert _audit(app, "checkpoint").exit_code == 0
    vouched = _head(db).seq
    seq = _marked(db, 2)[-1][0]
    assert _audit(app, "checkpoint").exit_code == 0
    with _as_owner(db):
        db.execute(
            text("UPDATE audit_events SET summary = 'rewritten' WHERE chain_seq = :s"), {"s": seq}
        )
        _recompute(db, seq)
    db.commit()
    head = _head(db)
    result = _audit(app, "verify")
    assert result.exit_code == 1
    assert f"broken at row {head.seq:,} (id " in result.output
    assert (
        f"the trail up to this row was rewritten after row {vouched:,}, the last that matches "
        "an earlier checkpoint, and its hashes recomputed"
    ) in result.output.replace("\n", " ")
    # The chain itself is consistent: without the checkpoint file nothing shows.
    assert _audit(app, "verify", "--file", str(checkpoints) + ".elsewhere").exit_code == 0


def _recompute(db, first: int) -> None:
    table = AuditEvent.__table__
    previous = db.scalar(select(table.c.chain_hash).where(table.c.chain_seq == first - 1))
    rows = db.execute(
        select(table).where(table.c.chain_seq >= first).order_by(table.c.chain_seq)
    ).all()
    for row in rows:
        previous = audit_chain.link(previous, row.chain_seq, row._mapping)
        db.execute(
            text("UPDATE audit_events SET chain_hash = :h WHERE id = :id"),
            {"h": previous, "id": row.id},
        )


# Checkpoints ----------------------------------------------------------------------------


def test_checkpoints_append_the_head_and_verify_holds_the_chain_to_each(app, db, checkpoints):
    _marked(db, 2)
    first = _audit(app, "checkpoint")
    assert first.exit_code == 0, first.output
    _marked(db, 3)
    second = _audit(app, "checkpoint")
    assert second.exit_code == 0, second.output
    lines = checkpoints.read_text().splitlines()
    head = _head(db)
    assert len(lines) == 2 and lines[1].split()[1:] == [str(head.seq), head.hash]
    assert lines[1] in second.output
    result = _audit(app, "verify")
    assert result.exit_code == 0, result.output
    assert "matches every checkpoint" in result.output and "(2)" in result.output


def test_no_checkpoint_is_written_for_a_broken_chain(app, db, checkpoints):
    _marked(db)
    assert _audit(app, "checkpoint").exit_code == 0
    seq, row_id = _marked(db, 2)[-2]  # written after the checkpoint
    _tamper(db, "DELETE FROM audit_events WHERE id = :id", id=row_id)
    result = _audit(app, "checkpoint")
    assert result.exit_code == 1
    assert f"broken at row {seq:,}: missing" in result.output
    assert len(checkpoints.read_text().splitlines()) == 1


def test_a_checkpoint_file_that_is_not_one_is_refused(app, db, checkpoints):
    checkpoints.write_text("2026-12-05T10:00:00Z 12 not-a-hash\n")
    result = _audit(app, "verify")
    assert result.exit_code == 1
    assert "line 1: not a checkpoint" in result.output
