"""A national dataset on PostgreSQL in minutes: N cases over Y years spread over F forces.

The cases come from ``bench/bulk_dataset.py``'s generator, which walks each case along
its route with the national mix (allegations per case, IOPC category shares, handling,
reviews, subjects named again and again); here it runs once per force, and the forces'
cases are interleaved by receipt date, as they reach a joint service, so ids and pages
are not one force after another. Each force has its own divisions, staff, subjects and
reference numbers (``NOR-CO/2026/00042``). Everything is written with COPY
(``bench/copy_rows.py``) in batches of a few thousand cases, one transaction each, on a
thread of its own while the next batch is generated: the generator (Python) and the
server (parsing, checks, indexes) each keep one of the two cores busy. Indexes and
foreign keys stay in place throughout: at a million cases the load still takes well
under ten minutes, and nothing has to be rebuilt or re-validated afterwards.

Every account can sign in with the demo password and the demo authenticator's codes;
argon2 is slow on purpose, so the password is hashed once and the hash given to all.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from itertools import accumulate

import psycopg
from psycopg import sql
from psycopg.rows import dict_row
from sqlalchemy import Engine
from sqlalchemy.engine import URL, make_url

from bench import bulk_dataset as generator
from bench import scale_forces
from bench.copy_rows import Behind, Copier
from complaints.auth.services import hash_password
from complaints.cases import awaiting
from complaints.db import Base, make_engine
from complaints.demo.seed import DEMO_PASSWORD
from complaints.demo.tuning import DEMO_TOTP_SECRET
from complaints.forces.models import FIRST_FORCE_ID

BATCH_CASES = 5_000  # generated, then copied and committed, at a time
# Written per batch in this order (the foreign keys'); memberships follow their users.
ORDER = (
    "users",
    "force_memberships",
    *(name for name in generator.ORDER if name != "users"),
)
# The load's own connection: a crash loses the last batches at worst, and the build
# would start again anyway.
SESSION = ("SET synchronous_commit = off",)
# Tables counted in the summary: the generator's, and what the forces add.
SUMMARY = ("forces", "divisions", *ORDER)


@dataclass
class Built:
    """What a build made: rows per table, forces with their case counts, and timings."""

    rows: dict[str, int]
    forces: list[tuple[scale_forces.NewForce, int]]
    phases: dict[str, float] = field(default_factory=dict)

    @property
    def seconds(self) -> float:
        return sum(self.phases.values())


def conninfo(url: URL) -> str:
    """The SQLAlchemy URL as libpq takes it."""
    return url.set(drivername="postgresql").render_as_string(hide_password=False)


def ensure_database(url: str) -> None:
    """Create the database if it does not exist yet (connecting to ``postgres`` to do so)."""
    target = make_url(url)
    with psycopg.connect(conninfo(target.set(database="postgres")), autocommit=True) as c:
        if not c.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", (target.database,)
        ).fetchone():
            c.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(target.database)))


APP_ROLE = "complaints_app"
SERVICE_ROLE = "complaints_service"  # made by migration 0018


def as_application_role(url: str) -> str:
    """The URL the service connects with, as production connects: an ordinary role that
    owns nothing, a member of the group role the migrations grant the application's
    rights to (``complaints_service``: no UPDATE, DELETE or TRUNCATE on the audit trail),
    so row-level security applies to it (a superuser is never limited by it). The role is
    made, or kept, with no password: the bench's PostgreSQL trusts local connections."""
    target = make_url(url)
    with psycopg.connect(conninfo(target), autocommit=True) as c:
        if not c.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (APP_ROLE,)).fetchone():
            c.execute(sql.SQL("CREATE ROLE {} LOGIN").format(sql.Identifier(APP_ROLE)))
        c.execute(
            sql.SQL("GRANT {} TO {}").format(sql.Identifier(SERVICE_ROLE), sql.Identifier(APP_ROLE))
        )
    return target.set(username=APP_ROLE, password=None).render_as_string(hide_password=False)


def build(
    url: str,
    cases: int,
    *,
    years: int,
    forces: int,
    today: dt.date,
    seed: int = 2026,
    progress: Callable[[int], None] | None = None,
) -> Built:
    """Reset the database's schema and fill it; the same seed and day give the same data."""
    phases: dict[str, float] = {}
    clock = time.perf_counter()
    ensure_database(url)
    engine = make_engine(url)
    generator.reset(engine)
    phases["schema"] = time.perf_counter() - clock
    try:
        with psycopg.connect(conninfo(engine.url)) as connection:
            for setting in SESSION:
                connection.execute(setting)
            made = _fill(connection, engine, cases, years, forces, today, seed, progress, phases)
            clock = time.perf_counter()
            _fix_sequences(connection)
            connection.commit()
            # Which cases wait for a decision depends on their other rows, so it is stored
            # once they are all in, by the rule the app keeps it with.
            with engine.begin() as stored:
                awaiting.refresh(stored)
            phases["decisions waiting"] = time.perf_counter() - clock
            clock = time.perf_counter()
            connection.autocommit = True
            # Autovacuum would do this within minutes of a load like this one; done now,
            # the pages are timed against the database as it settles, not while it does.
            connection.execute("VACUUM (ANALYZE)")
            phases["vacuum and analyze"] = time.perf_counter() - clock
            return Built(count_rows(connection), made, phases)
    finally:
        engine.dispose()


def count_rows(connection: psycopg.Connection) -> dict[str, int]:
    return {
        name: connection.execute(
            sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(name))
        ).fetchone()[0]
        for name in SUMMARY
    }


def _fill(
    connection: psycopg.Connection,
    engine: Engine,
    cases: int,
    years: int,
    count: int,
    today: dt.date,
    seed: int,
    progress: Callable[[int], None] | None,
    phases: dict[str, float],
) -> list[tuple[scale_forces.NewForce, int]]:
    clock = time.perf_counter()
    copier = Copier(connection, engine.dialect)
    rng = random.Random(seed)
    now = dt.datetime.combine(today, dt.time(9), dt.UTC)
    forces = _add_forces(connection, copier, count, now)
    owner_of = rng.choices(
        range(count), cum_weights=list(accumulate(scale_forces.shares(count))), k=cases
    )
    received = list(generator.received_days(rng, cases, today, years))
    per_force = Counter(owner_of)
    builders = _people(connection, copier, rng, forces, per_force, years, today)
    connection.commit()
    phases["forces and people"] = time.perf_counter() - clock

    clock = time.perf_counter()
    months: list[set[tuple[int, int]]] = [set() for _ in forces]
    writer = Behind()  # the connection is the writer's until it finishes

    def write(batch: generator.Batch) -> None:
        _write(copier, batch)
        connection.commit()

    pending = 0
    try:
        for day, owner in zip(received, owner_of, strict=True):
            builders[owner].case(day)
            months[owner].add((day.year, day.month))
            pending += 1
            if pending == BATCH_CASES:
                writer.submit(partial(write, _take(builders)))
                if progress:
                    progress(pending)
                pending = 0
        for builder, seen in zip(builders, months, strict=True):
            builder.other_learning(seen)
            builder.counter_rows()
        writer.submit(partial(write, _take(builders)))
    finally:
        writer.finish()
    if progress and pending:
        progress(pending)
    phases["cases"] = time.perf_counter() - clock
    return [(force, per_force[n]) for n, force in enumerate(forces)]


def _add_forces(
    connection: psycopg.Connection, copier: Copier, count: int, now: dt.datetime
) -> list[scale_forces.NewForce]:
    """The migration's force and ``count - 1`` more, each with the first force's divisions."""
    with connection.cursor(row_factory=dict_row) as cursor:
        first = cursor.execute("SELECT * FROM forces WHERE id = %s", (FIRST_FORCE_ID,)).fetchone()
        models = cursor.execute(
            "SELECT * FROM divisions WHERE force_id = %s ORDER BY id", (FIRST_FORCE_ID,)
        ).fetchall()
        next_division = cursor.execute("SELECT max(id) + 1 AS n FROM divisions").fetchone()["n"]
    short = first["name"].split()[0]
    forces = scale_forces.new_forces(
        count, scale_forces.NewForce(first["id"], first["code"], first["name"], short)
    )
    copier.copy("forces", [scale_forces.force_row(f, first, now) for f in forces[1:]])
    for force in forces[1:]:
        rows = scale_forces.division_rows(force, models, next_division)
        next_division += len(rows)
        copier.copy("divisions", rows)
    return forces


def _people(
    connection: psycopg.Connection,
    copier: Copier,
    rng: random.Random,
    forces: list[scale_forces.NewForce],
    per_force: Counter[int],
    years: int,
    today: dt.date,
) -> list[generator.Builder]:
    """Each force's staff (members of it) and subjects, written; a case builder for each."""
    with connection.cursor() as cursor:
        categories = dict(
            cursor.execute("SELECT code, id FROM allegation_categories WHERE NOT legacy").fetchall()
        )
        divisions: dict[int, dict[str, str]] = {}
        for force_id, code, id_ in cursor.execute("SELECT force_id, code, id FROM divisions"):
            divisions.setdefault(force_id, {})[code.rsplit("-", 1)[-1]] = id_
    password = hash_password(DEMO_PASSWORD)
    start = today - dt.timedelta(days=365 * years)
    ids = generator.Ids()
    builders = []
    for n, force in enumerate(forces):
        spec = generator.ForceSpec(
            id=force.id,
            code=force.code if len(forces) > 1 else None,
            years=years,
            password_hash=password,
            totp_secret=DEMO_TOTP_SECRET,
        )
        staff = scale_forces.staff_counts(generator.STAFF, per_force[n], years)
        batch, pools = generator.force_people(
            rng, ids, per_force[n], start, divisions[force.id], categories, spec, staff
        )
        batch.rows["force_memberships"] = scale_forces.memberships(batch.rows["users"], force.id)
        _write(copier, batch)
        builders.append(generator.Builder(None, pools, ids, rng, today))
    for builder in builders:  # one batch for all, taken by ``_take``
        builder.batch = builders[0].batch
    return builders


def _take(builders: list[generator.Builder]) -> generator.Batch:
    """The rows all builders made since the last take; they share one batch."""
    batch = builders[0].take()
    for builder in builders:
        builder.batch = builders[0].batch
    return batch


def _write(copier: Copier, batch: generator.Batch) -> None:
    unknown = set(batch.rows) - set(ORDER)
    if unknown:
        raise ValueError(f"no COPY order for {sorted(unknown)}")
    for name in ORDER:
        copier.copy(name, batch.rows.get(name, []))


def _fix_sequences(connection: psycopg.Connection) -> None:
    """Ids were given explicitly: move each table's sequence past them."""
    for table in Base.metadata.sorted_tables:
        if "id" in table.c and table.c.id.primary_key:
            statement = sql.SQL(
                "SELECT setval(pg_get_serial_sequence({name}, 'id'), "
                "coalesce((SELECT max(id) FROM {table}), 0) + 1, false)"
            )
            connection.execute(
                statement.format(name=sql.Literal(table.name), table=sql.Identifier(table.name))
            )
