"""Monthly board reports as generated, with their SHA-256.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-23 14:00:00
"""

import sqlalchemy as sa
from alembic import op

from complaints.db import UTCDateTime

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "generated_reports",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("month", sa.Date(), nullable=False),
        sa.Column("version", sa.String(40), nullable=False),
        sa.Column("generated_at", UTCDateTime(), nullable=False),
        sa.Column("generated_by_id", sa.Integer(), nullable=True),
        sa.Column("generated_by_name", sa.String(200), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("size_bytes", sa.Integer(), nullable=False),
        sa.Column("filename", sa.String(255), nullable=False),
        sa.CheckConstraint(
            "version IN ('circulated', 'full')", name=op.f("ck_generated_reports_report_version")
        ),
        sa.CheckConstraint("size_bytes > 0", name=op.f("ck_generated_reports_size_positive")),
        sa.CheckConstraint("length(sha256) = 64", name=op.f("ck_generated_reports_sha256_length")),
        sa.ForeignKeyConstraint(
            ["generated_by_id"],
            ["users.id"],
            name=op.f("fk_generated_reports_generated_by_id_users"),
        ),
    )
    op.create_index(op.f("ix_generated_reports_sha256"), "generated_reports", ["sha256"])
    op.create_index("ix_generated_reports_month_version", "generated_reports", ["month", "version"])


def downgrade() -> None:
    op.drop_index("ix_generated_reports_month_version", "generated_reports")
    op.drop_index(op.f("ix_generated_reports_sha256"), "generated_reports")
    op.drop_table("generated_reports")
