"""Board reports are signed off: a month's report is made as a draft, the force and the
OPCC write commentary on each section, and the OPCC approves it, which publishes it to
the board. The PDFs made when it is published record the report they came from, and
whether they were given to the board: every circulated version made before this was, so
those keep being shown to board members. Like every table of a force's records, the new
ones carry the force, and on PostgreSQL row-level security keeps each to its force's
users (as 0012 does).

Revision ID: 0029
Revises: 0028
Create Date: 2026-12-05 09:00:00
"""

import sqlalchemy as sa
from alembic import op

import complaints.db

revision = "0029"
down_revision = "0028"
branch_labels = None
depends_on = None

SETTING = "current_setting('complaints.forces', true)"
UNSET = f"coalesce({SETTING}, '') = ''"
OWN_FORCE = f"{UNSET} OR force_id = ANY (string_to_array({SETTING}, ',')::int[])"
BY_FORCE = ("board_reports", "report_commentaries")


def _enum(name: str, *values: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=40)


def upgrade() -> None:
    op.create_table(
        "board_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("force_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("state", _enum("board_report_state", "draft", "published"), nullable=False),
        sa.Column("created_at", complaints.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("approved_at", complaints.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("approved_by_id", sa.Integer(), nullable=True),
        sa.Column("approved_by_name", sa.String(200), nullable=True),
        sa.CheckConstraint(
            "state <> 'published' OR approved_at IS NOT NULL",
            name=op.f("ck_board_reports_published_when_approved"),
        ),
        sa.ForeignKeyConstraint(
            ["force_id"], ["forces.id"], name=op.f("fk_board_reports_force_id_forces")
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_board_reports_created_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["approved_by_id"], ["users.id"], name=op.f("fk_board_reports_approved_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_board_reports")),
        sa.UniqueConstraint("force_id", "month", name=op.f("uq_board_reports_force_id_month")),
    )
    op.create_table(
        "report_commentaries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("force_id", sa.Integer(), nullable=False),
        sa.Column("board_report_id", sa.Integer(), nullable=False),
        sa.Column("section", sa.String(40), nullable=False),
        sa.Column("voice", _enum("commentary_voice", "force", "opcc"), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("updated_at", complaints.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("updated_by_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["force_id"], ["forces.id"], name=op.f("fk_report_commentaries_force_id_forces")
        ),
        sa.ForeignKeyConstraint(
            ["board_report_id"],
            ["board_reports.id"],
            name=op.f("fk_report_commentaries_board_report_id_board_reports"),
        ),
        sa.ForeignKeyConstraint(
            ["updated_by_id"],
            ["users.id"],
            name=op.f("fk_report_commentaries_updated_by_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_report_commentaries")),
        sa.UniqueConstraint(
            "board_report_id",
            "section",
            "voice",
            name=op.f("uq_report_commentaries_board_report_id_section_voice"),
        ),
    )
    with op.batch_alter_table("generated_reports") as batch:
        batch.add_column(sa.Column("board_report_id", sa.Integer(), nullable=True))
        # Every circulated version made before sign-off was the board's.
        batch.add_column(
            sa.Column("published", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.create_foreign_key(
            op.f("fk_generated_reports_board_report_id_board_reports"),
            "board_reports",
            ["board_report_id"],
            ["id"],
        )
        batch.create_index(
            op.f("ix_generated_reports_board_report_id"), ["board_report_id"], unique=False
        )
    op.execute("UPDATE generated_reports SET published = TRUE WHERE version = 'circulated'")
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
    with op.batch_alter_table("generated_reports") as batch:
        batch.drop_index(op.f("ix_generated_reports_board_report_id"))
        batch.drop_constraint(
            op.f("fk_generated_reports_board_report_id_board_reports"), type_="foreignkey"
        )
        batch.drop_column("published")
        batch.drop_column("board_report_id")
    op.drop_table("report_commentaries")
    op.drop_table("board_reports")
