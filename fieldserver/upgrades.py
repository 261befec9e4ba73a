"""The schema brought to the newest migration, once, however many replicas start.

On PostgreSQL the upgrade runs under an advisory lock: replicas that start together
take turns, the first migrates and the others find the schema current. `fieldserver
migrate` does the same on its own, for deployments that upgrade before starting the
replicas (docs/deployment.md). After the upgrade the change feed's offset is rebased
(feed.rebase), which a restore into a new cluster needs.
"""

from __future__ import annotations

import functools
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, inspect, text

from fieldserver import feed

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
LOCK_KEY = 0x6669656C64  # "field": any fixed number, the same for every replica


def alembic_config(engine: Engine) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["engine"] = engine
    return cfg


@functools.cache
def head() -> str | None:
    """The newest migration this code has."""
    return ScriptDirectory(str(MIGRATIONS_DIR)).get_current_head()


def current(engine: Engine) -> str | None:
    """The migration the database is at (None: an empty database). Read straight from
    Alembic's table: readiness probes ask every few seconds, and Alembic's own reader
    logs each time."""
    with engine.connect() as connection:
        if not inspect(connection).has_table("alembic_version"):
            return None
        version: str | None = connection.scalar(text("SELECT version_num FROM alembic_version"))
        return version


def migrate(engine: Engine) -> None:
    """Bring the schema to the newest migration (one process at a time)."""
    if engine.dialect.name != "postgresql":
        _upgrade(engine)
        return
    with engine.connect() as lock:
        lock.execute(text("SELECT pg_advisory_lock(:key)"), {"key": LOCK_KEY})
        try:
            _upgrade(engine)
        finally:
            lock.execute(text("SELECT pg_advisory_unlock(:key)"), {"key": LOCK_KEY})
            lock.commit()


def _upgrade(engine: Engine) -> None:
    if current(engine) != head():
        command.upgrade(alembic_config(engine), "head")
    with engine.begin() as connection:
        feed.rebase(connection)
