"""Command-line operations an administrator runs on a new installation."""

from __future__ import annotations

import pytest
from alembic.script import ScriptDirectory
from sqlalchemy import select, text

from complaints import create_app
from complaints.auth.models import User
from complaints.migrations import alembic_config
from complaints.reports.generation import read_page
from complaints.reports.models import BoardReport
from complaints.web import ENGINE


def test_users_create_makes_the_first_administrator(app, db):
    result = app.test_cli_runner().invoke(
        args=[
            "users",
            "create",
            "--email",
            "Chief.Admin@Force.Example",
            "--name",
            "Chief Admin",
            "--role",
            "admin",
            "--password",
            "a long enough password",
        ]
    )
    assert result.exit_code == 0, result.output
    assert "Created Administrator account for chief.admin@force.example" in result.output
    user = db.scalar(select(User).where(User.email == "chief.admin@force.example"))
    assert user.role.value == "admin"


def test_users_create_refuses_a_weak_password(app):
    result = app.test_cli_runner().invoke(
        args=["users", "create", "--email", "a@force.example", "--name", "A", "--password", "short"]
    )
    assert result.exit_code != 0
    assert "12 characters or more" in result.output


def test_db_current_names_the_revision(app):
    result = app.test_cli_runner().invoke(args=["db", "current"])
    assert result.exit_code == 0
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    assert result.output.strip() == script.get_current_head()


def test_demo_seed_prints_the_sign_ins_and_then_leaves_the_data_alone(app, db):
    runner = app.test_cli_runner()
    first = runner.invoke(args=["demo", "seed", "--cases", "30", "--if-empty"])
    assert first.exit_code == 0, first.output
    assert "Made 30 cases" in first.output
    assert "handler@demo.example" in first.output
    # The published report's versions keep their web pages as approval in the app does,
    # so a board member's first view is the report as approved.
    published = db.scalars(select(BoardReport)).one()
    assert {g.version.value for g in published.generated} == {"circulated", "full"}
    for generated in published.generated:
        page = read_page(app.config["FILES_DIR"], generated)
        assert "Commentary from the Office of the Police and Crime Commissioner" in page
        assert f'href="/reports/{generated.id}/download"' in page
    again = runner.invoke(args=["demo", "seed", "--cases", "30", "--if-empty"])
    assert again.exit_code == 0
    assert "demo data not added" in again.output
    assert "aa@demo.example" in again.output
    refused = runner.invoke(args=["demo", "seed", "--cases", "30"])
    assert refused.exit_code != 0


def test_demo_data_is_refused_in_production(app):
    app.config["ENV"] = "production"
    result = app.test_cli_runner().invoke(args=["demo", "seed", "--cases", "5"])
    assert result.exit_code != 0
    assert "never added to a production database" in result.output


def test_db_upgrade_and_analyze_give_sqlite_s_planner_statistics(tmp_path):
    """SQLite keeps no statistics until asked, and without them it plans a large force's
    name search as if every index were selective (38 ms where 10 would do)."""
    app = create_app(
        {
            "TESTING": True,
            "ENV": "test",
            "SECRET_KEY": "test-secret-key",
            "DATABASE_URL": "sqlite:///" + str(tmp_path / "analyzed.sqlite3"),
            "FILES_DIR": str(tmp_path / "files"),
            "PASSWORD_HASH_PROFILE": "CHEAPEST",
        }
    )
    runner = app.test_cli_runner()
    upgraded = runner.invoke(args=["db", "upgrade"])
    assert upgraded.exit_code == 0, upgraded.output
    engine = app.extensions[ENGINE]

    def analyzed() -> set[str]:
        with engine.connect() as connection:
            return set(connection.scalars(text("SELECT DISTINCT tbl FROM sqlite_stat1")))

    # Reference data is there from the start: its tables have statistics at once.
    assert "allegation_categories" in analyzed()
    assert "users" not in analyzed()  # empty tables get none, so none can mislead
    for name in ("one", "two"):
        made = runner.invoke(
            args=[
                *("users", "create", "--email", f"{name}@force.example", "--name", name),
                *("--role", "handler", "--password", "a long enough password"),
            ]
        )
        assert made.exit_code == 0, made.output
    result = runner.invoke(args=["db", "analyze"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "Statistics refreshed."
    assert "users" in analyzed()
    engine.dispose()


def test_db_analyze_leaves_postgresql_to_keep_its_own(app, db):
    if db.get_bind().dialect.name != "postgresql":
        pytest.skip("SQLite's statistics are tested above")
    result = app.test_cli_runner().invoke(args=["db", "analyze"])
    assert result.exit_code == 0, result.output
    assert result.output.strip() == "PostgreSQL keeps its own statistics."
