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

from typing import Any

from sqlalchemy import event, func, select

NO_FORCE = 0  # no force has this id


def keep_case_force(model: type, case_model: Any) -> None:
    """Set ``model.force_id`` to its case's force whenever a row of ``model`` is inserted."""

    def fill(_mapper: Any, _connection: Any, row: Any) -> None:
        case = row.__dict__.get("case")
        force_id = case.force_id if case is not None else None
        if force_id is None:
            # The case is not in the session: the database reads it during the INSERT.
            # No such case gives no force (0), so the row is refused by its case's foreign
            # key, whose message names the key alone; a missing force would be refused as
            # NOT NULL, which PostgreSQL reports with the whole row, personal data and all.
            of_case = select(case_model.force_id).where(case_model.id == row.case_id)
            force_id = func.coalesce(of_case.scalar_subquery(), NO_FORCE)
        row.force_id = force_id

    event.listen(model, "before_insert", fill)


def keep_review_force(model: type, review_model: Any, case_model: Any) -> None:
    """Set ``model.force_id`` to its review's case's force whenever a row of ``model`` (a
    review's recommendation) is inserted."""

    def fill(_mapper: Any, _connection: Any, row: Any) -> None:
        review = row.__dict__.get("review")
        case = review.__dict__.get("case") if review is not None else None
        force_id = case.force_id if case is not None else None
        if force_id is None:
            of_review = (
                select(case_model.force_id)
                .join(review_model, review_model.case_id == case_model.id)
                .where(review_model.id == row.review_id)
            )
            force_id = func.coalesce(of_review.scalar_subquery(), NO_FORCE)
        row.force_id = force_id

    event.listen(model, "before_insert", fill)
