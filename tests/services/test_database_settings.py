"""How the application's connections are set up on PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import text


def test_postgresql_connections_do_not_compile_queries_just_in_time(db):
    if db.get_bind().dialect.name != "postgresql":
        pytest.skip("JIT compilation is PostgreSQL's; SQLite has none")
    assert db.execute(text("SHOW jit")).scalar() == "off"


def test_postgresql_plans_each_repeated_statement_for_its_own_values(db):
    """psycopg prepares a statement it has sent five times, and PostgreSQL then plans it
    once for any values: the generic plan of a name search read the force's cases for a
    surname whose own plan reads a few index entries (230 ms a search from 46)."""
    if db.get_bind().dialect.name != "postgresql":
        pytest.skip("plan caching is PostgreSQL's")
    assert db.execute(text("SHOW plan_cache_mode")).scalar() == "force_custom_plan"


def test_postgresql_prices_an_index_read_as_a_read_from_memory(db):
    """PostgreSQL's default prices a random read four times a sequential one, as on a
    spinning disk; a database served from memory or SSD then scanned all of a force's
    history where an index reaches the month's rows (the report's SQL a third slower at
    ten years of cases)."""
    if db.get_bind().dialect.name != "postgresql":
        pytest.skip("random_page_cost is PostgreSQL's")
    assert db.execute(text("SHOW random_page_cost")).scalar() == "1.1"
