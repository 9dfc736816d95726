"""Alembic owns the schema: these helpers point it at the app's database."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from sqlalchemy.engine import Engine

HERE = Path(__file__).parent


def alembic_config(url: str) -> Config:
    config = Config()
    config.set_main_option("script_location", str(HERE))
    config.set_main_option("file_template", "%%(year)d_%%(month).2d_%%(day).2d_%%(rev)s_%%(slug)s")
    config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    return config


def upgrade(
    engine: Engine, revision: str = "head", first_force: Mapping[str, Any] | None = None
) -> None:
    """Upgrade the schema. ``first_force`` carries the installation's settings (name, PSD
    address, report targets, national comparators) into the migration that makes them the
    first force's values."""
    config = alembic_config(engine.url.render_as_string(hide_password=False))
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        config.attributes["first_force"] = first_force
        command.upgrade(config, revision)
