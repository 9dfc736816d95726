"""Row-level security on PostgreSQL: each force's rows only, whatever the query says.

The request edge sets ``complaints.forces`` for each transaction (``db.scope_to_forces``)
to the forces of the signed-in person ('0' for none); these policies then refuse other
forces' rows even to a query that forgets the application's filter. Where the setting is
absent or empty (the CLI, scheduled jobs, migrations, and a pooled connection after its
request's transaction ended), nothing is limited. ``FORCE`` applies the policies to
the tables' owner too, since the application usually connects as the owner; superusers
are never limited by row-level security, so production connects as an ordinary role.
SQLite has no row-level security: there the application's rule alone holds.

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-04 18:00:00
"""

from alembic import op

revision = "0012"
down_revision = "0011"
branch_labels = None
depends_on = None

# Tables with a force of their own, and tables of a case's people and papers.
BY_FORCE = ("cases", "subjects", "learning_items", "dip_samples", "generated_reports")
BY_CASE = ("complainants", "allegations", "contacts", "notes", "reviews", "case_subjects")
SETTING = "current_setting('complaints.forces', true)"
UNSET = f"coalesce({SETTING}, '') = ''"
OWN_FORCE = f"{UNSET} OR force_id = ANY (string_to_array({SETTING}, ',')::int[])"
OWN_CASE = f"{UNSET} OR case_id IN (SELECT id FROM cases)"


def upgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for tables, rule in ((BY_FORCE, OWN_FORCE), (BY_CASE, OWN_CASE)):
        for table in tables:
            op.execute(f"ALTER TABLE {table} ENABLE ROW LEVEL SECURITY")
            op.execute(f"ALTER TABLE {table} FORCE ROW LEVEL SECURITY")
            op.execute(f"CREATE POLICY own_forces ON {table} USING ({rule}) WITH CHECK ({rule})")


def downgrade() -> None:
    if op.get_bind().dialect.name != "postgresql":
        return
    for table in (*BY_FORCE, *BY_CASE):
        op.execute(f"DROP POLICY own_forces ON {table}")
        op.execute(f"ALTER TABLE {table} NO FORCE ROW LEVEL SECURITY")
        op.execute(f"ALTER TABLE {table} DISABLE ROW LEVEL SECURITY")
