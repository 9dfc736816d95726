"""The PCC is the appropriate authority exactly for complaints about the chief constable.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-22 21:00:00
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.create_check_constraint(
            "pcc_is_aa_for_chief", "(appropriate_authority = 'pcc') = about_chief_officer"
        )


def downgrade() -> None:
    with op.batch_alter_table("cases") as batch:
        batch.drop_constraint("pcc_is_aa_for_chief", type_="check")
