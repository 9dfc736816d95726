"""Work trays: first contact as a deadline, bring-forward dates, the daily digest.

A logged complaint now waits on first contact with the complainant, due the force's
contact target in working days after receipt; the open complaints already logged and not
yet contacted are given that deadline here. Bring-forward dates are a person's own
reminders on a case; like every table of a force's cases they carry the force, and on
PostgreSQL row-level security keeps them to that force's people (as 0012 does). Each
person may turn off the daily digest, and each digest sent is recorded so that a day's
run sends it once.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-05 03:00:00
"""

import datetime as dt

import sqlalchemy as sa
from alembic import op

import complaints.db
from complaints.common import workdays

revision = "0021"
down_revision = "0020"
branch_labels = None
depends_on = None

# The deadline kinds as this revision leaves them, and as it found them (for downgrade).
KINDS = (
    "next_deadline_kind IN "
    "('first_contact', 'update', 'outcome_letter', 'review_window', 'twelve_month_report')"
)
OLD_KINDS = (
    "next_deadline_kind IN ('update', 'outcome_letter', 'review_window', 'twelve_month_report')"
)
# The service's contact target when this revision was written, for a force that set none.
DEFAULT_CONTACT_DAYS = 5

SETTING = "current_setting('complaints.forces', true)"
UNSET = f"coalesce({SETTING}, '') = ''"
OWN_FORCE = f"{UNSET} OR force_id = ANY (string_to_array({SETTING}, ',')::int[])"


def _deadline_kinds(old: str, new: str) -> None:
    """Change which kinds ``cases.next_deadline_kind`` accepts.

    On SQLite a CHECK constraint changes only by rebuilding the table, and a rebuild of
    "cases" is refused while other tables' rows point at its rows. Changing which values a
    check accepts (every stored row passing both) changes nothing stored, so SQLite's own
    procedure for such changes applies: rewrite the table's recorded definition
    (https://sqlite.org/lang_altertable.html#otheralter).
    """
    connection = op.get_bind()
    if connection.dialect.name != "sqlite":
        op.drop_constraint("deadline_kind", "cases", type_="check")
        op.create_check_constraint("deadline_kind", "cases", new)
        return
    version = connection.exec_driver_sql("PRAGMA schema_version").scalar()
    connection.exec_driver_sql("PRAGMA writable_schema=ON")
    connection.execute(
        sa.text(
            "UPDATE sqlite_master SET sql = replace(sql, :old, :new) "
            "WHERE type = 'table' AND name = 'cases'"
        ),
        {"old": f"CHECK ({old})", "new": f"CHECK ({new})"},
    )
    connection.exec_driver_sql(f"PRAGMA schema_version={int(version) + 1}")
    connection.exec_driver_sql("PRAGMA writable_schema=OFF")
    table = connection.exec_driver_sql(
        "SELECT sql FROM sqlite_master WHERE type = 'table' AND name = 'cases'"
    ).scalar()
    if f"CHECK ({new})" not in table:
        raise RuntimeError("cases.next_deadline_kind: the constraint was not as expected")


def upgrade() -> None:
    _deadline_kinds(OLD_KINDS, KINDS)
    # Plain ALTER TABLE, not a batch copy: SQLite cannot drop and rebuild "users" while
    # other tables' foreign keys point at it.
    op.add_column(
        "users",
        sa.Column("digest_emails", sa.Boolean(), nullable=False, server_default=sa.true()),
    )
    op.create_table(
        "bring_forwards",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("force_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("note", sa.String(120), nullable=False),
        sa.Column("created_at", complaints.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("done_at", complaints.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_bring_forwards_case_id_cases")
        ),
        sa.ForeignKeyConstraint(
            ["force_id"], ["forces.id"], name=op.f("fk_bring_forwards_force_id_forces")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_bring_forwards_user_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bring_forwards")),
    )
    op.create_index(op.f("ix_bring_forwards_case_id"), "bring_forwards", ["case_id"])
    op.create_index(
        "ix_bring_forwards_user_open", "bring_forwards", ["user_id", "done_at", "due_on"]
    )
    op.create_table(
        "digests_sent",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("outbox_message_id", sa.Integer(), nullable=False),
        sa.Column("created_at", complaints.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_digests_sent_user_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["outbox_message_id"],
            ["outbox_messages.id"],
            name=op.f("fk_digests_sent_outbox_message_id_outbox_messages"),
        ),
        sa.PrimaryKeyConstraint("user_id", "day", name=op.f("pk_digests_sent")),
    )
    if op.get_bind().dialect.name == "postgresql":
        op.execute("ALTER TABLE bring_forwards ENABLE ROW LEVEL SECURITY")
        op.execute("ALTER TABLE bring_forwards FORCE ROW LEVEL SECURITY")
        op.execute(
            "CREATE POLICY own_forces ON bring_forwards "
            f"USING ({OWN_FORCE}) WITH CHECK ({OWN_FORCE})"
        )
    _store_first_contact_deadlines(op.get_bind())


# Only the columns this revision reads and writes, so later models cannot change it.
_cases = sa.table(
    "cases",
    sa.column("id", sa.Integer),
    sa.column("force_id", sa.Integer),
    sa.column("case_type", sa.String),
    sa.column("state", sa.String),
    sa.column("received_on", sa.Date),
    sa.column("contact_not_possible_reason", sa.String),
    sa.column("next_deadline_on", sa.Date),
    sa.column("next_deadline_kind", sa.String),
)
_contacts = sa.table("contacts", sa.column("case_id", sa.Integer), sa.column("purpose", sa.String))
_forces = sa.table("forces", sa.column("id", sa.Integer), sa.column("report_targets", sa.JSON))


def _contact_days(targets) -> int:
    value = (targets or {}).get("working_days_to_contact")
    if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
        return value
    return DEFAULT_CONTACT_DAYS


def _first_contact_due(received_on: dt.date, days: int) -> dt.date:
    due = workdays.add(received_on, days)
    while not workdays.is_working_day(due):
        due += dt.timedelta(days=1)
    return due


def _store_first_contact_deadlines(connection: sa.Connection) -> None:
    """Logged complaints not yet contacted: first contact is now their next deadline (a
    logged complaint had no other deadline running)."""
    targets = {
        row.id: _contact_days(row.report_targets) for row in connection.execute(sa.select(_forces))
    }
    contacted = sa.exists().where(
        _contacts.c.case_id == _cases.c.id, _contacts.c.purpose == "first_contact"
    )
    rows = connection.execute(
        sa.select(
            _cases.c.id, _cases.c.force_id, _cases.c.received_on, _cases.c.next_deadline_on
        ).where(
            _cases.c.case_type == "complaint",
            _cases.c.state == "logged",
            _cases.c.contact_not_possible_reason.is_(None),
            ~contacted,
        )
    ).all()
    for row in rows:
        due = _first_contact_due(row.received_on, targets.get(row.force_id, DEFAULT_CONTACT_DAYS))
        if row.next_deadline_on is None or due <= row.next_deadline_on:
            connection.execute(
                sa.update(_cases)
                .where(_cases.c.id == row.id)
                .values(next_deadline_on=due, next_deadline_kind="first_contact")
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP POLICY own_forces ON bring_forwards")
    op.drop_table("digests_sent")
    op.drop_index("ix_bring_forwards_user_open", table_name="bring_forwards")
    op.drop_index(op.f("ix_bring_forwards_case_id"), table_name="bring_forwards")
    op.drop_table("bring_forwards")
    op.execute("ALTER TABLE users DROP COLUMN digest_emails")
    op.execute(
        sa.update(_cases)
        .where(_cases.c.next_deadline_kind == "first_contact")
        .values(next_deadline_on=None, next_deadline_kind=None)
    )
    _deadline_kinds(KINDS, OLD_KINDS)
