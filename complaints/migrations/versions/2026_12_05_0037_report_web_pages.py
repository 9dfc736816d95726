"""Each version of a published board report keeps its web page as well as its PDF: the
page's content as it was rendered when the OPCC approved the report, in the file store
under its SHA-256, so the page reads as the PDF does however the month's records change
later. Versions made before this have none: their page is worked out from the records
as they are now, and says so.

Revision ID: 0037
Revises: 0036
Create Date: 2026-12-05 12:00:00
"""

import sqlalchemy as sa
from alembic import op

revision = "0037"
down_revision = "0036"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("generated_reports") as batch:
        batch.add_column(sa.Column("html_sha256", sa.String(length=64), nullable=True))
        batch.create_check_constraint(
            op.f("ck_generated_reports_html_sha256_length"),
            "html_sha256 IS NULL OR length(html_sha256) = 64",
        )


def downgrade() -> None:
    with op.batch_alter_table("generated_reports") as batch:
        batch.drop_constraint(op.f("ck_generated_reports_html_sha256_length"), type_="check")
        batch.drop_column("html_sha256")
