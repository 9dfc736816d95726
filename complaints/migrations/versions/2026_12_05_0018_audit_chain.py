"""A tamper-evident audit trail: a hash chain, TRUNCATE refused, and the application's role.

Each audit row gets ``chain_seq`` (1, 2, 3… without gaps, unique) and ``chain_hash``
(``complaints.common.audit_chain``). Rows already written are chained here in the order
they were written (by id), and a first row of the chain's own says from when the trail is
chained: a migrated database therefore never has an empty trail, so an emptied table
shows even before the first checkpoint. Triggers are set aside while the rows are given
their hashes, as only a migration may.

On PostgreSQL a statement trigger refuses TRUNCATE, as the row triggers of 0002 refuse
UPDATE and DELETE (TRUNCATE fires neither). And a role for the running application,
``complaints_service`` (NOLOGIN: the deployment's login role is made a member of it),
is created if the cluster has none yet, and granted what the application needs in this
schema: every table and sequence, but only SELECT and INSERT on ``audit_events`` and
only SELECT on ``alembic_version``. Default privileges give it the same on tables later
migrations create (a later append-only table must revoke like this one). Roles belong to
the cluster, so several databases share it; the grants are per database and schema. The
role is left in place by the downgrade: other databases of the cluster may use it.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-05 12:00:00
"""

import datetime as dt

import sqlalchemy as sa
from alembic import op

import complaints.db
from complaints.common import audit_chain

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None

ROLE = "complaints_service"
BATCH = 10_000

EVENTS = sa.table(
    "audit_events",
    sa.column("id", sa.Integer),
    sa.column("occurred_at", complaints.db.UTCDateTime(timezone=True)),
    *(sa.column(name, sa.String) for name in ("actor_name", "actor_role", "source")),
    *(sa.column(name, sa.String) for name in ("action", "entity_type", "summary")),
    *(sa.column(name, sa.Integer) for name in ("actor_id", "entity_id", "case_id")),
    sa.column("changes", sa.JSON),
    sa.column("chain_seq", sa.Integer),
    sa.column("chain_hash", sa.String),
)

SQLITE_GUARD = (
    """
    CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
    BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END
    """,
    """
    CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
    BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END
    """,
)
CREATE_ROLE = f"""
DO $$
BEGIN
    IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{ROLE}') THEN
        CREATE ROLE {ROLE} NOLOGIN;
    END IF;
EXCEPTION
    WHEN duplicate_object OR unique_violation THEN
        NULL;  -- another database of the cluster made it at the same moment
    WHEN insufficient_privilege THEN
        RAISE EXCEPTION 'role {ROLE} does not exist and % may not create it', current_user
            USING HINT = 'As a superuser, once per cluster: CREATE ROLE {ROLE} NOLOGIN;';
END
$$
"""


def upgrade() -> None:
    dialect = op.get_bind().dialect.name
    with op.batch_alter_table("audit_events") as batch:
        batch.add_column(sa.Column("chain_seq", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("chain_hash", sa.String(length=64), nullable=True))
    if dialect == "postgresql":
        op.execute("ALTER TABLE audit_events DISABLE TRIGGER audit_events_no_update")
    elif dialect == "sqlite":
        op.execute("DROP TRIGGER audit_events_no_update")
    earlier = _chain_existing_rows()
    with op.batch_alter_table("audit_events", recreate="auto") as batch:
        batch.alter_column("chain_seq", existing_type=sa.Integer(), nullable=False)
        batch.alter_column("chain_hash", existing_type=sa.String(length=64), nullable=False)
        batch.create_unique_constraint(batch.f("uq_audit_events_chain_seq"), ["chain_seq"])
    if dialect == "postgresql":
        op.execute("ALTER TABLE audit_events ENABLE TRIGGER audit_events_no_update")
        op.execute(
            "CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events "
            "FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only()"
        )
        _grant_to_service_role()
    elif dialect == "sqlite":
        # Copying the table for NOT NULL dropped its triggers with the old table.
        op.execute("DROP TRIGGER IF EXISTS audit_events_no_delete")
        for statement in SQLITE_GUARD:
            op.execute(statement)
    since = f"the {earlier:,} events before it chained in the order written" if earlier else ""
    audit_chain.append(
        op.get_bind(),
        [
            {
                "occurred_at": dt.datetime.now(dt.UTC),
                "actor_name": "System",
                "source": "migration 0018",
                "action": "chain_started",
                "entity_type": "audit_events",
                "summary": "The audit trail is hash-chained from here"
                + (f", {since}" if since else ""),
            }
        ],
    )


def _chain_existing_rows() -> int:
    """Give the rows already written their place and hash, in id order; how many."""
    connection = op.get_bind()
    previous = audit_chain.Link(0, audit_chain.GENESIS)
    last_id = 0
    while True:
        rows = connection.execute(
            sa.select(EVENTS).where(EVENTS.c.id > last_id).order_by(EVENTS.c.id).limit(BATCH)
        ).all()
        if not rows:
            return previous.seq
        last_id = rows[-1].id
        updates = []
        for row in rows:
            seq = previous.seq + 1
            previous = audit_chain.Link(seq, audit_chain.link(previous.hash, seq, row._mapping))
            updates.append({"row_id": row.id, "seq": seq, "digest": previous.hash})
        connection.execute(
            EVENTS.update()
            .where(EVENTS.c.id == sa.bindparam("row_id"))
            .values(chain_seq=sa.bindparam("seq"), chain_hash=sa.bindparam("digest")),
            updates,
        )


def _grant_to_service_role() -> None:
    schema = op.get_bind().scalar(sa.text("SELECT quote_ident(current_schema())"))
    op.execute(CREATE_ROLE)
    for statement in (
        f"GRANT USAGE ON SCHEMA {schema} TO {ROLE}",
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA {schema} TO {ROLE}",
        f"REVOKE UPDATE, DELETE ON audit_events FROM {ROLE}",
        f"REVOKE INSERT, UPDATE, DELETE ON alembic_version FROM {ROLE}",
        f"GRANT USAGE ON ALL SEQUENCES IN SCHEMA {schema} TO {ROLE}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} "
        f"GRANT SELECT, INSERT, UPDATE, DELETE ON TABLES TO {ROLE}",
        f"ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} GRANT USAGE ON SEQUENCES TO {ROLE}",
    ):
        op.execute(statement)


def downgrade() -> None:
    dialect = op.get_bind().dialect.name
    if dialect == "postgresql":
        schema = op.get_bind().scalar(sa.text("SELECT quote_ident(current_schema())"))
        if op.get_bind().scalar(sa.text(f"SELECT 1 FROM pg_roles WHERE rolname = '{ROLE}'")):
            for statement in (
                f"ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} "
                f"REVOKE SELECT, INSERT, UPDATE, DELETE ON TABLES FROM {ROLE}",
                f"ALTER DEFAULT PRIVILEGES IN SCHEMA {schema} REVOKE USAGE ON SEQUENCES FROM {ROLE}",
                f"REVOKE ALL ON ALL SEQUENCES IN SCHEMA {schema} FROM {ROLE}",
                f"REVOKE ALL ON ALL TABLES IN SCHEMA {schema} FROM {ROLE}",
                f"REVOKE USAGE ON SCHEMA {schema} FROM {ROLE}",
            ):
                op.execute(statement)
        op.execute("DROP TRIGGER audit_events_no_truncate ON audit_events")
    with op.batch_alter_table("audit_events", recreate="auto") as batch:
        batch.drop_constraint(batch.f("uq_audit_events_chain_seq"), type_="unique")
        batch.drop_column("chain_hash")
        batch.drop_column("chain_seq")
    if dialect == "sqlite":
        for name in ("audit_events_no_update", "audit_events_no_delete"):
            op.execute(f"DROP TRIGGER IF EXISTS {name}")
        for statement in SQLITE_GUARD:
            op.execute(statement)
