"""Early intervention (domain.md A11): each force's policies, the alerts they raise about
an officer with what each was raised on, the alerts' steps, and the plans that answer them
with their actions. Every table carries the force, and on PostgreSQL row-level security
keeps it to that force's people (as 0012 and 0024 do); the two lists hanging off a policy
(its categories and the people it tells) follow their policy, as a case's people follow
their case.

Revision ID: 0028
Revises: 0027
Create Date: 2026-12-05 05:00:00
"""

import sqlalchemy as sa
from alembic import op

import complaints.db

revision = "0028"
down_revision = "0027"
branch_labels = None
depends_on = None

STATES = (
    "new",
    "psd_review",
    "supervisor_review",
    "plan_agreed",
    "resolved",
    "no_action",
    "false_positive",
)
OPEN = "state IN ('new', 'psd_review', 'supervisor_review', 'plan_agreed')"
ROLES = (
    "handler",
    "investigator",
    "appropriate_authority",
    "opcc_reviewer",
    "opcc_oversight",
    "board_member",
    "admin",
)
SETTING = "current_setting('complaints.forces', true)"
UNSET = f"coalesce({SETTING}, '') = ''"
OWN_FORCE = f"{UNSET} OR force_id = ANY (string_to_array({SETTING}, ',')::int[])"
OWN_POLICY = f"{UNSET} OR policy_id IN (SELECT id FROM intervention_policies)"
BY_FORCE = (
    "intervention_policies",
    "intervention_alerts",
    "intervention_alert_items",
    "intervention_alert_steps",
    "intervention_plans",
    "intervention_plan_actions",
)
BY_POLICY = ("intervention_policy_categories", "intervention_policy_recipients")


def _enum(name: str, *values: str) -> sa.Enum:
    return sa.Enum(*values, name=name, native_enum=False, create_constraint=True, length=40)


def _when() -> complaints.db.UTCDateTime:
    return complaints.db.UTCDateTime(timezone=True)


def _fk(table: str, column: str, target: str) -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(
        [column], [f"{target}.id"], name=op.f(f"fk_{table}_{column}_{target}")
    )


def upgrade() -> None:
    t = "intervention_policies"
    op.create_table(
        t,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("force_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column(
            "counts",
            _enum("intervention_counts", "allegations", "cases", "conduct_matters"),
            nullable=False,
        ),
        sa.Column("threshold", sa.Integer(), nullable=False),
        sa.Column("top_percent", sa.Integer(), nullable=True),
        sa.Column(
            "period", _enum("intervention_period", "months", "this_year", "on_plan"), nullable=False
        ),
        sa.Column("period_months", sa.Integer(), nullable=True),
        sa.Column("notify_role", _enum("intervention_notify_role", *ROLES), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", _when(), nullable=False),
        sa.Column("updated_at", _when(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "(period = 'months') = (period_months IS NOT NULL)",
            name=op.f(f"ck_{t}_months_given_for_months"),
        ),
        sa.CheckConstraint(
            "period_months IS NULL OR (period_months >= 1 AND period_months <= 120)",
            name=op.f(f"ck_{t}_months_in_range"),
        ),
        sa.CheckConstraint("threshold >= 1", name=op.f(f"ck_{t}_threshold_positive")),
        sa.CheckConstraint(
            "top_percent IS NULL OR (top_percent >= 1 AND top_percent <= 50)",
            name=op.f(f"ck_{t}_top_share"),
        ),
        _fk(t, "force_id", "forces"),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{t}")),
        sa.UniqueConstraint("force_id", "name", name="uq_intervention_policies_force_name"),
    )
    op.create_index(op.f(f"ix_{t}_force_id"), t, ["force_id"])

    for t, column, target in (
        ("intervention_policy_categories", "category_id", "allegation_categories"),
        ("intervention_policy_recipients", "user_id", "users"),
    ):
        op.create_table(
            t,
            sa.Column("policy_id", sa.Integer(), nullable=False),
            sa.Column(column, sa.Integer(), nullable=False),
            _fk(t, "policy_id", "intervention_policies"),
            _fk(t, column, target),
            sa.PrimaryKeyConstraint("policy_id", column, name=op.f(f"pk_{t}")),
        )

    t = "intervention_alerts"
    op.create_table(
        t,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("force_id", sa.Integer(), nullable=False),
        sa.Column("policy_id", sa.Integer(), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("state", _enum("intervention_alert_state", *STATES), nullable=False),
        sa.Column("counted", sa.Integer(), nullable=False),
        sa.Column("raised_at", _when(), nullable=False),
        sa.Column("closed_at", _when(), nullable=True),
        sa.Column("closed_reason", sa.Text(), nullable=True),
        sa.Column("updated_at", _when(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(f"({OPEN}) = (closed_at IS NULL)", name=op.f(f"ck_{t}_closed_dated")),
        sa.CheckConstraint(
            "state NOT IN ('no_action', 'false_positive') OR closed_reason IS NOT NULL",
            name=op.f(f"ck_{t}_closed_with_reason"),
        ),
        _fk(t, "force_id", "forces"),
        _fk(t, "policy_id", "intervention_policies"),
        _fk(t, "subject_id", "subjects"),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{t}")),
    )
    op.create_index("ix_intervention_alerts_force_state", t, ["force_id", "state"])
    op.create_index(op.f(f"ix_{t}_subject_id"), t, ["subject_id"])
    op.create_index(
        "uq_intervention_alerts_open",
        t,
        ["policy_id", "subject_id"],
        unique=True,
        postgresql_where=sa.text(OPEN),
        sqlite_where=sa.text(OPEN),
    )

    t = "intervention_alert_items"
    op.create_table(
        t,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("alert_id", sa.Integer(), nullable=False),
        sa.Column("force_id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.Integer(), nullable=False),
        sa.Column("allegation_id", sa.Integer(), nullable=True),
        sa.Column("added_at", _when(), nullable=False),
        _fk(t, "alert_id", "intervention_alerts"),
        _fk(t, "allegation_id", "allegations"),
        _fk(t, "case_id", "cases"),
        _fk(t, "force_id", "forces"),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{t}")),
        sa.UniqueConstraint(
            "alert_id", "case_id", "allegation_id", name="uq_intervention_alert_items_counted"
        ),
    )
    op.create_index("ix_intervention_alert_items_allegation", t, ["allegation_id"])
    op.create_index("ix_intervention_alert_items_case", t, ["case_id"])

    t = "intervention_alert_steps"
    op.create_table(
        t,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("alert_id", sa.Integer(), nullable=False),
        sa.Column("force_id", sa.Integer(), nullable=False),
        sa.Column("from_state", _enum("intervention_step_from", *STATES), nullable=False),
        sa.Column("to_state", _enum("intervention_step_to", *STATES), nullable=False),
        sa.Column("note", sa.Text(), nullable=True),
        sa.Column("by_id", sa.Integer(), nullable=True),
        sa.Column("taken_at", _when(), nullable=False),
        _fk(t, "alert_id", "intervention_alerts"),
        _fk(t, "by_id", "users"),
        _fk(t, "force_id", "forces"),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{t}")),
    )
    op.create_index(op.f(f"ix_{t}_alert_id"), t, ["alert_id"])

    t = "intervention_plans"
    op.create_table(
        t,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("alert_id", sa.Integer(), nullable=False),
        sa.Column("force_id", sa.Integer(), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("summary", sa.Text(), nullable=False),
        sa.Column("agreed_on", sa.Date(), nullable=False),
        sa.Column("agreed_by_id", sa.Integer(), nullable=True),
        sa.Column("completed_at", _when(), nullable=True),
        sa.Column("created_at", _when(), nullable=False),
        sa.Column("updated_at", _when(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        _fk(t, "agreed_by_id", "users"),
        _fk(t, "alert_id", "intervention_alerts"),
        _fk(t, "force_id", "forces"),
        _fk(t, "subject_id", "subjects"),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{t}")),
        sa.UniqueConstraint("alert_id", name=op.f(f"uq_{t}_alert_id")),
    )
    op.create_index(op.f(f"ix_{t}_subject_id"), t, ["subject_id"])

    t = "intervention_plan_actions"
    op.create_table(
        t,
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("plan_id", sa.Integer(), nullable=False),
        sa.Column("force_id", sa.Integer(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.Column("owner", sa.String(120), nullable=False),
        sa.Column("due_on", sa.Date(), nullable=False),
        sa.Column("done_on", sa.Date(), nullable=True),
        sa.Column("done_note", sa.Text(), nullable=True),
        sa.Column("done_by_id", sa.Integer(), nullable=True),
        sa.Column("created_at", _when(), nullable=False),
        sa.CheckConstraint(
            "(done_on IS NULL) = (done_by_id IS NULL)", name=op.f(f"ck_{t}_done_by_whom")
        ),
        _fk(t, "done_by_id", "users"),
        _fk(t, "force_id", "forces"),
        _fk(t, "plan_id", "intervention_plans"),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{t}")),
    )
    op.create_index(op.f(f"ix_{t}_plan_id"), t, ["plan_id"])

    if op.get_bind().dialect.name == "postgresql":
        for tables, rule in ((BY_FORCE, OWN_FORCE), (BY_POLICY, OWN_POLICY)):
            for table in tables:
                op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
                op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
                op.execute(
                    f"CREATE POLICY own_forces ON {table} USING ({rule}) WITH CHECK ({rule})"
                )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in (*BY_FORCE, *BY_POLICY):
            op.execute(f"DROP POLICY own_forces ON {table}")
    for table in (
        "intervention_plan_actions",
        "intervention_plans",
        "intervention_alert_steps",
        "intervention_alert_items",
        "intervention_alerts",
        "intervention_policy_recipients",
        "intervention_policy_categories",
        "intervention_policies",
    ):
        op.drop_table(table)
