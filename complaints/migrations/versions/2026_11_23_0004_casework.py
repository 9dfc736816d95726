"""Casework: linked cases, the confirmed review body, the next deadline, letters sent.

Revision ID: 0004
Revises: 0003
Create Date: 2026-11-23 09:00:00
"""

import sqlalchemy as sa
from alembic import op

from complaints.cases import deadlines
from complaints.common.clock import london_date
from complaints.db import UTCDateTime

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None

REVIEW_BODIES = "review_body IN ('opcc', 'iopc')"
DEADLINE_KINDS = (
    "next_deadline_kind IN ('update', 'outcome_letter', 'review_window', 'twelve_month_report')"
)


def upgrade() -> None:
    op.create_table(
        "case_links",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("linked_case_id", sa.Integer(), nullable=False),
        sa.Column("reason", sa.String(200), nullable=False),
        sa.Column("same_incident", sa.Boolean(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.CheckConstraint("case_id <> linked_case_id", name=op.f("ck_case_links_not_self")),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_case_links_case_id_cases")
        ),
        sa.ForeignKeyConstraint(
            ["linked_case_id"], ["cases.id"], name=op.f("fk_case_links_linked_case_id_cases")
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_case_links_created_by_id_users")
        ),
        sa.UniqueConstraint("case_id", "linked_case_id", name="uq_case_links_pair"),
    )
    op.create_index(op.f("ix_case_links_case_id"), "case_links", ["case_id"])
    op.create_index(op.f("ix_case_links_linked_case_id"), "case_links", ["linked_case_id"])
    with op.batch_alter_table("cases") as batch:
        batch.add_column(sa.Column("review_body", sa.String(40), nullable=True))
        batch.add_column(sa.Column("review_body_reason", sa.String(300), nullable=True))
        batch.add_column(sa.Column("next_deadline_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("next_deadline_kind", sa.String(40), nullable=True))
        batch.create_check_constraint("case_review_body", REVIEW_BODIES)
        batch.create_check_constraint("deadline_kind", DEADLINE_KINDS)
        batch.create_index("ix_cases_next_deadline", ["next_deadline_on"])
    with op.batch_alter_table("contacts") as batch:
        batch.add_column(sa.Column("attachment_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            "fk_contacts_attachment_id_attachments", "attachments", ["attachment_id"], ["id"]
        )
    _store_next_deadlines(op.get_bind())


# Only the columns the deadlines depend on, so later changes to the models cannot
# change what this migration reads.
_cases = sa.table(
    "cases",
    sa.column("id", sa.Integer),
    sa.column("case_type", sa.String),
    sa.column("state", sa.String),
    sa.column("received_on", sa.Date),
    sa.column("handled_outside_at", UTCDateTime),
    sa.column("recorded_at", UTCDateTime),
    sa.column("outcome_determined_at", UTCDateTime),
    sa.column("outcome_notified_at", UTCDateTime),
    sa.column("next_deadline_on", sa.Date),
    sa.column("next_deadline_kind", sa.String),
)
_contacts = sa.table("contacts", sa.column("case_id", sa.Integer), sa.column("occurred_on", sa.Date))
_investigations = sa.table("investigations", sa.column("case_id", sa.Integer))


def _store_next_deadlines(connection: sa.Connection) -> None:
    """Work out the next A5 deadline of every open case already in the database."""
    last_contact = (
        sa.select(sa.func.max(_contacts.c.occurred_on))
        .where(_contacts.c.case_id == _cases.c.id)
        .scalar_subquery()
    )
    investigated = sa.exists().where(_investigations.c.case_id == _cases.c.id)
    rows = connection.execute(
        sa.select(_cases, last_contact.label("last_contact_on"), investigated.label("has_inv"))
        .where(_cases.c.state.not_in(["finalised", "withdrawn"]))
    )
    for row in rows.all():
        started = [t for t in (row.handled_outside_at, row.recorded_at) if t is not None]
        facts = deadlines.DeadlineFacts(
            case_type=row.case_type,
            state=row.state,
            received_on=row.received_on,
            handling_started_on=london_date(min(started)) if started else None,
            last_contact_on=row.last_contact_on,
            outcome_determined_on=_day(row.outcome_determined_at),
            outcome_notified_on=_day(row.outcome_notified_at),
            investigation_open=bool(row.has_inv) and row.state in _INVESTIGATING,
        )
        found = deadlines.compute(facts)
        if found:
            connection.execute(
                sa.update(_cases)
                .where(_cases.c.id == row.id)
                .values(next_deadline_on=found[0].due_on, next_deadline_kind=found[0].kind.value)
            )


_INVESTIGATING = {"investigation", "suspended", "awaiting_decision"}


def _day(moment):
    return london_date(moment) if moment is not None else None


def downgrade() -> None:
    with op.batch_alter_table("contacts") as batch:
        batch.drop_constraint("fk_contacts_attachment_id_attachments", type_="foreignkey")
        batch.drop_column("attachment_id")
    with op.batch_alter_table("cases") as batch:
        batch.drop_index("ix_cases_next_deadline")
        batch.drop_constraint("deadline_kind", type_="check")
        batch.drop_constraint("case_review_body", type_="check")
        batch.drop_column("next_deadline_kind")
        batch.drop_column("next_deadline_on")
        batch.drop_column("review_body_reason")
        batch.drop_column("review_body")
    op.drop_index(op.f("ix_case_links_linked_case_id"), "case_links")
    op.drop_index(op.f("ix_case_links_case_id"), "case_links")
    op.drop_table("case_links")
