"""Indexes for the monthly measures: cases logged or finalised in a period, contacts by date.

Revision ID: 0010
Revises: 0009
Create Date: 2026-11-23 15:00:00
"""

from alembic import op

revision = "0010"
down_revision = "0009"
branch_labels = None
depends_on = None

LOGGED = ("logged_at", "case_type", "finalised_at", "withdrawn_at", "received_on")


def upgrade() -> None:
    op.drop_index("ix_cases_logged_at", table_name="cases")
    op.create_index("ix_cases_logged_at", "cases", list(LOGGED))
    op.drop_index("ix_cases_finalised_at", table_name="cases")
    op.create_index("ix_cases_finalised_at", "cases", ["finalised_at", "case_type"])
    op.create_index("ix_contacts_occurred_on", "contacts", ["occurred_on"])


def downgrade() -> None:
    op.drop_index("ix_contacts_occurred_on", table_name="contacts")
    op.drop_index("ix_cases_finalised_at", table_name="cases")
    op.create_index("ix_cases_finalised_at", "cases", ["finalised_at"])
    op.drop_index("ix_cases_logged_at", table_name="cases")
    op.create_index("ix_cases_logged_at", "cases", ["logged_at"])
