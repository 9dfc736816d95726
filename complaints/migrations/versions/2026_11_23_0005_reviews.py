"""Reviews: misdirected applications, allocation, recommendations and responses.

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 10:00:00
"""

import sqlalchemy as sa
from alembic import op

from complaints.db import UTCDateTime

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None

RESPONSE_COMPLETE = (
    "(responded_on IS NULL) = (response IS NULL) "
    "AND (responded_on IS NULL) = (accepted IS NULL) "
    "AND (responded_on IS NULL) = (responded_by_id IS NULL)"
)
_USER_COLUMNS = ("recorded_by_id", "decided_by_id")
_LETTER_COLUMNS = ("forwarding_letter_id", "decision_letter_id")


def upgrade() -> None:
    op.create_table(
        "review_recommendations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("review_id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("created_at", UTCDateTime(), nullable=False),
        sa.Column("response", sa.Text(), nullable=True),
        sa.Column("accepted", sa.Boolean(), nullable=True),
        sa.Column("responded_on", sa.Date(), nullable=True),
        sa.Column("responded_by_id", sa.Integer(), nullable=True),
        sa.Column("learning_item_id", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            RESPONSE_COMPLETE, name=op.f("ck_review_recommendations_response_complete")
        ),
        sa.ForeignKeyConstraint(
            ["review_id"], ["reviews.id"], name=op.f("fk_review_recommendations_review_id_reviews")
        ),
        sa.ForeignKeyConstraint(
            ["responded_by_id"],
            ["users.id"],
            name=op.f("fk_review_recommendations_responded_by_id_users"),
        ),
        sa.ForeignKeyConstraint(
            ["learning_item_id"],
            ["learning_items.id"],
            name=op.f("fk_review_recommendations_learning_item_id_learning_items"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_review_recommendations")),
        sa.UniqueConstraint("review_id", "number", name="uq_review_recommendations_number"),
    )
    op.create_index(
        op.f("ix_review_recommendations_review_id"), "review_recommendations", ["review_id"]
    )
    with op.batch_alter_table("reviews") as batch:
        batch.add_column(sa.Column("forwarded_on", sa.Date(), nullable=True))
        batch.add_column(sa.Column("recorded_by_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("allocated_at", UTCDateTime(), nullable=True))
        batch.add_column(sa.Column("decided_by_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("forwarding_letter_id", sa.Integer(), nullable=True))
        batch.add_column(sa.Column("decision_letter_id", sa.Integer(), nullable=True))
        for column in _USER_COLUMNS:
            batch.create_foreign_key(f"fk_reviews_{column}_users", "users", [column], ["id"])
        for column in _LETTER_COLUMNS:
            batch.create_foreign_key(
                f"fk_reviews_{column}_attachments", "attachments", [column], ["id"]
            )
    _move_recommendations(op.get_bind())
    with op.batch_alter_table("reviews") as batch:
        batch.drop_column("recommendations")
        batch.create_check_constraint("only_valid_decided", "valid OR outcome IS NULL")
        batch.create_check_constraint(
            "allocation_dated", "(reviewer_id IS NULL) = (allocated_at IS NULL)"
        )
        batch.create_check_constraint(
            "only_misdirected_forwarded", "forwarded_on IS NULL OR received_by <> body"
        )


def _move_recommendations(connection: sa.Connection) -> None:
    """Earlier reviews kept their recommendations as one text; each becomes its own row,
    and the reviewer who decided a review is the one it was allocated to."""
    reviews = sa.table(
        "reviews",
        sa.column("id", sa.Integer),
        sa.column("recommendations", sa.Text),
        sa.column("reviewer_id", sa.Integer),
        sa.column("decided_by_id", sa.Integer),
        sa.column("allocated_at", UTCDateTime),
        sa.column("created_at", UTCDateTime),
    )
    recommendations = sa.table(
        "review_recommendations",
        sa.column("review_id", sa.Integer),
        sa.column("number", sa.Integer),
        sa.column("text", sa.Text),
        sa.column("created_at", UTCDateTime),
    )
    rows = connection.execute(
        sa.select(reviews.c.id, reviews.c.recommendations, reviews.c.created_at).where(
            reviews.c.recommendations.is_not(None)
        )
    ).all()
    for review_id, text, created_at in rows:
        lines = [line.strip() for line in text.splitlines() if line.strip()]
        for number, line in enumerate(lines, start=1):
            connection.execute(
                recommendations.insert().values(
                    review_id=review_id, number=number, text=line, created_at=created_at
                )
            )
    connection.execute(
        reviews.update()
        .where(reviews.c.reviewer_id.is_not(None))
        .values(decided_by_id=reviews.c.reviewer_id, allocated_at=reviews.c.created_at)
    )


def downgrade() -> None:
    with op.batch_alter_table("reviews") as batch:
        batch.drop_constraint("only_misdirected_forwarded", type_="check")
        batch.drop_constraint("allocation_dated", type_="check")
        batch.drop_constraint("only_valid_decided", type_="check")
        batch.add_column(sa.Column("recommendations", sa.Text(), nullable=True))
        for column in _LETTER_COLUMNS:
            batch.drop_constraint(f"fk_reviews_{column}_attachments", type_="foreignkey")
        for column in _USER_COLUMNS:
            batch.drop_constraint(f"fk_reviews_{column}_users", type_="foreignkey")
        batch.drop_column("decision_letter_id")
        batch.drop_column("forwarding_letter_id")
        batch.drop_column("decided_by_id")
        batch.drop_column("allocated_at")
        batch.drop_column("recorded_by_id")
        batch.drop_column("forwarded_on")
    op.drop_index(op.f("ix_review_recommendations_review_id"), "review_recommendations")
    op.drop_table("review_recommendations")
