"""Subject access requests (domain.md A12): the request with its deadline and state, the
complainant records the appropriate authority confirmed are the person's, and the
redactions marked on what is sent. Like every table of a force's records, each carries
the force, and on PostgreSQL row-level security keeps it to that force's users (as 0012
and 0029 do).

Revision ID: 0033
Revises: 0030
Create Date: 2026-12-05 10:00:00
"""

import sqlalchemy as sa
from alembic import op

import complaints.db

revision = "0033"
down_revision = "0030"
branch_labels = None
depends_on = None

SETTING = "current_setting('complaints.forces', true)"
UNSET = f"coalesce({SETTING}, '') = ''"
OWN_FORCE = f"{UNSET} OR force_id = ANY (string_to_array({SETTING}, ',')::int[])"
BY_FORCE = ("access_requests", "access_request_records", "access_redactions")


def _enum(name: str, *values: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=40)


def _when() -> complaints.db.UTCDateTime:
    return complaints.db.UTCDateTime(timezone=True)


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}")
    )


def upgrade() -> None:
    t = "access_requests"
    op.create_table(
        t,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("force_id", sa.Integer(), nullable=False),
        sa.Column("person_kind", _enum("person_kind", "complainant", "subject"), nullable=False),
        sa.Column("person_name", sa.String(200), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=True),
        sa.Column("received_on", sa.Date(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column(
            "state",
            _enum("request_state", "open", "assembled", "redacted", "completed", "withdrawn"),
            nullable=False,
        ),
        sa.Column("assembled_at", _when(), nullable=True),
        sa.Column("redacted_at", _when(), nullable=True),
        sa.Column("sent_on", sa.Date(), nullable=True),
        sa.Column("withdrawn_on", sa.Date(), nullable=True),
        sa.Column("withdrawn_reason", sa.String(500), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", _when(), nullable=False),
        sa.Column("updated_at", _when(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint("due_on > received_on", name=op.f(f"ck_{t}_due_after_received")),
        sa.CheckConstraint(
            "(person_kind = 'subject') = (subject_id IS NOT NULL)",
            name=op.f(f"ck_{t}_subject_named"),
        ),
        sa.CheckConstraint(
            "state <> 'completed' OR sent_on IS NOT NULL",
            name=op.f(f"ck_{t}_completed_when_sent"),
        ),
        sa.CheckConstraint(
            "state <> 'withdrawn' OR withdrawn_on IS NOT NULL",
            name=op.f(f"ck_{t}_withdrawn_dated"),
        ),
        _fk(t, "force_id", "forces"),
        _fk(t, "subject_id", "subjects"),
        _fk(t, "created_by_id", "users"),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{t}")),
    )
    op.create_index(op.f(f"ix_{t}_subject_id"), t, ["subject_id"])
    op.create_index("ix_access_requests_force_due", t, ["force_id", "due_on"])
    op.create_index("ix_access_requests_force_received", t, ["force_id", "received_on"])

    t = "access_request_records"
    op.create_table(
        t,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("force_id", sa.Integer(), nullable=False),
        sa.Column("complainant_id", sa.Integer(), nullable=False),
        _fk(t, "request_id", "access_requests"),
        _fk(t, "force_id", "forces"),
        _fk(t, "complainant_id", "complainants"),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{t}")),
        sa.UniqueConstraint(
            "request_id", "complainant_id", name="uq_access_request_records_request_complainant"
        ),
    )
    op.create_index(op.f(f"ix_{t}_complainant_id"), t, ["complainant_id"])

    t = "access_redactions"
    op.create_table(
        t,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("request_id", sa.Integer(), nullable=False),
        sa.Column("force_id", sa.Integer(), nullable=False),
        sa.Column("extract_id", sa.String(40), nullable=True),
        sa.Column("phrase", sa.Text(), nullable=True),
        sa.Column(
            "reason",
            _enum("redaction_reason", "third_party", "law_enforcement", "legal_privilege", "other"),
            nullable=False,
        ),
        sa.Column("reason_other", sa.String(300), nullable=True),
        sa.Column("suggested", sa.Boolean(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", _when(), nullable=False),
        sa.Column("removed_by_id", sa.Integer(), nullable=True),
        sa.Column("removed_at", _when(), nullable=True),
        sa.CheckConstraint(
            "phrase IS NOT NULL OR extract_id IS NOT NULL", name=op.f(f"ck_{t}_names_what")
        ),
        sa.CheckConstraint(
            "reason <> 'other' OR reason_other IS NOT NULL", name=op.f(f"ck_{t}_other_explained")
        ),
        sa.CheckConstraint(
            "(removed_at IS NULL) = (removed_by_id IS NULL)", name=op.f(f"ck_{t}_removed_by_whom")
        ),
        _fk(t, "request_id", "access_requests"),
        _fk(t, "force_id", "forces"),
        _fk(t, "created_by_id", "users"),
        _fk(t, "removed_by_id", "users"),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{t}")),
    )
    op.create_index(op.f(f"ix_{t}_request_id"), t, ["request_id"])
    if op.get_bind().dialect.name == "postgresql":
        for table in BY_FORCE:
            op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
            op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
            op.execute(
                f"CREATE POLICY own_forces ON {table} USING ({OWN_FORCE}) WITH CHECK ({OWN_FORCE})"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in BY_FORCE:
            op.execute(f"DROP POLICY own_forces ON {table}")
    op.drop_table("access_redactions")
    op.drop_table("access_request_records")
    op.drop_table("access_requests")
