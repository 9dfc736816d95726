"""Allegations get their own logged date, so that one added to a case later counts in the
month it was added (domain.md A6), not the month its case was logged. Allegations already
held take their case's logged date: until now every allegation counted then. An index on
the date serves the monthly measures.

Revision ID: 0027
Revises: 0025
Create Date: 2026-12-05 07:00:00
"""

from collections.abc import Iterator
from contextlib import contextmanager

import sqlalchemy as sa
from alembic import op

import complaints.db

revision = "0027"
down_revision = "0025"
branch_labels = None
depends_on = None


@contextmanager
def _children_set_aside(table: str) -> Iterator[None]:
    """SQLite changes a table by copying it, dropping it and renaming the copy, and may not
    drop a table other rows point at: on SQLite the rows pointing at ``table`` (an
    allegation's subjects) are kept aside while it is copied, then put back."""
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


def upgrade() -> None:
    op.add_column(
        "allegations",
        sa.Column("logged_at", complaints.db.UTCDateTime(timezone=True), nullable=True),
    )
    op.execute(
        "UPDATE allegations SET logged_at = "
        "(SELECT cases.logged_at FROM cases WHERE cases.id = allegations.case_id)"
    )
    with _children_set_aside("allegations"), op.batch_alter_table("allegations") as batch:
        batch.alter_column(
            "logged_at", existing_type=complaints.db.UTCDateTime(timezone=True), nullable=False
        )
    op.create_index("ix_allegations_logged_at", "allegations", ["logged_at", "case_id"])


def downgrade() -> None:
    op.drop_index("ix_allegations_logged_at", table_name="allegations")
    with _children_set_aside("allegations"), op.batch_alter_table("allegations") as batch:
        batch.drop_column("logged_at")
