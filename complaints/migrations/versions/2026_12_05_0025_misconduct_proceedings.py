"""Misconduct proceedings: who served a subject's Regulation 17 notice and when the
officer responded; dismissal with notice as a sanction, and whether a final written
warning was in force (reg 42); and for each meeting or hearing the notice of referral, the officer's
response, the date, who conducted it, whether it was held in public, its adjournments and
its appeal. Both new tables carry the force, kept to it by row-level security on
PostgreSQL (as 0012 does).

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-05 05:00:00
"""

import sqlalchemy as sa
from alembic import op

import complaints.db

revision = "0025"
down_revision = "0024"
branch_labels = None
depends_on = None

RESULTS = ("dismissed", "finding_overturned", "outcome_varied", "remitted")
OLD_SANCTIONS = (
    "written_warning",
    "final_written_warning",
    "reduction_in_rank",
    "dismissal_without_notice",
)
SANCTIONS = (
    "written_warning",
    "final_written_warning",
    "reduction_in_rank",
    "dismissal_with_notice",
    "dismissal_without_notice",
)
SETTING = "current_setting('complaints.forces', true)"
UNSET = f"coalesce({SETTING}, '') = ''"
OWN_FORCE = f"{UNSET} OR force_id = ANY (string_to_array({SETTING}, ',')::int[])"
TABLES = ("misconduct_proceedings", "proceeding_adjournments")


def _one_of(column: str, values: tuple[str, ...]) -> str:
    return f"{column} IN ({', '.join(repr(v) for v in values)})"


def _enum(values: tuple[str, ...], name: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=40)


def upgrade() -> None:
    with op.batch_alter_table("conduct_outcomes") as batch:
        batch.add_column(sa.Column("regulation_17_served_by_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("regulation_17_response_on", sa.Date(), nullable=True))
        batch.add_column(
            sa.Column(
                "final_warning_or_several_incidents",
                sa.Boolean(),
                nullable=False,
                server_default=sa.false(),
            )
        )
        batch.drop_constraint(op.f("ck_conduct_outcomes_sanction"), type_="check")
        batch.create_check_constraint(op.f("ck_conduct_outcomes_sanction"), _one_of("sanction", SANCTIONS))
        batch.create_foreign_key(
            "fk_conduct_outcomes_regulation_17_served_by_id_users",
            "users",
            ["regulation_17_served_by_id"],
            ["id"],
        )
    op.create_table(
        "misconduct_proceedings",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("conduct_outcome_id", sa.Integer(), nullable=False),
        sa.Column("force_id", sa.Integer(), nullable=False),
        sa.Column("referred_on", sa.Date(), nullable=False),
        sa.Column("officer_response_on", sa.Date(), nullable=True),
        sa.Column("scheduled_on", sa.Date(), nullable=True),
        sa.Column("chair", sa.String(200), nullable=True),
        sa.Column("panel", sa.String(500), nullable=True),
        sa.Column("publicly_notified_on", sa.Date(), nullable=True),
        sa.Column("in_public", sa.Boolean(), nullable=True),
        sa.Column("appeal_lodged_on", sa.Date(), nullable=True),
        sa.Column("appeal_result", _enum(RESULTS, "appeal_result"), nullable=True),
        sa.Column("appeal_decided_on", sa.Date(), nullable=True),
        sa.Column("appeal_sanction", _enum(SANCTIONS, "appeal_sanction"), nullable=True),
        sa.Column("created_at", complaints.db.UTCDateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "officer_response_on IS NULL OR officer_response_on >= referred_on",
            name=op.f("ck_misconduct_proceedings_response_after_referral"),
        ),
        sa.CheckConstraint(
            "scheduled_on IS NULL OR scheduled_on >= referred_on",
            name=op.f("ck_misconduct_proceedings_held_after"),
        ),
        sa.CheckConstraint(
            "(appeal_result IS NULL) = (appeal_decided_on IS NULL)",
            name=op.f("ck_misconduct_proceedings_appeal_decided_with_result"),
        ),
        sa.CheckConstraint(
            "appeal_result IS NULL OR appeal_lodged_on IS NOT NULL",
            name=op.f("ck_misconduct_proceedings_appeal_result_needs_appeal"),
        ),
        sa.CheckConstraint(
            "(appeal_sanction IS NOT NULL) = (appeal_result = 'outcome_varied')",
            name=op.f("ck_misconduct_proceedings_varied_outcome_named"),
        ),
        sa.ForeignKeyConstraint(
            ["conduct_outcome_id"],
            ["conduct_outcomes.id"],
            name=op.f("fk_misconduct_proceedings_conduct_outcome_id_conduct_outcomes"),
        ),
        sa.ForeignKeyConstraint(
            ["force_id"], ["forces.id"], name=op.f("fk_misconduct_proceedings_force_id_forces")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_misconduct_proceedings")),
        sa.UniqueConstraint(
            "conduct_outcome_id", name=op.f("uq_misconduct_proceedings_conduct_outcome_id")
        ),
    )
    op.create_index(
        op.f("ix_misconduct_proceedings_force_id"), "misconduct_proceedings", ["force_id"]
    )
    op.create_table(
        "proceeding_adjournments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("proceeding_id", sa.Integer(), nullable=False),
        sa.Column("force_id", sa.Integer(), nullable=False),
        sa.Column("adjourned_on", sa.Date(), nullable=False),
        sa.Column("new_date", sa.Date(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("recorded_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", complaints.db.UTCDateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "new_date IS NULL OR new_date > adjourned_on",
            name=op.f("ck_proceeding_adjournments_new_date_later"),
        ),
        sa.ForeignKeyConstraint(
            ["proceeding_id"],
            ["misconduct_proceedings.id"],
            name=op.f("fk_proceeding_adjournments_proceeding_id_misconduct_proceedings"),
        ),
        sa.ForeignKeyConstraint(
            ["force_id"], ["forces.id"], name=op.f("fk_proceeding_adjournments_force_id_forces")
        ),
        sa.ForeignKeyConstraint(
            ["recorded_by_id"],
            ["users.id"],
            name=op.f("fk_proceeding_adjournments_recorded_by_id_users"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_proceeding_adjournments")),
    )
    op.create_index(
        op.f("ix_proceeding_adjournments_proceeding_id"),
        "proceeding_adjournments",
        ["proceeding_id"],
    )
    if op.get_bind().dialect.name == "postgresql":
        for table in TABLES:
            op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
            op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
            op.execute(
                f"CREATE POLICY own_forces ON {table} "
                f"USING ({OWN_FORCE}) WITH CHECK ({OWN_FORCE})"
            )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in TABLES:
            op.execute(f"DROP POLICY own_forces ON {table}")
    op.drop_index(
        op.f("ix_proceeding_adjournments_proceeding_id"), table_name="proceeding_adjournments"
    )
    op.drop_table("proceeding_adjournments")
    op.drop_index(
        op.f("ix_misconduct_proceedings_force_id"), table_name="misconduct_proceedings"
    )
    op.drop_table("misconduct_proceedings")
    with op.batch_alter_table("conduct_outcomes") as batch:
        batch.drop_constraint(
            "fk_conduct_outcomes_regulation_17_served_by_id_users", type_="foreignkey"
        )
        batch.drop_constraint(op.f("ck_conduct_outcomes_sanction"), type_="check")
        batch.create_check_constraint(
            op.f("ck_conduct_outcomes_sanction"), _one_of("sanction", OLD_SANCTIONS)
        )
        batch.drop_column("final_warning_or_several_incidents")
        batch.drop_column("regulation_17_response_on")
        batch.drop_column("regulation_17_served_by_id")
