"""The audit trail's hash chain: each row's hash covers the row and the hash of the row before.

Triggers and grants stop the application rewriting the trail, but not the tables' owner
(nor a superuser, nor anyone with the files). The chain makes a changed, deleted or
missing row visible to ``flask audit verify``; checkpoints of the chain's head kept
outside the database (``flask audit checkpoint``) make even a chain recomputed after the
change visible, since its head no longer matches the one written down.

Writers are serialised so that the chain never forks: on PostgreSQL an advisory lock,
taken before the head is read and held until commit; on SQLite the write lock every
transaction takes (``db.make_engine`` begins them IMMEDIATE). The unique ``chain_seq``
makes a fork impossible to commit even if a writer skipped the lock.

The serialisation is a stored format, the same on SQLite and PostgreSQL: changing it, or
adding a column of ``audit_events`` to it, would break every chain already written.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, func, select, text

from complaints.common.audit_model import AuditEvent

GENESIS = "0" * 64  # the hash the first row follows
FIELDS = (
    "id",
    "occurred_at",
    "actor_id",
    "actor_name",
    "actor_role",
    "source",
    "action",
    "entity_type",
    "entity_id",
    "case_id",
    "changes",
    "summary",
)
# pg_advisory_xact_lock(key, table oid): "AUDT", and the table as this connection's
# search_path finds it, so databases or schemas in one cluster never wait for each other.
_LOCK = text("SELECT pg_advisory_xact_lock(1096106068, 'audit_events'::regclass::oid::int4)")
_TABLE = AuditEvent.__table__


@dataclass(frozen=True)
class Link:
    """A place in the chain: its sequence number and hash (seq 0 is before the first row)."""

    seq: int
    hash: str


def canonical(seq: int, row: Mapping[str, Any]) -> bytes:
    """The row as the chain hashes it: JSON with sorted keys and no spaces, times in UTC
    to the microsecond, ``changes`` as the JSON column gives it back."""
    fields = {name: row.get(name) for name in FIELDS}
    at = fields["occurred_at"]
    fields["occurred_at"] = at.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    fields["seq"] = seq
    return json.dumps(
        fields, sort_keys=True, separators=(",", ":"), ensure_ascii=True, allow_nan=False
    ).encode("ascii")


def link(previous: str, seq: int, row: Mapping[str, Any]) -> str:
    """The hash of a row: SHA-256 of the previous row's hash, a newline and the row."""
    return hashlib.sha256(previous.encode("ascii") + b"\n" + canonical(seq, row)).hexdigest()


def lock(connection: Connection) -> None:
    """Wait for any other writer of the trail to commit (PostgreSQL; held until commit).

    Taken before a flush writes anything, so that a writer never holds a row lock while it
    waits here for another writer that may want that row (a deadlock)."""
    if connection.dialect.name == "postgresql":
        connection.execute(_LOCK)


def head(connection: Connection) -> Link:
    """The last row of the chain (``Link(0, GENESIS)`` for an empty trail)."""
    row = connection.execute(
        select(_TABLE.c.chain_seq, _TABLE.c.chain_hash).order_by(_TABLE.c.chain_seq.desc()).limit(1)
    ).first()
    return Link(row.chain_seq, row.chain_hash) if row else Link(0, GENESIS)


# PostgreSQL: the head and the new rows' ids in one round trip (the lock is held meanwhile).
_HEAD_AND_IDS = text(
    "SELECT h.chain_seq, h.chain_hash, ids.ids FROM (SELECT array_agg(nextval("
    "pg_get_serial_sequence('audit_events', 'id'))) AS ids FROM generate_series(1, :count)) "
    "ids LEFT JOIN LATERAL (SELECT chain_seq, chain_hash FROM audit_events "
    "ORDER BY chain_seq DESC LIMIT 1) h ON true"
)


def _head_and_new_ids(connection: Connection, count: int) -> tuple[Link, list[int]]:
    """The head, and ids for new rows: known before they are inserted, as the hash covers
    them."""
    if connection.dialect.name == "postgresql":
        row = connection.execute(_HEAD_AND_IDS, {"count": count}).one()
        last = Link(row.chain_seq, row.chain_hash) if row.chain_seq else Link(0, GENESIS)
        return last, sorted(row.ids)
    # SQLite: the transaction holds the database's write lock, so no one else is inserting.
    highest = connection.scalar(select(func.coalesce(func.max(_TABLE.c.id), 0)))
    return head(connection), list(range(highest + 1, highest + 1 + count))


def chain(
    connection: Connection, rows: Sequence[Mapping[str, Any]], *, locked: bool = False
) -> list[dict[str, Any]]:
    """The rows with their id, ``chain_seq`` and ``chain_hash``, continuing the chain.

    The caller inserts them in this transaction; the lock then keeps the head theirs.
    """
    if not locked:
        lock(connection)
    last, ids = _head_and_new_ids(connection, len(rows))
    chained = []
    for row, row_id in zip(rows, ids, strict=True):
        values = {name: row.get(name) for name in FIELDS if name != "id"} | {"id": row_id}
        if values["changes"] is not None:  # as the JSON column will give it back
            values["changes"] = json.loads(json.dumps(values["changes"]))
        seq = last.seq + 1
        last = Link(seq, link(last.hash, seq, values))
        chained.append(values | {"chain_seq": seq, "chain_hash": last.hash})
    return chained


def append(
    connection: Connection, rows: Sequence[Mapping[str, Any]], *, locked: bool = False
) -> None:
    """Insert rows at the end of the chain."""
    if rows:
        connection.execute(_TABLE.insert(), chain(connection, rows, locked=locked))


# Verification ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Checkpoint:
    """The chain's head as written down outside the database at a moment."""

    at: dt.datetime
    seq: int
    hash: str

    def line(self) -> str:
        return f"{self.at.astimezone(dt.UTC):%Y-%m-%dT%H:%M:%SZ} {self.seq} {self.hash}\n"

    @classmethod
    def parse(cls, line: str) -> Checkpoint:
        at, seq, digest = line.split()
        when = dt.datetime.strptime(at, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=dt.UTC)
        if len(digest) != 64 or int(seq) < 0:
            raise ValueError(line)
        int(digest, 16)
        return cls(when, int(seq), digest)

    def describe(self) -> str:
        return f"the checkpoint of {self.at.day} {self.at:%B %Y %H:%M} UTC ({self.seq:,} rows)"


@dataclass(frozen=True)
class Break:
    """The first row at which the chain is broken, and how."""

    seq: int
    id: int | None
    reason: str

    def describe(self) -> str:
        where = f"row {self.seq:,}" + (f" (id {self.id})" if self.id is not None else "")
        return f"{where}: {self.reason}"


@dataclass(frozen=True)
class Verdict:
    rows: int  # rows checked
    head: Link  # the last row checked
    broken: Break | None


def verify(
    connection: Connection,
    checkpoints: Iterable[Checkpoint] = (),
    *,
    since_last_checkpoint: bool = False,
    batch: int = 5000,
    progress: Callable[[int], None] | None = None,
) -> Verdict:
    """Walk the chain in order, in batches, recomputing each hash; compare it with every
    checkpoint. With ``since_last_checkpoint``, trust the rows up to the last checkpoint
    once the row there still has its hash, and check the rows after it."""
    checkpoints = sorted(checkpoints, key=lambda c: c.seq)
    start = Link(0, GENESIS)
    if since_last_checkpoint and checkpoints and checkpoints[-1].seq:
        last = checkpoints[-1]
        at = connection.execute(_row_query().where(_TABLE.c.chain_seq == last.seq)).first()
        if at is None or at.chain_hash != last.hash:
            return Verdict(0, head(connection), _against(connection, last, at, 0))
        start = Link(last.seq, last.hash)
    waiting = [c for c in checkpoints if c.seq > start.seq]
    previous, matched = start, start.seq  # the last row a checkpoint vouches for
    for row in _rows(connection, start.seq, batch, progress):
        if row.chain_seq != previous.seq + 1:
            return Verdict(previous.seq - start.seq, previous, _gap(previous, row))
        computed = link(previous.hash, row.chain_seq, row._mapping)
        if computed != row.chain_hash:
            reason = (
                "its contents do not match its hash: the row, or the hash of the row "
                "before it, was changed after it was written"
            )
            return Verdict(previous.seq - start.seq, previous, Break(*_at(row), reason))
        previous = Link(row.chain_seq, computed)
        while waiting and waiting[0].seq == previous.seq:
            checkpoint = waiting.pop(0)
            if checkpoint.hash != previous.hash:
                broken = _against(connection, checkpoint, row, matched)
                return Verdict(previous.seq - start.seq, previous, broken)
            matched = previous.seq
    rows = previous.seq - start.seq
    return Verdict(rows, previous, _after_last_row(connection, previous, waiting, start))


def _row_query():
    return select(_TABLE.c.chain_seq, _TABLE.c.chain_hash, *(_TABLE.c[f] for f in FIELDS))


def _rows(
    connection: Connection, after: int, batch: int, progress: Callable[[int], None] | None
) -> Iterator[Any]:
    """The chain's rows in order, a batch at a time (keyset on the unique chain_seq)."""
    while True:
        rows = connection.execute(
            _row_query().where(_TABLE.c.chain_seq > after).order_by(_TABLE.c.chain_seq).limit(batch)
        ).all()
        if not rows:
            return
        yield from rows
        if progress:
            progress(len(rows))
        after = rows[-1].chain_seq


def _at(row: Any) -> tuple[int, int]:
    return row.chain_seq, row.id


def _gap(previous: Link, row: Any) -> Break:
    if row.chain_seq <= previous.seq:
        return Break(*_at(row), f"a second row numbered {row.chain_seq:,}: the chain was forked")
    missing = previous.seq + 1
    if missing == row.chain_seq - 1:
        which = "missing (deleted)"
    else:
        which = f"missing (deleted), with the rows after it up to {row.chain_seq - 1:,}"
    return Break(missing, None, f"{which}; the next row is {row.chain_seq:,} (id {row.id})")


def _against(connection: Connection, checkpoint: Checkpoint, row: Any, matched: int) -> Break:
    """The row at a checkpoint is missing (``row`` None) or no longer has its hash; rows up
    to ``matched`` matched an earlier checkpoint."""
    if row is None:
        last = head(connection)
        return Break(
            last.seq + 1,
            None,
            f"missing: the trail ends at row {last.seq:,} but {checkpoint.describe()} "
            "counted more (rows were deleted or the table was emptied)",
        )
    since = (
        f"after row {matched:,}, the last that matches an earlier checkpoint, " if matched else ""
    )
    return Break(
        *_at(row),
        f"does not match {checkpoint.describe()}: the trail up to this row was rewritten "
        f"{since}and its hashes recomputed",
    )


def _after_last_row(
    connection: Connection, last: Link, waiting: list[Checkpoint], start: Link
) -> Break | None:
    """What the walk cannot see: rows removed from the end, and rows outside the chain."""
    if waiting:
        return Break(
            last.seq + 1,
            None,
            f"missing: the trail ends at row {last.seq:,} but {waiting[-1].describe()} "
            "counted more (rows were deleted or the table was emptied)",
        )
    if last.seq == 0:
        return Break(
            1,
            None,
            "missing: the trail is empty, yet the migration that started the chain wrote "
            "its first row (the table was emptied)",
        )
    counted = connection.scalar(
        select(func.count()).select_from(_TABLE).where(_TABLE.c.chain_seq > start.seq)
    )
    unchained = connection.scalar(
        select(func.count()).select_from(_TABLE).where(_TABLE.c.chain_seq.is_(None))
    )
    beyond = connection.scalar(
        select(func.count()).select_from(_TABLE).where(_TABLE.c.chain_seq > last.seq)
    )
    extra = counted - beyond - (last.seq - start.seq) + unchained
    if extra:
        return Break(last.seq, None, f"{extra:,} rows are outside the chain (not hashed into it)")
    return None
