"""Officers' and staff's duty status: suspended, on restricted duties or reposted, with
the decision and its reviews (a suspension reviewed at least every four weeks). Like
every table of a force's people, a status carries the force, and on PostgreSQL row-level
security keeps it to that force's people (as 0012 does). Accounts of investigators from
outside the force are marked: only they may investigate a complaint about the chief
constable.

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-05 04:00:00
"""

import sqlalchemy as sa
from alembic import op

import complaints.db

revision = "0024"
down_revision = "0023"
branch_labels = None
depends_on = None

KINDS = ("suspended", "restricted_duties", "reposted")
SETTING = "current_setting('complaints.forces', true)"
UNSET = f"coalesce({SETTING}, '') = ''"
OWN_FORCE = f"{UNSET} OR force_id = ANY (string_to_array({SETTING}, ',')::int[])"


def upgrade() -> None:
    op.add_column(
        "users", sa.Column("external", sa.Boolean(), nullable=False, server_default=sa.false())
    )
    op.create_table(
        "duty_statuses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("force_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(*KINDS, name="duty_kind", native_enum=False, create_constraint=True, length=40),
            nullable=False,
        ),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("started_on", sa.Date(), nullable=False),
        sa.Column("review_due_on", sa.Date(), nullable=True),
        sa.Column("ended_on", sa.Date(), nullable=True),
        sa.Column("end_reason", sa.String(500), nullable=True),
        sa.Column("created_at", complaints.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "ended_on IS NULL OR ended_on >= started_on",
            name=op.f("ck_duty_statuses_ends_after_start"),
        ),
        sa.CheckConstraint(
            "kind <> 'suspended' OR review_due_on IS NOT NULL",
            name=op.f("ck_duty_statuses_suspension_reviewed"),
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"], ["subjects.id"], name=op.f("fk_duty_statuses_subject_id_subjects")
        ),
        sa.ForeignKeyConstraint(
            ["force_id"], ["forces.id"], name=op.f("fk_duty_statuses_force_id_forces")
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"], ["users.id"], name=op.f("fk_duty_statuses_decided_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_duty_statuses")),
    )
    op.create_index("ix_duty_statuses_subject", "duty_statuses", ["subject_id", "ended_on"])
    op.create_index(
        "ix_duty_statuses_reviews_due", "duty_statuses", ["force_id", "review_due_on"]
    )
    op.create_table(
        "duty_reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("duty_status_id", sa.Integer(), nullable=False),
        sa.Column("reviewed_on", sa.Date(), nullable=False),
        sa.Column("reviewed_by_id", sa.Integer(), nullable=True),
        sa.Column("continued", sa.Boolean(), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("created_at", complaints.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["duty_status_id"],
            ["duty_statuses.id"],
            name=op.f("fk_duty_reviews_duty_status_id_duty_statuses"),
        ),
        sa.ForeignKeyConstraint(
            ["reviewed_by_id"], ["users.id"], name=op.f("fk_duty_reviews_reviewed_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_duty_reviews")),
    )
    op.create_index(
        op.f("ix_duty_reviews_duty_status_id"), "duty_reviews", ["duty_status_id"]
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE duty_statuses ENABLE ROW LEVEL SECURITY")
        op.execute("ALTER TABLE duty_statuses FORCE ROW LEVEL SECURITY")
        op.execute(
            "CREATE POLICY own_forces ON duty_statuses "
            f"USING ({OWN_FORCE}) WITH CHECK ({OWN_FORCE})"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP POLICY own_forces ON duty_statuses")
    op.drop_index(op.f("ix_duty_reviews_duty_status_id"), table_name="duty_reviews")
    op.drop_table("duty_reviews")
    op.drop_index("ix_duty_statuses_reviews_due", table_name="duty_statuses")
    op.drop_index("ix_duty_statuses_subject", table_name="duty_statuses")
    op.drop_table("duty_statuses")
    op.drop_column("users", "external")
