"""The monthly report's figures at a date read the cases open then, not all history.

Open cases at the end of a month (and the investigations, overdue updates and divisions
counted among them) were found by reading every case logged before that day and
dropping those finalised or withdrawn by then: at ten years of cases, ten years of rows
for a few thousand open ones, so that the report's time grew with the history kept. The
measures now say which cases can be open at a date in a form indexes answer: those open
now (a partial index, which holds only them), or finalised or withdrawn since (the
finalised date's index, and a new one on the withdrawn date).

Revision ID: 0042
Revises: 0041
Create Date: 2026-12-05 10:30:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0042"
down_revision = "0041"
branch_labels = None
depends_on = None

OPEN = "finalised_at IS NULL AND withdrawn_at IS NULL"


def upgrade() -> None:
    op.create_index(
        "ix_cases_open",
        "cases",
        ["logged_at"],
        postgresql_where=sa.text(OPEN),
        sqlite_where=sa.text(OPEN),
    )
    op.create_index("ix_cases_withdrawn_at", "cases", ["withdrawn_at"])


def downgrade() -> None:
    op.drop_index("ix_cases_withdrawn_at", "cases")
    op.drop_index("ix_cases_open", "cases")
