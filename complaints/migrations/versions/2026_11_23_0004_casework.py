"""Casework: linked cases, the confirmed review body, the next deadline, letters sent.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 09:00:00
"""

import sqlalchemy as sa
from alembic import op

from complaints.db import UTCDateTime

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

REVIEW_BODIES = "review_body IN ('opcc', 'iopc')"
DEADLINE_KINDS = (
    "next_deadline_kind IN ('update', 'outcome_letter', 'review_window', 'twelve_month_report')"
)


def upgrade() -> None:
    op.create_table(
        "case_links",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("linked_case_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(200), nullable=False),
        sa.Column("same_incident", sa.Boolean(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("case_id <> linked_case_id", name=op.f("ck_case_links_not_self")),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_case_links_case_id_cases")
        ),
        sa.ForeignKeyConstraint(
            ["linked_case_id"], ["cases.id"], name=op.f("fk_case_links_linked_case_id_cases")
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_case_links_created_by_id_users")
        ),
        sa.UniqueConstraint("case_id", "linked_case_id", name="uq_case_links_pair"),
    )
    op.create_index(op.f("ix_case_links_case_id"), "case_links", ["case_id"])
    op.create_index(op.f("ix_case_links_linked_case_id"), "case_links", ["linked_case_id"])
    with op.batch_alter_table("cases") as batch:
        batch.add_column(sa.Column("review_body", sa.String(40), nullable=True))
        batch.add_column(sa.Column("review_body_reason", sa.String(300), nullable=True))
        batch.add_column(sa.Column("next_deadline_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("next_deadline_kind", sa.String(40), nullable=True))
        batch.create_check_constraint("case_review_body", REVIEW_BODIES)
        batch.create_check_constraint("deadline_kind", DEADLINE_KINDS)
        batch.create_index("ix_cases_next_deadline", ["next_deadline_on"])
    with op.batch_alter_table("contacts") as batch:
        batch.add_column(sa.Column("attachment_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            "fk_contacts_attachment_id_attachments", "attachments", ["attachment_id"], ["id"]
        )


def downgrade() -> None:
    with op.batch_alter_table("contacts") as batch:
        batch.drop_constraint("fk_contacts_attachment_id_attachments", type_="foreignkey")
        batch.drop_column("attachment_id")
    with op.batch_alter_table("cases") as batch:
        batch.drop_index("ix_cases_next_deadline")
        batch.drop_constraint("deadline_kind", type_="check")
        batch.drop_constraint("case_review_body", type_="check")
        batch.drop_column("next_deadline_kind")
        batch.drop_column("next_deadline_on")
        batch.drop_column("review_body_reason")
        batch.drop_column("review_body")
    op.drop_index(op.f("ix_case_links_linked_case_id"), "case_links")
    op.drop_index(op.f("ix_case_links_case_id"), "case_links")
    op.drop_table("case_links")
