"""Two-factor sign-in and passwords people choose themselves.

Each account gets a TOTP secret (set at enrolment), the moment it enrolled, ten
single-use recovery codes (stored as argon2 hashes, like passwords), and a flag that
makes a password an administrator set be changed at the next sign-in. The hard lock-out
counters go: throttling now lives in the rate-limit store (Redis where configured), so
an outsider who knows a staff address can no longer lock that person out.

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-05 00:00:00
"""

import sqlalchemy as sa
from alembic import op

import complaints.db

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    # Plain ALTER TABLE, not a batch copy: SQLite cannot drop and rebuild "users" while
    # other tables' foreign keys point at it.
    op.add_column("users", sa.Column("totp_secret", sa.String(64), nullable=True))
    op.add_column(
        "users",
        sa.Column("two_factor_since", complaints.db.UTCDateTime(timezone=True), nullable=True),
    )
    op.add_column("users", sa.Column("totp_last_step", sa.Integer(), nullable=True))
    op.add_column(
        "users",
        sa.Column("must_change_password", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    op.add_column(
        "users",
        sa.Column("password_changed_at", complaints.db.UTCDateTime(timezone=True), nullable=True),
    )
    for column in ("failed_logins", "locked_until"):
        op.execute(f"ALTER TABLE users DROP COLUMN {column}")
    op.create_table(
        "recovery_codes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("code_hash", sa.String(255), nullable=False),
        sa.Column("used_at", complaints.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["user_id"],
            ["users.id"],
            name=op.f("fk_recovery_codes_user_id_users"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_recovery_codes")),
    )
    op.create_index(op.f("ix_recovery_codes_user_id"), "recovery_codes", ["user_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_recovery_codes_user_id"), table_name="recovery_codes")
    op.drop_table("recovery_codes")
    op.add_column(
        "users", sa.Column("failed_logins", sa.Integer(), nullable=False, server_default="0")
    )
    op.add_column(
        "users",
        sa.Column("locked_until", complaints.db.UTCDateTime(timezone=True), nullable=True),
    )
    for column in (
        "password_changed_at",
        "must_change_password",
        "two_factor_since",
        "totp_last_step",
        "totp_secret",
    ):
        op.execute(f"ALTER TABLE users DROP COLUMN {column}")
