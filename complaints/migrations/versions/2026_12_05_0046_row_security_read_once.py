"""Row-level security reads the person's forces once a statement, not once a row.

Every policy asks whether the request named no forces (the CLI and jobs) or the row's
force is one of those named: ``current_setting('complaints.forces')`` parsed into an
array. Written as a plain expression, PostgreSQL evaluates it again for every row it
reads, which cost two thirds of counting a large force's cases (30 ms of 43,000 rows,
10 ms without). Written as a sub-select it becomes an InitPlan, evaluated once a
statement, and the planner's estimate of the rows that pass is no longer a guess.

The policies are rewritten where they stand, whichever table they guard, so none is
missed; a policy that reads the setting in a form this migration does not know stops
it rather than being left reading it per row. Migrations that add policies after this
one write them in this form (a test checks every policy).

Revision ID: 0046
Revises: 0045
Create Date: 2026-12-05 14:20:00
"""

from alembic import op
from sqlalchemy import text

revision = "0046"
down_revision = "0045"
branch_labels = None
depends_on = None

SETTING = "current_setting('complaints.forces'::text, true)"
# As PostgreSQL gives a policy's expressions back (pg_get_expr), before and after.
UNSET = f"COALESCE({SETTING}, ''::text) = ''::text"
FORCES = f"(string_to_array({SETTING}, ','::text))::integer[]"
UNSET_ONCE = f"( SELECT ({UNSET}))"
FORCES_ONCE = f"( SELECT {FORCES} AS string_to_array)::integer[]"
POLICIES = text(
    "SELECT c.relname, pg_get_expr(p.polqual, p.polrelid), "
    "pg_get_expr(p.polwithcheck, p.polrelid) FROM pg_policy p "
    "JOIN pg_class c ON c.oid = p.polrelid JOIN pg_namespace n ON n.oid = c.relnamespace "
    "WHERE p.polname = 'own_forces' AND n.nspname = current_schema() ORDER BY c.relname"
)


def _once(expression: str) -> str:
    return expression.replace(UNSET_ONCE, "\0").replace(FORCES_ONCE, "\1")


def _read_once(expression: str | None) -> str | None:
    if expression is None:
        return None
    done = _once(expression).replace(UNSET, "\0").replace(FORCES, "\1")
    if SETTING in done:
        raise RuntimeError(f"a policy reads the forces in a form not rewritten: {expression}")
    return done.replace("\0", UNSET_ONCE).replace("\1", FORCES_ONCE)


def _read_per_row(expression: str | None) -> str | None:
    if expression is None:
        return None
    return _once(expression).replace("\0", f"({UNSET})").replace("\1", FORCES)


def _rewrite(how) -> None:
    bind = op.get_bind()
    if bind.dialect.name != "postgresql":
        return
    for table, using, check in bind.execute(POLICIES).all():
        clauses = [f"USING ({how(using)})" if using else ""]
        clauses.append(f"WITH CHECK ({how(check)})" if check else "")
        op.execute(f"ALTER POLICY own_forces ON {table} {' '.join(clauses)}")


def upgrade() -> None:
    _rewrite(_read_once)


def downgrade() -> None:
    _rewrite(_read_per_row)
