"""Figure stamps: how many times each force's figures for a month have changed, so that a
completed month's pack is computed once and kept until a change touches it
(``complaints.reports.kept``).

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-04 21:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "figure_stamps",
        sa.Column("force_id", sa.Integer(), nullable=False),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("stamp", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["force_id"], ["forces.id"], name=op.f("fk_figure_stamps_force_id_forces")
        ),
        sa.PrimaryKeyConstraint("force_id", "month", name=op.f("pk_figure_stamps")),
    )


def downgrade() -> None:
    op.drop_table("figure_stamps")
