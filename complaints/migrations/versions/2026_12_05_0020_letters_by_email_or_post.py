"""Letters reach the complainant by email or by post: each generated letter's contact
keeps the email that carries it, or that it waits to be printed and posted, and when
and by whom it was posted.

Letters generated before this revision keep ``for_post`` false: they were printed and
sent by hand as before, and never appear on the list of letters to post.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-05 02:00:00
"""

import sqlalchemy as sa
from alembic import op

import complaints.db

revision = "0020"
down_revision = "0019"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("contacts") as batch:
        batch.add_column(sa.Column("outbox_message_id", sa.Integer(), nullable=True))
        batch.add_column(
            sa.Column("for_post", sa.Boolean(), nullable=False, server_default=sa.false())
        )
        batch.add_column(
            sa.Column("posted_at", complaints.db.UTCDateTime(timezone=True), nullable=True)
        )
        batch.add_column(sa.Column("posted_by_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            "fk_contacts_outbox_message_id_outbox_messages",
            "outbox_messages",
            ["outbox_message_id"],
            ["id"],
        )
        batch.create_foreign_key(
            "fk_contacts_posted_by_id_users", "users", ["posted_by_id"], ["id"]
        )
        batch.create_check_constraint(
            op.f("ck_contacts_post_a_letter"),
            "NOT for_post OR (method = 'letter' AND attachment_id IS NOT NULL)",
        )
        batch.create_check_constraint(
            op.f("ck_contacts_posted_only_for_post"), "for_post OR posted_at IS NULL"
        )
        batch.create_check_constraint(
            op.f("ck_contacts_posted_by_whom"), "(posted_at IS NULL) = (posted_by_id IS NULL)"
        )
    op.create_index(
        "ix_contacts_to_post",
        "contacts",
        ["recorded_at"],
        postgresql_where=sa.text("for_post AND posted_at IS NULL"),
        sqlite_where=sa.text("for_post = 1 AND posted_at IS NULL"),
    )


def downgrade() -> None:
    op.drop_index("ix_contacts_to_post", table_name="contacts")
    with op.batch_alter_table("contacts") as batch:
        batch.drop_constraint(op.f("ck_contacts_posted_by_whom"), type_="check")
        batch.drop_constraint(op.f("ck_contacts_posted_only_for_post"), type_="check")
        batch.drop_constraint(op.f("ck_contacts_post_a_letter"), type_="check")
        batch.drop_constraint("fk_contacts_posted_by_id_users", type_="foreignkey")
        batch.drop_constraint("fk_contacts_outbox_message_id_outbox_messages", type_="foreignkey")
        batch.drop_column("posted_by_id")
        batch.drop_column("posted_at")
        batch.drop_column("for_post")
        batch.drop_column("outbox_message_id")
