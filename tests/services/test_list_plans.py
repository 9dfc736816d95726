"""The case list's first page is read in its order from an index, not sorted.

SQLite keeps no statistics until ``ANALYZE`` runs, so the plan it picks for a fresh or
bulk-loaded database is the one a force with tens of thousands of cases gets: sorting
every case of the force for each page took most of a second at 50,000 cases.
"""

from __future__ import annotations

import pytest
from sqlalchemy import text

from complaints.auth.roles import Role
from complaints.cases.queries import CaseFilters, case_list
from tests import factories


def _plan(db, query) -> str:
    sql = query.compile(db.get_bind(), compile_kwargs={"literal_binds": True})
    return " | ".join(row[-1] for row in db.execute(text(f"EXPLAIN QUERY PLAN {sql}")))


def test_the_case_list_is_read_in_its_order_from_an_index(db):
    if db.get_bind().dialect.name != "sqlite":
        pytest.skip("the plan of a few rows on PostgreSQL says nothing of a large force's")
    handler = factories.user(db, Role.HANDLER)
    factories.complaint(db, handler=handler)
    db.flush()
    plan = _plan(db, case_list(factories.actor_for(handler), CaseFilters()).limit(25))
    assert "ix_cases_force_received" in plan, plan
    assert "TEMP B-TREE FOR ORDER BY" not in plan, plan
