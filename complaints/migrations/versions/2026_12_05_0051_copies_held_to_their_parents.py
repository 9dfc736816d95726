"""The force a row copies from its case (and an allegation's case type, an action's or a
recommendation's force) is held to its source by the database: each row's foreign key to
its parent includes the copied columns. So are the force of a case's bring-forward dates,
legal holds, disposal record and lessons, and of the early-intervention alerts' items
counted from its allegations.

Since 0040, 0047, 0049 and 0050, row-level security on a case's rows tests the force the
row carries, not its case's; on those other rows it always has. Only the application kept
the two equal, so a row written around it with another force's number would have been
shown to that force. Now such a row is refused, and so is a change of a case's force
while it has rows.

Copies that differ from their parent's are first taken again from the parent, which is
the record; then each parent gets a unique index on its id and the copied columns, and
each row's key to its parent is replaced by one over both.

Revision ID: 0051
Revises: 0050
Create Date: 2026-12-05 20:00:00
"""

from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa
from alembic import op

revision = "0051"
down_revision = "0050"
branch_labels = None
depends_on = None

# The unique keys the rows name their parents by: (index, parent, copied columns).
PARENT_KEYS = (
    ("uq_cases_id_force", "cases", ("force_id",)),
    ("uq_cases_id_force_type", "cases", ("force_id", "case_type")),
    ("uq_allegations_id_force", "allegations", ("force_id",)),
    ("uq_reviews_id_force", "reviews", ("force_id",)),
)
# Each row's key to its parent: (table, key column, parent, copied columns), parents first.
ROW_KEYS = (
    ("complainants", "case_id", "cases", ("force_id",)),
    ("case_subjects", "case_id", "cases", ("force_id",)),
    ("allegations", "case_id", "cases", ("force_id", "case_type")),
    ("contacts", "case_id", "cases", ("force_id",)),
    ("notes", "case_id", "cases", ("force_id",)),
    ("reviews", "case_id", "cases", ("force_id",)),
    ("allegation_actions", "allegation_id", "allegations", ("force_id",)),
    ("review_recommendations", "review_id", "reviews", ("force_id",)),
    ("bring_forwards", "case_id", "cases", ("force_id",)),
    ("legal_holds", "case_id", "cases", ("force_id",)),
    ("case_disposals", "case_id", "cases", ("force_id",)),
    ("learning_items", "case_id", "cases", ("force_id",)),
    ("learning_items", "review_id", "reviews", ("force_id",)),
    ("intervention_alert_items", "case_id", "cases", ("force_id",)),
    ("intervention_alert_items", "allegation_id", "allegations", ("force_id",)),
)


def _name(table: str, key: str, parent: str) -> str:
    return f"fk_{table}_{key}_{parent}"


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
    those) are kept aside while it is copied, then put back (as 0027, 0030 and 0050 do)."""
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


def _retake_copies(table: str, key: str, parent: str, copied: tuple[str, ...]) -> None:
    """Set each copied column of ``table`` to its parent's where the two differ."""
    differs = " OR ".join(f"{table}.{c} IS DISTINCT FROM {parent}.{c}" for c in copied)
    if op.get_bind().dialect.name == "postgresql":
        assignments = ", ".join(f"{c} = {parent}.{c}" for c in copied)
        op.execute(
            f"UPDATE {table} SET {assignments} FROM {parent} "
            f"WHERE {parent}.id = {table}.{key} AND ({differs})"
        )
        return
    differs = differs.replace("IS DISTINCT FROM", "IS NOT")
    for column in copied:
        op.execute(
            f"UPDATE {table} SET {column} = "
            f"(SELECT {parent}.{column} FROM {parent} WHERE {parent}.id = {table}.{key}) "
            f"WHERE EXISTS (SELECT 1 FROM {parent} WHERE {parent}.id = {table}.{key} "
            f"AND ({differs}))"
        )


def _key(table: str, key: str, parent: str, columns: tuple[str, ...]) -> None:
    """Make ``table``'s key to ``parent`` the one over ``key`` and ``columns``."""
    name = _name(table, key, parent)
    with _children_set_aside(table), op.batch_alter_table(table) as batch:
        batch.drop_constraint(name, type_="foreignkey")
        batch.create_foreign_key(name, parent, [key, *columns], ["id", *columns])


def upgrade() -> None:
    for table, key, parent, copied in ROW_KEYS:
        _retake_copies(table, key, parent, copied)
    for index, parent, copied in PARENT_KEYS:
        op.create_index(index, parent, ["id", *copied], unique=True)
    for table, key, parent, copied in ROW_KEYS:
        _key(table, key, parent, copied)


def downgrade() -> None:
    for table, key, parent, _copied in reversed(ROW_KEYS):
        _key(table, key, parent, ())
    for index, parent, _copied in reversed(PARENT_KEYS):
        op.drop_index(index, parent)
