"""A generated letter keeps its words as well as its PDF: the letterhead and the blocks the
PDF prints, so that an accessible HTML version of the very letter sent can be opened and
sent later. Letters issued before this have none (their PDF is unchanged). The column is
on ``contacts``, which already keeps each case's force through its case.

Revision ID: 0034
Revises: 0033
Create Date: 2026-12-05 10:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0034"
down_revision = "0033"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("contacts", sa.Column("letter_words", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("contacts") as batch:
        batch.drop_column("letter_words")
