"""Row-level security reads the person's forces once a statement, not once a row.

Read per row, the policies' parsing of ``complaints.forces`` cost two thirds of counting a
large force's cases. Every policy must read it in a sub-select, which PostgreSQL runs once
(an InitPlan); a policy added later in the old form fails here. PostgreSQL only: SQLite
has no row-level security.
"""

from __future__ import annotations

import re

import pytest
from alembic import command
from sqlalchemy import text

from complaints.auth.roles import Role
from complaints.migrations import alembic_config
from tests import factories
from tests.rls import as_application_role

POLICIES = text(
    "SELECT c.relname, pg_get_expr(p.polqual, p.polrelid), "
    "pg_get_expr(p.polwithcheck, p.polrelid) FROM pg_policy p "
    "JOIN pg_class c ON c.oid = p.polrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
    "WHERE n.nspname = current_schema() ORDER BY c.relname"
)
# The setting, read anywhere but at the start of a sub-select of its own.
READ_PER_ROW = re.compile(r"(?<!\( SELECT \()(COALESCE|string_to_array)\(current_setting")


@pytest.fixture(autouse=True)
def _postgresql_only(db):
    if db.get_bind().dialect.name != "postgresql":
        pytest.skip("row-level security is PostgreSQL's")


def _per_row(db) -> dict[str, str]:
    found = {}
    for table, using, check in db.execute(POLICIES).all():
        for expression in (using, check):
            if expression and READ_PER_ROW.search(expression):
                found[table] = expression
    return found


def test_every_policy_reads_the_forces_once_a_statement(db):
    policies = db.execute(POLICIES).all()
    assert len(policies) >= 30  # the check below looked at the force-scoped tables
    assert _per_row(db) == {}


def test_counting_a_forces_cases_evaluates_the_setting_once(db):
    handler = factories.user(db, Role.HANDLER)
    case = factories.complaint(db, handler=handler)
    db.flush()
    with as_application_role(db):
        db.execute(
            text("SELECT set_config('complaints.forces', :forces, true)"),
            {"forces": str(case.force_id)},
        )
        plan = "\n".join(
            row[0]
            for row in db.execute(
                text("EXPLAIN SELECT count(*) FROM cases WHERE force_id = :force"),
                {"force": case.force_id},
            )
        )
        counted = db.scalar(text("SELECT count(*) FROM cases"))
    assert "InitPlan" in plan, plan
    assert "current_setting" not in plan, plan
    assert counted == 1


def test_the_downgrade_reads_per_row_again_and_the_upgrade_once(db):
    """Alembic on the test's own connection: PostgreSQL's DDL is undone with the test."""
    config = alembic_config(db.connection().engine.url.render_as_string(hide_password=False))
    config.attributes["connection"] = db.connection()
    command.downgrade(config, "0045")
    assert {"cases", "complainants", "subjects"} <= set(_per_row(db))
    command.upgrade(config, "head")
    assert _per_row(db) == {}
