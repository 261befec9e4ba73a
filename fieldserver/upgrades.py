"""The schema brought to the newest migration, once, however many replicas start.

On PostgreSQL the upgrade runs under an advisory lock: replicas that start together
take turns, the first migrates and the others find the schema current. `fieldserver
migrate` does the same on its own, for deployments that upgrade before starting the
replicas (docs/deployment.md). After the upgrade the change feed's offset is rebased
(feed.rebase), which a restore into a new cluster needs.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine, text

from fieldserver import feed

MIGRATIONS_DIR = Path(__file__).parent / "migrations"
LOCK_KEY = 0x6669656C64  # "field": any fixed number, the same for every replica


def alembic_config(engine: Engine) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    cfg.attributes["engine"] = engine
    return cfg


def head() -> str | None:
    """The newest migration this code has."""
    return ScriptDirectory(str(MIGRATIONS_DIR)).get_current_head()


def current(engine: Engine) -> str | None:
    """The migration the database is at (None: an empty database)."""
    with engine.connect() as connection:
        return MigrationContext.configure(connection).get_current_revision()


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
