"""A review's recommendations carry their case's force, for row-level security and for
the appropriate authority's start page.

The start page lists the force's recommendations still awaiting a response. With no force
on the row, PostgreSQL read every unanswered recommendation of every force and looked up
its review and case before it could drop another force's (6,327 at a million cases, 100 ms
a view). A partial index on the unanswered ones, led by the force, reads the force's own.
The table had no row-level security: it now has the force's, as its case's rows do.

Filled here from each recommendation's review's case; from now on the model sets it as a
row is saved (``complaints.cases.of_case``).

Revision ID: 0047
Revises: 0046
Create Date: 2026-12-05 15:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0047"
down_revision = "0046"
branch_labels = None
depends_on = None

TABLE = "review_recommendations"
INDEX = "ix_review_recommendations_unanswered"
SETTING = "current_setting('complaints.forces', true)"
# Read once a statement, as 0046 rewrote every policy.
OWN_FORCE = (
    f"(SELECT coalesce({SETTING}, '') = '') OR force_id = ANY "
    f"((SELECT string_to_array({SETTING}, ',')::int[])::int[])"
)
OF_CASE = "SELECT cases.force_id FROM reviews JOIN cases ON cases.id = reviews.case_id"


def upgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    op.add_column(TABLE, sa.Column("force_id", sa.Integer(), nullable=True))
    op.execute(
        f"UPDATE {TABLE} SET force_id = ({OF_CASE} WHERE reviews.id = {TABLE}.review_id)"
    )
    with op.batch_alter_table(TABLE) as batch:
        batch.alter_column("force_id", existing_type=sa.Integer(), nullable=False)
        batch.create_foreign_key(op.f(f"fk_{TABLE}_force_id_forces"), "forces", ["force_id"], ["id"])
    where = sa.text("responded_on IS NULL")
    op.create_index(
        INDEX,
        TABLE,
        ["force_id", "review_id"],
        postgresql_where=where,
        sqlite_where=where,
    )
    if postgresql:
        op.execute(f"ALTER TABLE {TABLE} ENABLE ROW LEVEL SECURITY")
        op.execute(f"ALTER TABLE {TABLE} FORCE ROW LEVEL SECURITY")
        op.execute(
            f"CREATE POLICY own_forces ON {TABLE} USING ({OWN_FORCE}) WITH CHECK ({OWN_FORCE})"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(f"DROP POLICY own_forces ON {TABLE}")
        op.execute(f"ALTER TABLE {TABLE} NO FORCE ROW LEVEL SECURITY")
        op.execute(f"ALTER TABLE {TABLE} DISABLE ROW LEVEL SECURITY")
    op.drop_index(INDEX, TABLE)
    with op.batch_alter_table(TABLE) as batch:
        batch.drop_constraint(op.f(f"fk_{TABLE}_force_id_forces"), type_="foreignkey")
        batch.drop_column("force_id")
