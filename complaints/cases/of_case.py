"""A case's rows carry their case's force, so that row-level security tests a column of
the row itself rather than looking up its case (one key lookup for every row a search
reads, in every force, before another force's can be dropped), and so that indexes can
lead with the force. Allegations carry their case's type too, so that the monthly
measures count a period's allegations of complaints from the allegations alone.

The columns are filled in one place, as the row is first saved: from its case when the
session holds it (the usual way, ``case.complainants.append(...)``), otherwise by the
INSERT itself from the case's row. Writers that bypass the ORM (the legacy import's bulk
inserts, the benchmark's COPY) fill them themselves. No case changes force or type.

Row-level security trusts these copies, so the database holds them to their source: a
row's key to its case (or review, or allegation) includes what it copies
(``db.with_parent``), and a row whose copy differs from its parent's, or a parent whose
force changes under its rows, is refused as a broken foreign key.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Select, event, func, select

# What a row is given when its case does not exist, so that the row is refused by its
# parent's foreign key, whose message names the key alone; a missing value would be
# refused as NOT NULL, which PostgreSQL reports with the whole row, personal data and all.
NO_CASE = {"force_id": 0, "case_type": "complaint"}  # no force has id 0


def keep_case_force(model: type, case_model: Any, *, with_type: bool = False) -> None:
    """Set ``model.force_id`` (and ``case_type`` if asked) to its case's whenever a row of
    ``model`` is inserted."""
    _keep_from_case(
        model,
        ("force_id", "case_type") if with_type else ("force_id",),
        lambda row: row.__dict__.get("case"),
        lambda row, column: select(getattr(case_model, column)).where(case_model.id == row.case_id),
    )


def keep_review_force(model: type, review_model: Any, case_model: Any) -> None:
    """The same for a row of a review (a recommendation): its review's case's force."""

    def case_in_session(row: Any) -> Any:
        review = row.__dict__.get("review")
        return review.__dict__.get("case") if review is not None else None

    _keep_from_case(
        model,
        ("force_id",),
        case_in_session,
        lambda row, column: (
            select(getattr(case_model, column))
            .join(review_model, review_model.case_id == case_model.id)
            .where(review_model.id == row.review_id)
        ),
    )


def _keep_from_case(
    model: type,
    columns: tuple[str, ...],
    case_in_session: Callable[[Any], Any],
    of_row: Callable[[Any, str], Select],
) -> None:
    """Fill ``columns`` as a row is inserted: from its case if the session holds it."""

    def fill(_mapper: Any, _connection: Any, row: Any) -> None:
        case = case_in_session(row)
        for column in columns:
            value = getattr(case, column) if case is not None else None
            if value is None:
                # The case is not in the session: the database reads it during the INSERT.
                value = func.coalesce(of_row(row, column).scalar_subquery(), NO_CASE[column])
            setattr(row, column, value)

    event.listen(model, "before_insert", fill)
