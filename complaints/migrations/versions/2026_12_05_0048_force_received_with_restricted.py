"""The index of a force's cases by date received also says whether each is restricted.

The start pages count the cases a force received in the last 30 days that the reader may
count, which leaves restricted cases out. With ``restricted`` in the index, the count is
read from the index alone; without it, PostgreSQL chose the index of every force's dates
and read 29,000 rows of the table to count 4,700 (14 ms at a million cases). The case
list's order within a force, which the index was made for (0045), is unchanged.

Revision ID: 0048
Revises: 0047
Create Date: 2026-12-05 15:50:00
"""

from alembic import op

revision = "0048"
down_revision = "0047"
branch_labels = None
depends_on = None

NAME = "ix_cases_force_received"


def upgrade() -> None:
    op.drop_index(NAME, "cases")
    op.create_index(NAME, "cases", ["force_id", "received_on", "id", "restricted"])


def downgrade() -> None:
    op.drop_index(NAME, "cases")
    op.create_index(NAME, "cases", ["force_id", "received_on", "id"])
