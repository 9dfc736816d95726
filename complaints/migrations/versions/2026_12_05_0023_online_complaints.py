"""The public's door: complaint forms in progress, the complaints sent through them
waiting for a handler, and the links that let a complainant follow their complaint.

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-05 03:00:00
"""

import sqlalchemy as sa
from alembic import op

import complaints.db

revision = "0023"
down_revision = "0022"
branch_labels = None
depends_on = None

STATUSES = ("new", "logged", "added", "not_a_complaint")
REASONS = ("spam", "service_request", "duplicate", "other")


def _enum(values, name):
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=40)


def upgrade() -> None:
    op.create_table(
        "form_drafts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key_hash", sa.String(64), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("started_at", complaints.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("updated_at", complaints.db.UTCDateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_form_drafts")),
        sa.UniqueConstraint("key_hash", name=op.f("uq_form_drafts_key_hash")),
    )
    op.create_index(op.f("ix_form_drafts_updated_at"), "form_drafts", ["updated_at"])
    op.create_table(
        "online_submissions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("force_id", sa.Integer(), nullable=False),
        sa.Column("reference", sa.String(24), nullable=False),
        sa.Column("status", _enum(STATUSES, "submission_status"), nullable=False),
        sa.Column("received_at", complaints.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("answers", sa.JSON(), nullable=False),
        sa.Column("given_name", sa.String(80), nullable=False),
        sa.Column("family_name", sa.String(80), nullable=False),
        sa.Column("email", sa.String(254), nullable=True),
        sa.Column("postcode", sa.String(10), nullable=True),
        sa.Column("incident_on", sa.Date(), nullable=True),
        sa.Column("decided_by_id", sa.Integer(), nullable=True),
        sa.Column("decided_at", complaints.db.UTCDateTime(timezone=True), nullable=True),
        sa.Column("not_a_complaint", _enum(REASONS, "not_a_complaint"), nullable=True),
        sa.Column("decision_note", sa.Text(), nullable=True),
        sa.Column("case_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["force_id"], ["forces.id"], name=op.f("fk_online_submissions_force_id_forces")
        ),
        sa.ForeignKeyConstraint(
            ["decided_by_id"], ["users.id"], name=op.f("fk_online_submissions_decided_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_online_submissions_case_id_cases")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_online_submissions")),
        sa.UniqueConstraint("reference", name=op.f("uq_online_submissions_reference")),
    )
    op.create_index(
        "ix_online_submissions_queue", "online_submissions", ["force_id", "status", "received_at"]
    )
    op.create_table(
        "tracking_links",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("complainant_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(64), nullable=False),
        sa.Column("created_at", complaints.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", complaints.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("used_at", complaints.db.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_tracking_links_case_id_cases")
        ),
        sa.ForeignKeyConstraint(
            ["complainant_id"],
            ["complainants.id"],
            name=op.f("fk_tracking_links_complainant_id_complainants"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tracking_links")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_tracking_links_token_hash")),
    )


def downgrade() -> None:
    op.drop_table("tracking_links")
    op.drop_index("ix_online_submissions_queue", table_name="online_submissions")
    op.drop_table("online_submissions")
    op.drop_index(op.f("ix_form_drafts_updated_at"), table_name="form_drafts")
    op.drop_table("form_drafts")
