"""Twelve-month investigation reports sent to the OPCC and IOPC.

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-23 13:00:00
"""

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
