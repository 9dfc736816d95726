"""Cases imported from a legacy system's extract: each import (file, SHA-256, force, who,
counts) and, on each case it brought, its legacy reference (unique per force, searched
by the case list), when and by which import. ``case_imports`` carries its force and, on
PostgreSQL, row-level security keeps it to that force's users (as 0029 and 0033 do).

Revision ID: 0038
Revises: 0037
Create Date: 2026-12-05 11:00:00
"""

import sqlalchemy as sa
from alembic import op

import complaints.db

revision = "0038"
down_revision = "0037"
branch_labels = None
depends_on = None

SETTING = "current_setting('complaints.forces', true)"
UNSET = f"coalesce({SETTING}, '') = ''"
OWN_FORCE = f"{UNSET} OR force_id = ANY (string_to_array({SETTING}, ',')::int[])"


def upgrade() -> None:
    t = "case_imports"
    op.create_table(
        t,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("force_id", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(200), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("mapping_name", sa.String(80), nullable=False),
        sa.Column("imported_at", complaints.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("imported_by_id", sa.Integer(), nullable=True),
        sa.Column("rows", sa.Integer(), nullable=False),
        sa.Column("cases_created", sa.Integer(), nullable=False),
        sa.Column("allegations_created", sa.Integer(), nullable=False),
        sa.Column("subjects_created", sa.Integer(), nullable=False),
        sa.Column("rows_already_imported", sa.Integer(), nullable=False),
        sa.Column("rows_skipped", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["force_id"], ["forces.id"], name=op.f("fk_case_imports_force_id_forces")
        ),
        sa.ForeignKeyConstraint(
            ["imported_by_id"], ["users.id"], name=op.f("fk_case_imports_imported_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_case_imports")),
    )
    op.create_index(op.f("ix_case_imports_force_id"), t, ["force_id"])
    op.create_index(op.f("ix_case_imports_sha256"), t, ["sha256"])
    # Plain ALTER TABLE on both databases: SQLite cannot rebuild "cases" while other
    # tables' rows point at it, and adds (and drops) a column without constraints in
    # place. So ``import_id`` names its import without a foreign key; imports are never
    # deleted.
    op.add_column("cases", sa.Column("legacy_reference", sa.String(40), nullable=True))
    op.add_column(
        "cases", sa.Column("imported_at", complaints.db.UTCDateTime(timezone=True), nullable=True)
    )
    op.add_column("cases", sa.Column("import_id", sa.Integer(), nullable=True))
    op.create_index(
        "uq_cases_force_legacy_reference", "cases", ["force_id", "legacy_reference"], unique=True
    )
    op.create_index("ix_cases_legacy_reference", "cases", ["legacy_reference"])
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"ALTER TABLE {t} ENABLE ROW LEVEL SECURITY")
        op.execute(f"ALTER TABLE {t} FORCE ROW LEVEL SECURITY")
        op.execute(f"CREATE POLICY own_forces ON {t} USING ({OWN_FORCE}) WITH CHECK ({OWN_FORCE})")


def downgrade() -> None:
    op.drop_index("ix_cases_legacy_reference", "cases")
    op.drop_index("uq_cases_force_legacy_reference", "cases")
    for column in ("import_id", "imported_at", "legacy_reference"):
        op.drop_column("cases", column)
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP POLICY own_forces ON case_imports")
    op.drop_table("case_imports")
