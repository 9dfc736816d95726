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
