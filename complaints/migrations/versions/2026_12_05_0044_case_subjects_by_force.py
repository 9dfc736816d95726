"""A force's subjects found by name reach their cases from an index alone.

A name search finds the subject identities whose names begin with the word, in every
force (an officer may have moved), then keeps the links of those subjects to the
person's forces' cases. With only ``(subject_id)`` indexed, each identity's every link
was read from the table to drop other forces' (48,000 buffers for a common surname at
1,000,000 cases); led by the force, then the subject, and holding the case, the index
answers the join alone (7,000 buffers).

Revision ID: 0044
Revises: 0043
Create Date: 2026-12-05 11:55:00
"""

from alembic import op

revision = "0044"
down_revision = "0043"
branch_labels = None
depends_on = None

NAME = "ix_case_subjects_force_subject"


def upgrade() -> None:
    op.create_index(NAME, "case_subjects", ["force_id", "subject_id", "case_id"])


def downgrade() -> None:
    op.drop_index(NAME, "case_subjects")
