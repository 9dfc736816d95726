"""Several forces in one service: the forces, who works for which, and the force of every
case, subject, division, lesson, dip sample, report and reference counter.

The installation's settings (its name, the PSD's address, report targets and national
comparators) become the first force's values; every existing record belongs to it.
``complaints.migrations.upgrade`` passes the app's settings in as ``first_force``; without
them the defaults of ``complaints.config`` are used.

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-04 17:30:00
"""

import datetime as dt

import sqlalchemy as sa
from alembic import context, op

from complaints import config as defaults
from complaints.db import UTCDateTime

revision = "0011"
down_revision = "0010"
branch_labels = None
depends_on = None

FORCE_OWNED = ("cases", "subjects", "divisions", "learning_items", "dip_samples", "generated_reports")
CASE_TYPE = sa.Enum(
    "complaint",
    "conduct_matter",
    "dsi_matter",
    name="case_type",
    native_enum=False,
    create_constraint=True,
    length=40,
)


def _first_force() -> dict:
    given = context.config.attributes.get("first_force") or {}
    name = given.get("name") or defaults.FORCE_NAME
    return {
        "id": 1,
        "code": (given.get("code") or "".join(c for c in name if c.isalpha())[:3]).upper(),
        "name": name,
        "psd_name": "Professional Standards Department",
        "psd_address": "\n".join(given.get("psd_address") or defaults.PSD_ADDRESS),
        "opcc_name": "Office of the Police and Crime Commissioner",
        "opcc_address": "",
        "report_targets": dict(given.get("report_targets") or defaults.REPORT_TARGETS),
        "national_comparators": dict(
            given.get("national_comparators") or defaults.REPORT_NATIONAL_COMPARATORS
        ),
        "active": True,
        "created_at": dt.datetime.now(dt.UTC),
        "version": 1,
    }


def upgrade() -> None:
    forces = op.create_table(
        "forces",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("code", sa.String(8), nullable=False),
        sa.Column("name", sa.String(120), nullable=False),
        sa.Column("psd_name", sa.String(160), nullable=False),
        sa.Column("psd_address", sa.Text(), nullable=False),
        sa.Column("opcc_name", sa.String(160), nullable=False),
        sa.Column("opcc_address", sa.Text(), nullable=False),
        sa.Column("contact_email", sa.String(254), nullable=True),
        sa.Column("contact_phone", sa.String(40), nullable=True),
        sa.Column("report_targets", sa.JSON(), nullable=False),
        sa.Column("national_comparators", sa.JSON(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.UniqueConstraint("code", name=op.f("uq_forces_code")),
        sa.UniqueConstraint("name", name=op.f("uq_forces_name")),
    )
    op.bulk_insert(forces, [_first_force()])
    if op.get_bind().dialect.name == "postgresql":
        op.execute("SELECT setval(pg_get_serial_sequence('forces', 'id'), 1)")
    op.create_table(
        "force_memberships",
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("force_id", sa.Integer(), nullable=False),
        sa.Column("decides", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_force_memberships_user_id_users")
        ),
        sa.ForeignKeyConstraint(
            ["force_id"], ["forces.id"], name=op.f("fk_force_memberships_force_id_forces")
        ),
        sa.PrimaryKeyConstraint("user_id", "force_id", name=op.f("pk_force_memberships")),
    )
    op.create_index(
        op.f("ix_force_memberships_force_id"), "force_memberships", ["force_id"]
    )
    # Everyone already here works for the first force, as do the appropriate authorities'
    # decisions.
    op.execute(
        "INSERT INTO force_memberships (user_id, force_id, decides) "
        "SELECT id, 1, role = 'appropriate_authority' FROM users"
    )
    for table in FORCE_OWNED:
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column("force_id", sa.Integer(), nullable=True))
        op.execute(f"UPDATE {table} SET force_id = 1")
        with op.batch_alter_table(table) as batch:
            batch.alter_column("force_id", existing_type=sa.Integer(), nullable=False)
            batch.create_foreign_key(
                op.f(f"fk_{table}_force_id_forces"), "forces", ["force_id"], ["id"]
            )
            batch.create_index(op.f(f"ix_{table}_force_id"), ["force_id"])
    with op.batch_alter_table("cases") as batch:
        batch.alter_column(
            "reference", existing_type=sa.String(20), type_=sa.String(24), existing_nullable=False
        )
        # Each force numbers its own cases.
        batch.drop_constraint("uq_cases_type_year_number", type_="unique")
        batch.create_unique_constraint(
            "uq_cases_force_type_year_number", ["force_id", "case_type", "year", "number"]
        )
    _counters_by_force()


def _counters_by_force() -> None:
    """Each force numbers its own references: the counter's key gains the force."""
    rows = op.get_bind().execute(
        sa.text("SELECT case_type, year, last_number FROM reference_counters")
    ).all()
    op.drop_table("reference_counters")
    counters = op.create_table(
        "reference_counters",
        sa.Column("force_id", sa.Integer(), nullable=False),
        sa.Column("case_type", CASE_TYPE, nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("last_number", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["force_id"], ["forces.id"], name=op.f("fk_reference_counters_force_id_forces")
        ),
        sa.PrimaryKeyConstraint(
            "force_id", "case_type", "year", name=op.f("pk_reference_counters")
        ),
    )
    op.bulk_insert(
        counters,
        [{"force_id": 1, "case_type": t, "year": y, "last_number": n} for t, y, n in rows],
    )


def downgrade() -> None:
    rows = op.get_bind().execute(
        sa.text("SELECT case_type, year, last_number FROM reference_counters WHERE force_id = 1")
    ).all()
    op.drop_table("reference_counters")
    counters = op.create_table(
        "reference_counters",
        sa.Column("case_type", CASE_TYPE, nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("last_number", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("case_type", "year", name=op.f("pk_reference_counters")),
    )
    op.bulk_insert(
        counters, [{"case_type": t, "year": y, "last_number": n} for t, y, n in rows]
    )
    with op.batch_alter_table("cases") as batch:
        batch.drop_constraint("uq_cases_force_type_year_number", type_="unique")
        batch.create_unique_constraint(
            "uq_cases_type_year_number", ["case_type", "year", "number"]
        )
        batch.alter_column(
            "reference", existing_type=sa.String(24), type_=sa.String(20), existing_nullable=False
        )
    for table in reversed(FORCE_OWNED):
        with op.batch_alter_table(table) as batch:
            batch.drop_index(op.f(f"ix_{table}_force_id"))
            batch.drop_constraint(op.f(f"fk_{table}_force_id_forces"), type_="foreignkey")
            batch.drop_column("force_id")
    op.drop_index(op.f("ix_force_memberships_force_id"), "force_memberships")
    op.drop_table("force_memberships")
    op.drop_table("forces")
