"""Alembic owns the schema: one head, the migrated schema equals the models, and the
migrations run down and up again cleanly."""

from __future__ import annotations

import datetime as dt

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import func, inspect, select, text
from sqlalchemy.exc import DBAPIError

from complaints.common.audit_model import AuditEvent
from complaints.db import make_engine
from complaints.migrations import alembic_config, upgrade
from complaints.models import Base
from complaints.reference.models import AllegationCategory, Division


def test_there_is_exactly_one_head():
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    assert len(script.get_heads()) == 1


def test_migration_files_have_dated_names():
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    for revision in script.walk_revisions():
        name = revision.path.rsplit("/", 1)[-1]
        assert name[:11].replace("_", "").isdigit(), name


def test_migrated_schema_matches_the_models(engine):
    with engine.connect() as connection:
        differences = compare_metadata(
            MigrationContext.configure(connection, opts={"compare_type": True}), Base.metadata
        )
    assert differences == []


def test_reference_data_is_seeded(db):
    codes = set(db.scalars(select(AllegationCategory.code).where(AllegationCategory.active)))
    assert {"A1", "B6", "F6", "H5", "J1", "K1", "L1"} <= codes
    assert len(codes) == 45  # domain.md A4: 4+9+1+4+1+10+6+5+3+1+1 subcategories
    legacy = db.scalar(
        select(func.count()).select_from(AllegationCategory).where(AllegationCategory.legacy)
    )
    assert legacy == 23
    assert db.scalar(select(func.count()).select_from(Division)) == 8


def test_downgrade_to_base_and_up_again(tmp_path):
    engine = make_engine("sqlite:///" + str(tmp_path / "updown.sqlite3"))
    upgrade(engine)
    config = alembic_config(str(engine.url))
    command.downgrade(config, "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    upgrade(engine)
    assert "cases" in inspect(engine).get_table_names()
    engine.dispose()


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_events SET summary = 'rewritten'",
        "DELETE FROM audit_events",
    ],
)
def test_audit_trail_is_append_only_in_the_database(db, statement):
    db.add(
        AuditEvent(
            occurred_at=dt.datetime.now(dt.UTC),
            actor_name="Test",
            source="test",
            action="view",
            entity_type="cases",
        )
    )
    db.flush()
    with pytest.raises(DBAPIError, match="append-only"), db.begin_nested():
        db.execute(text(statement))
