"""Row-level security that costs one index probe a row, and an index for a force's open work.

The policies of 0012 and 0013 said "the row's case is among the cases I may see" as
``case_id IN (SELECT id FROM cases)``: PostgreSQL then read every case of the person's
forces for each query on a case's rows (721 ms to load one case's complainants at a
million cases). As ``EXISTS`` on the row's own case the same rule is one primary-key
probe. And the start pages' counts of a force's cases by state read the whole state
index across all forces: ``(force_id, state)`` serves them.

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-04 21:30:00
"""

from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None

BY_CASE = ("complainants", "allegations", "contacts", "notes", "reviews", "case_subjects")
SETTING = "current_setting('complaints.forces', true)"
UNSET = f"coalesce({SETTING}, '') = ''"
OWN_FORCE = f"{UNSET} OR force_id = ANY (string_to_array({SETTING}, ',')::int[])"


def _own_case(table: str) -> str:
    return f"{UNSET} OR EXISTS (SELECT 1 FROM cases WHERE cases.id = {table}.case_id)"


ON_OWN_CASE = (
    f"{OWN_FORCE} OR EXISTS "
    "(SELECT 1 FROM case_subjects WHERE case_subjects.subject_id = subjects.id)"
)
# As 0012 and 0013 left them, for the downgrade.
OLD_OWN_CASE = f"{UNSET} OR case_id IN (SELECT id FROM cases)"
OLD_ON_OWN_CASE = f"{OWN_FORCE} OR id IN (SELECT subject_id FROM case_subjects)"


def _policy(table: str, using: str, check: str) -> None:
    op.execute(f"DROP POLICY own_forces ON {table}")
    op.execute(f"CREATE POLICY own_forces ON {table} USING ({using}) WITH CHECK ({check})")


def upgrade() -> None:
    op.create_index("ix_cases_force_state", "cases", ["force_id", "state"])
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in BY_CASE:
        _policy(table, _own_case(table), _own_case(table))
    _policy("subjects", ON_OWN_CASE, OWN_FORCE)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        for table in BY_CASE:
            _policy(table, OLD_OWN_CASE, OLD_OWN_CASE)
        _policy("subjects", OLD_ON_OWN_CASE, OWN_FORCE)
    op.drop_index("ix_cases_force_state", "cases")
