"""Search that finds every name: a folded copy (lower case, accents and other scripts
transliterated) of each case's summary and each complainant's and subject's name, filled
here for the rows already held and kept by the models from now on
(``complaints.common.folding``). On PostgreSQL, trigram indexes serve ``LIKE '%word%'``
on them; ``pg_trgm`` is a trusted extension, so the database's owner may create it.

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-04 20:30:00
"""

import sqlalchemy as sa
from alembic import op

from complaints.common.folding import fold

revision = "0014"
down_revision = "0013"
branch_labels = None
depends_on = None

# table -> (folded column, its length (None: text), the columns it is folded from)
FOLDED = {
    "cases": ("search_summary", None, ("summary",)),
    "complainants": ("search_name", 200, ("given_name", "family_name")),
    "subject_identities": ("search_name", 200, ("given_name", "family_name")),
}
BATCH = 5_000


def upgrade() -> None:
    bind = op.get_bind()
    for table, (column, length, sources) in FOLDED.items():
        kind = sa.Text() if length is None else sa.String(length)
        with op.batch_alter_table(table) as batch:
            batch.add_column(sa.Column(column, kind, nullable=False, server_default=""))
        _fill(bind, table, column, sources)
    if bind.dialect.name == "postgresql":
        op.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        # Named with the extension's schema: the tables' schema may be another one.
        where = bind.scalar(
            sa.text(
                "SELECT quote_ident(nspname) FROM pg_extension "
                "JOIN pg_namespace ON pg_namespace.oid = extnamespace WHERE extname = 'pg_trgm'"
            )
        )
        for table, (column, _, _) in FOLDED.items():
            op.execute(
                f"CREATE INDEX ix_{table}_{column} ON {table} "
                f"USING gin ({column} {where}.gin_trgm_ops)"
            )


def _fill(bind: sa.Connection, table: str, column: str, sources: tuple[str, ...]) -> None:
    select = sa.text(
        f"SELECT id, {', '.join(sources)} FROM {table} WHERE id > :last ORDER BY id LIMIT {BATCH}"
    )
    update = sa.text(f"UPDATE {table} SET {column} = :folded WHERE id = :id")
    last = 0
    while chunk := bind.execute(select, {"last": last}).all():
        values = [
            {"id": row[0], "folded": fold(" ".join(part or "" for part in row[1:]))}
            for row in chunk
        ]
        bind.execute(update, values)
        last = chunk[-1][0]


def downgrade() -> None:
    for table, (column, _, _) in FOLDED.items():
        if op.get_bind().dialect.name == "postgresql":
            op.execute(f"DROP INDEX ix_{table}_{column}")
        with op.batch_alter_table(table) as batch:
            batch.drop_column(column)
