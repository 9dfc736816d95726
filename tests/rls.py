"""Acting as the application's own database role, so row-level security applies.

A superuser (the test database's owner) is never limited by row-level security; the
application runs as an ordinary role in production, so a test of the policies must too.
PostgreSQL only.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import text
from sqlalchemy.orm import Session


@contextmanager
def as_application_role(db: Session) -> Iterator[None]:
    """Within the block, ``db`` acts as an ordinary role that may read and write every
    table, limited by the row-level-security policies like the application."""
    db.execute(
        text(
            "DO $$ BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'complaints_probe')"
            " THEN CREATE ROLE complaints_probe NOLOGIN; END IF; END $$"
        )
    )
    db.execute(text("GRANT USAGE ON SCHEMA public TO complaints_probe"))
    db.execute(text("GRANT ALL ON ALL TABLES IN SCHEMA public TO complaints_probe"))
    db.execute(text("GRANT ALL ON ALL SEQUENCES IN SCHEMA public TO complaints_probe"))
    db.execute(text("SET ROLE complaints_probe"))
    try:
        yield
    finally:
        db.execute(text("RESET ROLE"))
