"""A case's rows carry their case's force, so that row-level security tests a column of
the row itself rather than looking up its case (one key lookup for every row a search
reads, in every force, before another force's can be dropped), and so that indexes can
lead with the force.

The column is filled in one place, as the row is first saved: from its case when the
session holds it (the usual way, ``case.complainants.append(...)``), otherwise by the
INSERT itself from the case's row. Writers that bypass the ORM (the legacy import's bulk
inserts, the benchmark's COPY) fill it themselves. No case changes force.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sqlalchemy import Select, event, func, select

NO_FORCE = 0  # no force has this id


def keep_case_force(model: type, case_model: Any) -> None:
    """Set ``model.force_id`` to its case's force whenever a row of ``model`` is inserted."""
    _keep_force(
        model,
        lambda row: row.__dict__.get("case"),
        lambda row: select(case_model.force_id).where(case_model.id == row.case_id),
    )


def keep_review_force(model: type, review_model: Any, case_model: Any) -> None:
    """The same for a row of a review (a recommendation): its review's case's force."""

    def case_in_session(row: Any) -> Any:
        review = row.__dict__.get("review")
        return review.__dict__.get("case") if review is not None else None

    _keep_force(
        model,
        case_in_session,
        lambda row: (
            select(case_model.force_id)
            .join(review_model, review_model.case_id == case_model.id)
            .where(review_model.id == row.review_id)
        ),
    )


def _keep_force(
    model: type, case_in_session: Callable[[Any], Any], of_row: Callable[[Any], Select]
) -> None:
    """Fill ``force_id`` as a row is inserted: from its case if the session holds it."""

    def fill(_mapper: Any, _connection: Any, row: Any) -> None:
        case = case_in_session(row)
        force_id = case.force_id if case is not None else None
        if force_id is None:
            # The case is not in the session: the database reads it during the INSERT.
            # No such case gives no force (0), so the row is refused by its parent's
            # foreign key, whose message names the key alone; a missing force would be
            # refused as NOT NULL, which PostgreSQL reports with the whole row, personal
            # data and all.
            force_id = func.coalesce(of_row(row).scalar_subquery(), NO_FORCE)
        row.force_id = force_id

    event.listen(model, "before_insert", fill)
