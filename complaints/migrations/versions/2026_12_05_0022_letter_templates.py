"""Letter templates: each force's wording of each kind of letter, in versions, and the
version each issued letter was made from; the OPCC's own contact details; whether a
complainant wants copies of the letters sent to their representative.

A force's first version of a kind is stored the first time it is needed (from the
built-in wording), so this revision creates no rows. Letters issued before it name no
version.

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-05 02:30:00
"""

import sqlalchemy as sa
from alembic import op

import complaints.db

revision = "0022"
down_revision = "0021"
branch_labels = None
depends_on = None

KINDS = (
    "acknowledgement",
    "update",
    "outcome",
    "withdrawal",
    "review_forwarded",
    "review_not_valid",
    "review_decision",
)


def upgrade() -> None:
    op.create_table(
        "letter_templates",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("force_id", sa.Integer(), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(*KINDS, name="template_kind", native_enum=False, create_constraint=True, length=40),
            nullable=False,
        ),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("note", sa.String(300), nullable=False),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", complaints.db.UTCDateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["force_id"], ["forces.id"], name=op.f("fk_letter_templates_force_id_forces")
        ),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["users.id"], name=op.f("fk_letter_templates_created_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_letter_templates")),
        sa.UniqueConstraint("force_id", "kind", "version", name="uq_letter_templates_version"),
    )
    # Plain ALTERs: copying the forces table, as a batch would, trips every key to it.
    op.add_column("forces", sa.Column("opcc_email", sa.String(254), nullable=True))
    op.add_column("forces", sa.Column("opcc_phone", sa.String(40), nullable=True))
    op.add_column("forces", sa.Column("opcc_website", sa.String(200), nullable=True))
    op.add_column(
        "representatives",
        sa.Column("copy_to_complainant", sa.Boolean(), nullable=False, server_default=sa.false()),
    )
    with op.batch_alter_table("contacts") as batch:
        batch.add_column(sa.Column("letter_template_id", sa.Integer(), nullable=True))
        batch.create_foreign_key(
            "fk_contacts_letter_template_id_letter_templates",
            "letter_templates",
            ["letter_template_id"],
            ["id"],
        )


def downgrade() -> None:
    with op.batch_alter_table("contacts") as batch:
        batch.drop_constraint(
            "fk_contacts_letter_template_id_letter_templates", type_="foreignkey"
        )
        batch.drop_column("letter_template_id")
    op.drop_table("letter_templates")
    op.drop_column("representatives", "copy_to_complainant")
    op.drop_column("forces", "opcc_website")
    op.drop_column("forces", "opcc_phone")
    op.drop_column("forces", "opcc_email")
