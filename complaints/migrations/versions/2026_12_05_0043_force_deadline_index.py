"""A force's cases in order of their next deadline, with what a list's count needs.

The case list sorted by next deadline orders by ``next_deadline_on`` (nulls last, as a
btree keeps them) within the forces a person works for; the index on the date alone
made PostgreSQL walk every force's deadlines to find one force's. Led by the force, the
first page is the index's first rows.

The index also holds the id and the restricted flag, all that the capped count of a
list (``common.pagination``) reads of a case once row-level security and the
restricted-case rule are applied: the count reads the force's first thousand entries
from the index alone, where it read the whole force's (161,537 at 1,000,000 cases) to
build a bitmap before stopping at a thousand.

Revision ID: 0043
Revises: 0042
Create Date: 2026-12-05 10:45:00
"""

from alembic import op

revision = "0043"
down_revision = "0042"
branch_labels = None
depends_on = None

NAME = "ix_cases_force_deadline"


def upgrade() -> None:
    op.create_index(NAME, "cases", ["force_id", "next_deadline_on", "id", "restricted"])


def downgrade() -> None:
    op.drop_index(NAME, "cases")
