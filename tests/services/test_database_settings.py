"""How the application's connections are set up on PostgreSQL."""

from __future__ import annotations

import pytest
from sqlalchemy import text


def test_postgresql_connections_do_not_compile_queries_just_in_time(db):
    if db.get_bind().dialect.name != "postgresql":
        pytest.skip("JIT compilation is PostgreSQL's; SQLite has none")
    assert db.execute(text("SHOW jit")).scalar() == "off"
