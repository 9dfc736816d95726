"""Retention and disposal (domain.md A12): each force's retention schedule, seeded with
the periods below; legal holds on cases; the record of each monthly review; each case's
disposal (and its date on the case itself); and the equality answers of disposed
complainants kept as counts by force and month. Every table carries the force, and on
PostgreSQL row-level security keeps it to that force's people (as 0028 and 0029 do).

The seeded periods are a starting point (domain.md B7: the periods for complaint and
conduct files are unconfirmed): six years after closure where nobody was found to have
committed misconduct; where someone was, six years after the end of their service, or 30
years after closure while that end is not known; 30 years for a death or serious injury.

Revision ID: 0035
Revises: 0034
Create Date: 2026-12-05 08:00:00
"""

import datetime as dt

import sqlalchemy as sa
from alembic import op

import complaints.db

revision = "0035"
down_revision = "0034"
branch_labels = None
depends_on = None

SETTING = "current_setting('complaints.forces', true)"
UNSET = f"coalesce({SETTING}, '') = ''"
OWN_FORCE = f"{UNSET} OR force_id = ANY (string_to_array({SETTING}, ',')::int[])"
BY_FORCE = (
    "retention_rules",
    "legal_holds",
    "retention_reviews",
    "case_disposals",
    "kept_equality_counts",
)
# (case type, misconduct found, years after closure, years after service)
DEFAULTS = (
    ("complaint", False, 6, None),
    ("complaint", True, 30, 6),
    ("conduct_matter", False, 6, None),
    ("conduct_matter", True, 30, 6),
    ("dsi_matter", False, 30, None),
    ("dsi_matter", True, 30, 6),
)


def _when() -> complaints.db.UTCDateTime:
    return complaints.db.UTCDateTime(timezone=True)


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}")
    )


def upgrade() -> None:
    t = "retention_rules"
    op.create_table(
        t,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("force_id", sa.Integer(), nullable=False),
        sa.Column(
            "case_type",
            sa.Enum(
                "complaint",
                "conduct_matter",
                "dsi_matter",
                name="case_type",
                native_enum=False,
                create_constraint=True,
                length=40,
            ),
            nullable=False,
        ),
        sa.Column("misconduct_found", sa.Boolean(), nullable=False),
        sa.Column("years_after_closure", sa.Integer(), nullable=False),
        sa.Column("years_after_service", sa.Integer(), nullable=True),
        sa.Column("updated_at", _when(), nullable=False),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        _fk(t, "force_id", "forces"),
        _fk(t, "updated_by_id", "users"),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{t}")),
        sa.UniqueConstraint("force_id", "case_type", "misconduct_found", name="uq_retention_rules_kind"),
    )
    t = "legal_holds"
    op.create_table(
        t,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("force_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("placed_at", _when(), nullable=False),
        sa.Column("placed_by_id", sa.Integer(), nullable=True),
        sa.Column("lifted_at", _when(), nullable=True),
        sa.Column("lifted_by_id", sa.Integer(), nullable=True),
        sa.Column("lift_reason", sa.Text(), nullable=True),
        _fk(t, "force_id", "forces"),
        _fk(t, "case_id", "cases"),
        _fk(t, "placed_by_id", "users"),
        _fk(t, "lifted_by_id", "users"),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{t}")),
    )
    op.create_index(op.f("ix_legal_holds_case_id"), t, ["case_id"])
    t = "retention_reviews"
    op.create_table(
        t,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("force_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("cases_due", sa.Integer(), nullable=False),
        sa.Column("recorded_at", _when(), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        _fk(t, "force_id", "forces"),
        _fk(t, "recorded_by_id", "users"),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{t}")),
        sa.UniqueConstraint("force_id", "month", name="uq_retention_reviews_force_month"),
    )
    t = "case_disposals"
    op.create_table(
        t,
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("force_id", sa.Integer(), nullable=False),
        sa.Column("disposed_at", _when(), nullable=False),
        sa.Column("disposed_by_id", sa.Integer(), nullable=True),
        sa.Column("review_due_on", sa.Date(), nullable=False),
        sa.Column("disposed", sa.JSON(), nullable=False),
        _fk(t, "case_id", "cases"),
        _fk(t, "force_id", "forces"),
        _fk(t, "disposed_by_id", "users"),
        sa.PrimaryKeyConstraint("case_id", name=op.f(f"pk_{t}")),
    )
    t = "kept_equality_counts"
    op.create_table(
        t,
        sa.Column("force_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("question", sa.String(40), nullable=False),
        sa.Column("answer", sa.String(60), nullable=False),
        sa.Column("complainants", sa.Integer(), nullable=False),
        _fk(t, "force_id", "forces"),
        sa.PrimaryKeyConstraint("force_id", "month", "question", "answer", name=op.f(f"pk_{t}")),
    )
    op.create_index("ix_kept_equality_counts_month", t, ["month", "question"])
    # A new nullable column without constraints: added in place, no rebuild of "cases"
    # (which SQLite refuses while other rows point at it).
    op.add_column("cases", sa.Column("disposed_at", _when(), nullable=True))

    rules = sa.table(
        "retention_rules",
        sa.column("force_id", sa.Integer()),
        sa.column("case_type", sa.String()),
        sa.column("misconduct_found", sa.Boolean()),
        sa.column("years_after_closure", sa.Integer()),
        sa.column("years_after_service", sa.Integer()),
        sa.column("updated_at", complaints.db.UTCDateTime(timezone=True)),
        sa.column("version", sa.Integer()),
    )
    connection = op.get_bind()
    now = dt.datetime.now(dt.UTC)
    forces = connection.execute(sa.text("SELECT id FROM forces")).scalars().all()
    rows = [
        {
            "force_id": force_id,
            "case_type": case_type,
            "misconduct_found": found,
            "years_after_closure": closure,
            "years_after_service": service,
            "updated_at": now,
            "version": 1,
        }
        for force_id in forces
        for case_type, found, closure, service in DEFAULTS
    ]
    if rows:
        op.bulk_insert(rules, rows)
    if connection.dialect.name == "postgresql":
        for table in BY_FORCE:
            op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
            op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
            op.execute(
                f"CREATE POLICY own_forces ON {table} "
                f"USING ({OWN_FORCE}) WITH CHECK ({OWN_FORCE})"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in BY_FORCE:
            op.execute(f"DROP POLICY own_forces ON {table}")
    op.drop_column("cases", "disposed_at")
    op.drop_index("ix_kept_equality_counts_month", table_name="kept_equality_counts")
    op.drop_table("kept_equality_counts")
    op.drop_table("case_disposals")
    op.drop_table("retention_reviews")
    op.drop_index(op.f("ix_legal_holds_case_id"), table_name="legal_holds")
    op.drop_table("legal_holds")
    op.drop_table("retention_rules")
