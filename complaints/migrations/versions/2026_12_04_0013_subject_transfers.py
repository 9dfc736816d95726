"""Officers move between forces: each version of a person's identity records the force
they served in it, and a force still sees the people named on its own cases after they
have moved on.

On PostgreSQL the policy on ``subjects`` (0012) widens from "of my forces" to "of my
forces, or named on a case of my forces": the case's own force keeps its history, while
the person's new force alone finds them for new cases.

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-04 20:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0013"
down_revision = "0012"
branch_labels = None
depends_on = None

SETTING = "current_setting('complaints.forces', true)"
UNSET = f"coalesce({SETTING}, '') = ''"
OWN_FORCE = f"{UNSET} OR force_id = ANY (string_to_array({SETTING}, ',')::int[])"
ON_OWN_CASE = f"{OWN_FORCE} OR id IN (SELECT subject_id FROM case_subjects)"


def upgrade() -> None:
    with op.batch_alter_table("subject_identities") as batch:
        batch.add_column(sa.Column("force_id", sa.Integer(), nullable=True))
    op.execute(
        "UPDATE subject_identities SET force_id = "
        "(SELECT force_id FROM subjects WHERE subjects.id = subject_identities.subject_id)"
    )
    with op.batch_alter_table("subject_identities") as batch:
        batch.alter_column("force_id", existing_type=sa.Integer(), nullable=False)
        batch.create_foreign_key(
            op.f("fk_subject_identities_force_id_forces"), "forces", ["force_id"], ["id"]
        )
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP POLICY own_forces ON subjects")
        op.execute(
            f"CREATE POLICY own_forces ON subjects USING ({ON_OWN_CASE}) WITH CHECK ({OWN_FORCE})"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP POLICY own_forces ON subjects")
        op.execute(
            f"CREATE POLICY own_forces ON subjects USING ({OWN_FORCE}) WITH CHECK ({OWN_FORCE})"
        )
    with op.batch_alter_table("subject_identities") as batch:
        batch.drop_constraint(op.f("fk_subject_identities_force_id_forces"), type_="foreignkey")
        batch.drop_column("force_id")
