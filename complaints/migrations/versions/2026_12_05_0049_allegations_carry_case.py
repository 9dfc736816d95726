"""Allegations carry their case's force and type, so that the monthly measures count the
period's allegations from the allegations alone, and row-level security on them is the
plain column test the force's own tables use.

The measures count the allegations of complaints logged in a period. With the force and
the type only on the case, PostgreSQL joined every case of the force to the period's
allegations, so the report slowed as the years kept grew (the 24-month trend took 20 ms
on two years of cases and 65 ms on ten). With both on the allegation, an index on
(force, type, logged) reads the period's rows and nothing else. A case's type is chosen
when it is logged and never changes, nor does its force.

Since 0016 the policy on allegations was "the allegation's case is one I may see", an
``EXISTS`` on ``cases``: one key lookup for every allegation read.

Filled here from each allegation's case; from now on the model sets both as a row is
saved (``complaints.cases.of_case``).

Revision ID: 0049
Revises: 0048
Create Date: 2026-12-05 17:00:00
"""

from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa
from alembic import op

revision = "0049"
down_revision = "0048"
branch_labels = None
depends_on = None

TABLE = "allegations"
INDEX = "ix_allegations_force_type_logged"
CASE_TYPES = ("complaint", "conduct_matter", "dsi_matter")
SETTING = "current_setting('complaints.forces', true)"
# Read once a statement, as 0046 rewrote every policy.
UNSET = f"(SELECT coalesce({SETTING}, '') = '')"
OWN_FORCE = f"{UNSET} OR force_id = ANY ((SELECT string_to_array({SETTING}, ',')::int[])::int[])"
OWN_CASE = f"{UNSET} OR EXISTS (SELECT 1 FROM cases WHERE cases.id = {TABLE}.case_id)"


@contextmanager
def _children_set_aside(table: str) -> Iterator[None]:
    """SQLite changes a table by copying it, dropping it and renaming the copy, and may not
    drop a table other rows point at: on SQLite the rows pointing at ``table`` are kept
    aside while it is copied, then put back (as 0027 does)."""
    bind = op.get_bind()
    children: list[str] = []
    if bind.dialect.name == "sqlite":
        inspector = sa.inspect(bind)
        children = [
            name
            for name in inspector.get_table_names()
            if any(fk["referred_table"] == table for fk in inspector.get_foreign_keys(name))
        ]
    for name in children:
        op.execute(f"CREATE TEMP TABLE kept_{name} AS SELECT * FROM {name}")
        op.execute(f"DELETE FROM {name}")
    yield
    for name in children:
        op.execute(f"INSERT INTO {name} SELECT * FROM kept_{name}")
        op.execute(f"DROP TABLE kept_{name}")


def _policy(rule: str) -> None:
    op.execute(f"DROP POLICY own_forces ON {TABLE}")
    op.execute(f"CREATE POLICY own_forces ON {TABLE} USING ({rule}) WITH CHECK ({rule})")


def upgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    op.add_column(TABLE, sa.Column("force_id", sa.Integer(), nullable=True))
    op.add_column(TABLE, sa.Column("case_type", sa.String(40), nullable=True))
    if postgresql:
        op.execute(
            f"UPDATE {TABLE} SET force_id = cases.force_id, case_type = cases.case_type "
            f"FROM cases WHERE cases.id = {TABLE}.case_id"
        )
    else:
        op.execute(
            f"UPDATE {TABLE} SET "
            f"force_id = (SELECT cases.force_id FROM cases WHERE cases.id = {TABLE}.case_id), "
            f"case_type = (SELECT cases.case_type FROM cases WHERE cases.id = {TABLE}.case_id)"
        )
    allowed = ", ".join(f"'{t}'" for t in CASE_TYPES)
    with _children_set_aside(TABLE), op.batch_alter_table(TABLE) as batch:
        batch.alter_column("force_id", existing_type=sa.Integer(), nullable=False)
        batch.alter_column("case_type", existing_type=sa.String(40), nullable=False)
        batch.create_foreign_key(op.f(f"fk_{TABLE}_force_id_forces"), "forces", ["force_id"], ["id"])
        batch.create_check_constraint(op.f(f"ck_{TABLE}_case_type"), f"case_type IN ({allowed})")
    op.create_index(INDEX, TABLE, ["force_id", "case_type", "logged_at"])
    if postgresql:
        _policy(OWN_FORCE)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        _policy(OWN_CASE)
    op.drop_index(INDEX, TABLE)
    with _children_set_aside(TABLE), op.batch_alter_table(TABLE) as batch:
        batch.drop_constraint(op.f(f"ck_{TABLE}_case_type"), type_="check")
        batch.drop_constraint(op.f(f"fk_{TABLE}_force_id_forces"), type_="foreignkey")
        batch.drop_column("case_type")
        batch.drop_column("force_id")
