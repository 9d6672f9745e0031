"""Bring a database to the newest schema with Alembic, configured in code (no alembic.ini at run time)."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, inspect, text

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
FIRST = "0001"  # the skeleton's create_all schema; databases from before migrations are at this revision


def config(connection: Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    cfg.attributes["connection"] = connection
    return cfg


def head() -> str:
    return ScriptDirectory.from_config(config()).get_current_head() or FIRST


def current(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def upgrade(connection: Connection, target: str = "head") -> None:
    """Migrate inside the caller's transaction; concurrent openers wait for the first one."""
    if connection.dialect.name == "postgresql":
        connection.execute(text("SELECT pg_advisory_xact_lock(727600)"))  # any constant shared by all openers
    cfg = config(connection)
    wanted = ScriptDirectory.from_config(cfg).get_current_head() if target == "head" else target
    revision = current(connection)
    if revision == wanted:
        return
    if revision is None and inspect(connection).has_table("documents"):
        command.stamp(cfg, FIRST)  # made by create_all before migrations existed
    command.upgrade(cfg, target)
