"""A case's contacts, notes and reviews carry their case's force, as its complainants,
subjects and allegations do (0040, 0049), so that row-level security on them is the plain
column test the force's own tables use rather than a look-up of the row's case.

Since 0016 the policy on these rows was "the row's case is one I may see", an ``EXISTS``
on ``cases``: one key lookup for every row read. The measures of first contact read a
year's contacts, and the review measures a year's reviews, each looked up again.

Filled here from each row's case; from now on the models set it as a row is saved
(``complaints.cases.of_case``).

Revision ID: 0050
Revises: 0049
Create Date: 2026-12-05 18:00:00
"""

from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa
from alembic import op

revision = "0050"
down_revision = "0049"
branch_labels = None
depends_on = None

TABLES = ("contacts", "notes", "reviews")
SETTING = "current_setting('complaints.forces', true)"
# Read once a statement, as 0046 rewrote every policy.
UNSET = f"(SELECT coalesce({SETTING}, '') = '')"
OWN_FORCE = f"{UNSET} OR force_id = ANY ((SELECT string_to_array({SETTING}, ',')::int[])::int[])"


def _own_case(table: str) -> str:
    """The policy these tables had: the row's case is one the person may see."""
    return f"{UNSET} OR EXISTS (SELECT 1 FROM cases WHERE cases.id = {table}.case_id)"


def _policy(table: str, rule: str) -> None:
    op.execute(f"DROP POLICY own_forces ON {table}")
    op.execute(f"CREATE POLICY own_forces ON {table} USING ({rule}) WITH CHECK ({rule})")


def _descendants(bind: sa.Connection, table: str) -> list[str]:
    """The tables whose rows point at ``table``, and at those, nearest first."""
    inspector = sa.inspect(bind)
    names = inspector.get_table_names()
    found: list[str] = []
    parents = [table]
    while parents:
        parent = parents.pop(0)
        for name in names:
            points = any(fk["referred_table"] == parent for fk in inspector.get_foreign_keys(name))
            if points and name not in found and name != table:
                found.append(name)
                parents.append(name)
    return found


@contextmanager
def _children_set_aside(table: str) -> Iterator[None]:
    """SQLite changes a table by copying it, dropping it and renaming the copy, and may not
    drop a table other rows point at: on SQLite the rows pointing at ``table`` (and at
    those) are kept aside while it is copied, then put back (as 0027 and 0030 do)."""
    bind = op.get_bind()
    kept = _descendants(bind, table) if bind.dialect.name == "sqlite" else []
    for name in kept:
        op.execute(f"CREATE TEMP TABLE kept_{name} AS SELECT * FROM {name}")
    for name in reversed(kept):
        op.execute(f"DELETE FROM {name}")
    yield
    for name in kept:
        op.execute(f"INSERT INTO {name} SELECT * FROM kept_{name}")
        op.execute(f"DROP TABLE kept_{name}")


def upgrade() -> None:
    bind = op.get_bind()
    postgresql = bind.dialect.name == "postgresql"
    for table in TABLES:
        op.add_column(table, sa.Column("force_id", sa.Integer(), nullable=True))
        if postgresql:
            op.execute(
                f"UPDATE {table} SET force_id = cases.force_id FROM cases "
                f"WHERE cases.id = {table}.case_id"
            )
        else:
            op.execute(
                f"UPDATE {table} SET force_id = "
                f"(SELECT cases.force_id FROM cases WHERE cases.id = {table}.case_id)"
            )
        with _children_set_aside(table), op.batch_alter_table(table) as batch:
            batch.alter_column("force_id", existing_type=sa.Integer(), nullable=False)
            batch.create_foreign_key(
                op.f(f"fk_{table}_force_id_forces"), "forces", ["force_id"], ["id"]
            )
        if postgresql:
            _policy(table, OWN_FORCE)


def downgrade() -> None:
    postgresql = op.get_bind().dialect.name == "postgresql"
    for table in TABLES:
        if postgresql:
            _policy(table, _own_case(table))
        with _children_set_aside(table), op.batch_alter_table(table) as batch:
            batch.drop_constraint(op.f(f"fk_{table}_force_id_forces"), type_="foreignkey")
            batch.drop_column("force_id")
