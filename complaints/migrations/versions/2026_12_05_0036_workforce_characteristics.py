"""Officers' and staff's protected characteristics and each force's workforce profile, for
the disproportionality analysis of the board report. Both belong to a force: on
PostgreSQL row-level security keeps each to its force's users (as 0012 and 0029 do).

Revision ID: 0036
Revises: 0035
Create Date: 2026-12-05 10:00:00
"""

import sqlalchemy as sa
from alembic import op

import complaints.db

revision = "0036"
down_revision = "0035"
branch_labels = None
depends_on = None

SETTING = "current_setting('complaints.forces', true)"
UNSET = f"coalesce({SETTING}, '') = ''"
OWN_FORCE = f"{UNSET} OR force_id = ANY (string_to_array({SETTING}, ',')::int[])"
BY_FORCE = ("subject_characteristics", "workforce_groups")


def upgrade() -> None:
    t = "subject_characteristics"
    op.create_table(
        t,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("force_id", sa.Integer(), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("age_band", sa.String(40), nullable=True),
        sa.Column("sex", sa.String(40), nullable=True),
        sa.Column("ethnicity", sa.String(60), nullable=True),
        sa.Column("disability", sa.String(40), nullable=True),
        sa.Column("religion", sa.String(60), nullable=True),
        sa.Column("sexual_orientation", sa.String(40), nullable=True),
        sa.Column("source", sa.String(20), nullable=False),
        sa.Column("updated_at", complaints.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["force_id"], ["forces.id"], name=op.f(f"fk_{t}_force_id_forces")),
        sa.ForeignKeyConstraint(
            ["subject_id"], ["subjects.id"], name=op.f(f"fk_{t}_subject_id_subjects")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{t}")),
        sa.UniqueConstraint("subject_id", name=op.f(f"uq_{t}_subject_id")),
    )
    op.create_index(op.f(f"ix_{t}_force_id"), t, ["force_id"], unique=False)
    t = "workforce_groups"
    op.create_table(
        t,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("force_id", sa.Integer(), nullable=False),
        sa.Column("characteristic", sa.String(40), nullable=False),
        sa.Column("group", sa.String(60), nullable=False),
        sa.Column("headcount", sa.Integer(), nullable=False),
        sa.Column("updated_at", complaints.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["force_id"], ["forces.id"], name=op.f(f"fk_{t}_force_id_forces")),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{t}")),
        sa.UniqueConstraint(
            "force_id", "characteristic", "group", name=op.f(f"uq_{t}_force_id_characteristic_group")
        ),
    )
    if op.get_bind().dialect.name == "postgresql":
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
    op.drop_table("workforce_groups")
    op.drop_index(op.f("ix_subject_characteristics_force_id"), table_name="subject_characteristics")
    op.drop_table("subject_characteristics")
