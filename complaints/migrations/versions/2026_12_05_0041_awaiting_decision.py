"""Whether each case waits for the appropriate authority's decision, kept on the case
(``cases.awaits_decision``), and a partial index on a force's waiting cases by deadline.

"Decisions waiting" evaluated its rule (the workflow's guards as SQL) over every one of a
force's cases in deciding states, twice a page: some 80 ms at a million cases. The rule's
answer is now kept by ``complaints.cases.awaiting`` at each flush that writes what it
reads, and the queue reads the index. Filled here for the cases already held, by the
same rule.

Revision ID: 0041
Revises: 0040
Create Date: 2026-12-05 12:00:00
"""

import sqlalchemy as sa
from alembic import op

from complaints.cases import awaiting

revision = "0041"
down_revision = "0040"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Added in place (SQLite too): rebuilding the table would trip its foreign keys.
    op.add_column(
        "cases",
        sa.Column("awaits_decision", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    # The index first, while every case is false: made after the fill, PostgreSQL could
    # use it only once every transaction older than the fill had ended (the fill's
    # updates, made while the column was in no index, would be heap-only ones).
    op.create_index(
        "ix_cases_awaiting_decision",
        "cases",
        ["force_id", "next_deadline_on", "id"],
        postgresql_where=sa.text("awaits_decision"),
        sqlite_where=sa.text("awaits_decision = 1"),
    )
    bind = op.get_bind()
    awaiting.refresh(bind)
    if bind.dialect.name == "postgresql":
        op.execute("ANALYZE cases")  # the planner learns how few cases are marked


def downgrade() -> None:
    op.drop_index("ix_cases_awaiting_decision", "cases")
    op.drop_column("cases", "awaits_decision")  # in place, as it was added
