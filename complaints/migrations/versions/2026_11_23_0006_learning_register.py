"""Lessons-learned register: every source, responses and sharing.

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23 11:00:00
"""

import datetime as dt

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

IOPC_RESPONSE_DAYS = 56  # fixed here: a later change of the rule must not rewrite history

_items = sa.table(
    "learning_items",
    sa.column("id", sa.Integer),
    sa.column("source", sa.String),
    sa.column("raised_on", sa.Date),
    sa.column("completed_on", sa.Date),
    sa.column("shared_how", sa.Text),
    sa.column("shared_on", sa.Date),
    sa.column("received_on", sa.Date),
    sa.column("response_due_on", sa.Date),
    sa.column("version", sa.Integer),
)


def upgrade() -> None:
    with op.batch_alter_table("learning_items") as batch:
        batch.add_column(sa.Column("source_detail", sa.String(200), nullable=True))
        batch.add_column(sa.Column("shared_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("received_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("response_due_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("response", sa.Text(), nullable=True))
        batch.add_column(sa.Column("response_sent_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("version", sa.Integer(), nullable=True))
    _fill_existing(op.get_bind())
    with op.batch_alter_table("learning_items") as batch:
        batch.alter_column("version", existing_type=sa.Integer(), nullable=False)
        batch.create_check_constraint("shared_when", "(shared_how IS NULL) = (shared_on IS NULL)")
        batch.create_check_constraint(
            "iopc_response_due",
            "source <> 'iopc' OR (received_on IS NOT NULL AND response_due_on IS NOT NULL)",
        )
        batch.create_check_constraint(
            "response_dated", "(response IS NULL) = (response_sent_on IS NULL)"
        )
        batch.create_check_constraint("response_only_iopc", "source = 'iopc' OR response IS NULL")
        batch.create_index("ix_learning_items_response_due", ["response_due_on"])


def _fill_existing(connection: sa.Connection) -> None:
    """Items raised before the register knew these dates: the best dates known."""
    connection.execute(sa.update(_items).values(version=1))
    rows = connection.execute(
        sa.select(
            _items.c.id,
            _items.c.source,
            _items.c.raised_on,
            _items.c.completed_on,
            _items.c.shared_how,
        )
    ).all()
    for row in rows:
        values: dict = {}
        if row.source == "iopc":
            values["received_on"] = row.raised_on
            values["response_due_on"] = row.raised_on + dt.timedelta(days=IOPC_RESPONSE_DAYS)
        if row.shared_how is not None:
            values["shared_on"] = row.completed_on or row.raised_on
        if values:
            connection.execute(sa.update(_items).where(_items.c.id == row.id).values(**values))


def downgrade() -> None:
    with op.batch_alter_table("learning_items") as batch:
        batch.drop_index("ix_learning_items_response_due")
        batch.drop_constraint("response_only_iopc", type_="check")
        batch.drop_constraint("response_dated", type_="check")
        batch.drop_constraint("iopc_response_due", type_="check")
        batch.drop_constraint("shared_when", type_="check")
        batch.drop_column("version")
        batch.drop_column("response_sent_on")
        batch.drop_column("response")
        batch.drop_column("response_due_on")
        batch.drop_column("received_on")
        batch.drop_column("shared_on")
        batch.drop_column("source_detail")
