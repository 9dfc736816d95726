"""Dip samples: the seeded draw, the sampled cases and their checklists.

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23 12:00:00
"""

import sqlalchemy as sa
from alembic import op

from complaints.db import UTCDateTime

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

ANSWERS = ("yes", "no", "not_applicable")
CHECKLIST = (
    ("contacted_promptly", "answer_contacted"),
    ("updated_every_four_weeks", "answer_updated"),
    ("outcome_letter_clear", "answer_letter"),
    ("handling_proportionate", "answer_handling"),
    ("recording_decision_right", "answer_recording"),
)


def _enum(name: str, *values: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=40)


def upgrade() -> None:
    op.create_table(
        "dip_samples",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("period_from", sa.Date(), nullable=False),
        sa.Column("period_to", sa.Date(), nullable=False),
        sa.Column("method", _enum("sample_method", "size", "percentage"), nullable=False),
        sa.Column("size", sa.Integer(), nullable=True),
        sa.Column("percentage", sa.Integer(), nullable=True),
        sa.Column("stratified", sa.Boolean(), nullable=False),
        sa.Column(
            "case_type",
            _enum("dip_sample_case_type", "complaint", "conduct_matter", "dsi_matter"),
            nullable=True,
        ),
        sa.Column("seed", sa.Integer(), nullable=False),
        sa.Column("candidates", sa.Integer(), nullable=False),
        sa.Column("drawn_by_id", sa.Integer(), nullable=False),
        sa.Column("drawn_at", UTCDateTime(), nullable=False),
        sa.Column("closed_at", UTCDateTime(), nullable=True),
        sa.Column("closed_by_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "(method = 'size' AND size > 0 AND percentage IS NULL) OR "
            "(method = 'percentage' AND percentage BETWEEN 1 AND 100 AND size IS NULL)",
            name=op.f("ck_dip_samples_method_amount"),
        ),
        sa.CheckConstraint(
            "(closed_at IS NULL) = (closed_by_id IS NULL)",
            name=op.f("ck_dip_samples_closed_by_whom"),
        ),
        sa.CheckConstraint("candidates >= 0", name=op.f("ck_dip_samples_candidates_non_negative")),
        sa.CheckConstraint("period_from <= period_to", name=op.f("ck_dip_samples_period_order")),
        sa.CheckConstraint("seed >= 0", name=op.f("ck_dip_samples_seed_non_negative")),
        sa.ForeignKeyConstraint(
            ["closed_by_id"], ["users.id"], name=op.f("fk_dip_samples_closed_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["drawn_by_id"], ["users.id"], name=op.f("fk_dip_samples_drawn_by_id_users")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dip_samples")),
    )
    op.create_index(op.f("ix_dip_samples_drawn_by_id"), "dip_samples", ["drawn_by_id"])
    complete = " AND ".join(f"{column} IS NOT NULL" for column, _ in CHECKLIST)
    op.create_table(
        "dip_sample_cases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("sample_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column(
            "stratum",
            _enum("stratum", "outside_schedule_3", "otherwise", "investigation", "other"),
            nullable=False,
        ),
        *(sa.Column(column, _enum(name, *ANSWERS), nullable=True) for column, name in CHECKLIST),
        sa.Column("findings", sa.Text(), nullable=True),
        sa.Column("reviewed_at", UTCDateTime(), nullable=True),
        sa.Column("reviewed_by_id", sa.Integer(), nullable=True),
        sa.Column("learning_item_id", sa.Integer(), nullable=True),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "(reviewed_at IS NULL) = (reviewed_by_id IS NULL)",
            name=op.f("ck_dip_sample_cases_reviewed_by_whom"),
        ),
        sa.CheckConstraint(
            f"reviewed_at IS NULL OR ({complete})",
            name=op.f("ck_dip_sample_cases_reviewed_complete"),
        ),
        sa.ForeignKeyConstraint(
            ["case_id"], ["cases.id"], name=op.f("fk_dip_sample_cases_case_id_cases")
        ),
        sa.ForeignKeyConstraint(
            ["learning_item_id"],
            ["learning_items.id"],
            name=op.f("fk_dip_sample_cases_learning_item_id_learning_items"),
        ),
        sa.ForeignKeyConstraint(
            ["reviewed_by_id"], ["users.id"], name=op.f("fk_dip_sample_cases_reviewed_by_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["sample_id"],
            ["dip_samples.id"],
            name=op.f("fk_dip_sample_cases_sample_id_dip_samples"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_dip_sample_cases")),
        sa.UniqueConstraint("sample_id", "case_id", name="uq_dip_sample_cases_case"),
    )
    op.create_index(op.f("ix_dip_sample_cases_case_id"), "dip_sample_cases", ["case_id"])
    op.create_index(op.f("ix_dip_sample_cases_sample_id"), "dip_sample_cases", ["sample_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_dip_sample_cases_sample_id"), table_name="dip_sample_cases")
    op.drop_index(op.f("ix_dip_sample_cases_case_id"), table_name="dip_sample_cases")
    op.drop_table("dip_sample_cases")
    op.drop_index(op.f("ix_dip_samples_drawn_by_id"), table_name="dip_samples")
    op.drop_table("dip_samples")
