"""Search by the start of a name, served by an index under row-level security: a folded
copy of each complainant's and subject's family name beside the folded full name, and
btree indexes (``text_pattern_ops``) on both, which serve ``starts_with()``.

The trigram indexes of 0014 serve ``LIKE '%word%'`` only to a role that row-level
security does not apply to: ``LIKE`` is not leak-proof, so PostgreSQL checks each row's
policy before it (5 s to find a common surname among a million cases); ``starts_with()``
is, so the index narrows the rows first. Filled here for the rows already held and kept
by the models from now on.

And a force's cases by state carry whether each is restricted: the start pages count a
force's open unrestricted cases, which at 500,000 cases meant reading some 10,000 case
rows for that flag alone (70 ms); from the index alone it is a few milliseconds.

Revision ID: 0039
Revises: 0038
Create Date: 2026-12-05 08:30:00
"""

import sqlalchemy as sa
from alembic import op

from complaints.common.folding import fold

revision = "0039"
down_revision = "0038"
branch_labels = None
depends_on = None

TABLES = ("complainants", "subject_identities")
BATCH = 5_000


def upgrade() -> None:
    bind = op.get_bind()
    for table in TABLES:
        # Added in place (SQLite too): rebuilding the table would trip its foreign keys.
        op.add_column(
            table, sa.Column("search_family", sa.String(200), nullable=False, server_default="")
        )
        _fill(bind, table)
    _force_state_index("force_id", "state", "restricted")
    if bind.dialect.name == "postgresql":
        for table in TABLES:
            op.execute(
                f"CREATE INDEX ix_{table}_search_family ON {table} "
                "(search_family text_pattern_ops)"
            )
            op.execute(
                f"CREATE INDEX ix_{table}_search_name_prefix ON {table} "
                "(search_name text_pattern_ops)"
            )


def _force_state_index(*columns: str) -> None:
    op.drop_index("ix_cases_force_state", "cases")
    op.create_index("ix_cases_force_state", "cases", list(columns))


def _fill(bind: sa.Connection, table: str) -> None:
    select = sa.text(
        f"SELECT id, family_name FROM {table} WHERE id > :last AND family_name <> '' "
        f"ORDER BY id LIMIT {BATCH}"
    )
    update = sa.text(f"UPDATE {table} SET search_family = :folded WHERE id = :id")
    last = 0
    while chunk := bind.execute(select, {"last": last}).all():
        bind.execute(update, [{"id": row[0], "folded": fold(row[1])} for row in chunk])
        last = chunk[-1][0]


def downgrade() -> None:
    _force_state_index("force_id", "state")
    for table in TABLES:
        if op.get_bind().dialect.name == "postgresql":
            op.execute(f"DROP INDEX ix_{table}_search_name_prefix")
            op.execute(f"DROP INDEX ix_{table}_search_family")
        op.drop_column(table, "search_family")  # in place, as it was added
