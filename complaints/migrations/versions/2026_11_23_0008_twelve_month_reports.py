"""Twelve-month investigation reports sent to the OPCC and IOPC.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-23 13:00:00
"""

import sqlalchemy as sa
from alembic import op

from complaints.db import UTCDateTime

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "twelve_month_reports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("investigation_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("sent_on", sa.Date(), nullable=False),
        sa.Column("sent_to_iopc", sa.Boolean(), nullable=False),
        sa.Column("sent_to_opcc", sa.Boolean(), nullable=False),
        sa.Column("withheld_reason", sa.String(length=300), nullable=True),
        sa.Column("progress", sa.Text(), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("recorded_at", UTCDateTime(), nullable=False),
        sa.CheckConstraint("number >= 1", name=op.f("ck_twelve_month_reports_number_positive")),
        sa.CheckConstraint("sent_to_iopc", name=op.f("ck_twelve_month_reports_iopc_told")),
        sa.CheckConstraint(
            "sent_to_opcc = (withheld_reason IS NULL)",
            name=op.f("ck_twelve_month_reports_opcc_told_or_withheld"),
        ),
        sa.ForeignKeyConstraint(
            ["investigation_id"],
            ["investigations.id"],
            name=op.f("fk_twelve_month_reports_investigation_id_investigations"),
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"],
            ["users.id"],
            name=op.f("fk_twelve_month_reports_recorded_by_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_twelve_month_reports")),
        sa.UniqueConstraint("investigation_id", "number", name="uq_twelve_month_reports_number"),
    )
    op.create_index(
        op.f("ix_twelve_month_reports_investigation_id"),
        "twelve_month_reports",
        ["investigation_id"],
    )


def downgrade() -> None:
    op.drop_index(
        op.f("ix_twelve_month_reports_investigation_id"), table_name="twelve_month_reports"
    )
    op.drop_table("twelve_month_reports")
