"""Schema changes are versioned migrations, and they match the models exactly."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, inspect, text

from fieldserver import models  # noqa: F401
from fieldserver.db import Base, make_engine
from fieldserver.upgrades import alembic_config, head, migrate


def test_migrations_build_exactly_the_models(database_url: str) -> None:
    engine = make_engine(database_url)
    migrate(engine)
    with engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn, opts={"compare_type": True}),
                                Base.metadata)
    engine.dispose()
    assert diff == []


def test_migrating_twice_is_harmless(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    migrate(engine)
    migrate(engine)
    head = ScriptDirectory.from_config(alembic_config(engine)).get_current_head()
    with engine.connect() as conn:
        assert MigrationContext.configure(conn).get_current_revision() == head
        assert "users" in inspect(conn).get_table_names()
    engine.dispose()


def _agency_with_roles(conn: Connection, qa_keys: list[str]) -> None:
    """Agency 1 with role 1 "QA" (these permissions) and role 2 "User" (epcr.access)."""
    conn.execute(text("INSERT INTO agencies (id, name, offline_login_enabled,"
                      " offline_max_days, auto_lock_minutes, created_at)"
                      " VALUES (1, 'A', 0, 14, 15, '2026-12-01 00:00:00')"))
    conn.execute(text("INSERT INTO roles (id, agency_id, name) VALUES (1, 1, 'QA'),"
                      " (2, 1, 'User')"))
    for key in qa_keys:
        conn.execute(text("INSERT INTO role_permissions (role_id, key) VALUES (1, :k)"),
                     {"k": key})
    conn.execute(text("INSERT INTO role_permissions (role_id, key) VALUES"
                      " (2, 'epcr.access')"))


def test_0011_gives_qa_roles_reports_unlock_for_epcr_qa(tmp_path: Path) -> None:
    """epcr.qa (edit a completed report in place) is gone; its holders may unlock."""
    from alembic import command

    engine = make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    command.upgrade(alembic_config(engine), "0010")
    with engine.begin() as conn:
        _agency_with_roles(conn, ["epcr.access", "epcr.qa"])
    command.upgrade(alembic_config(engine), "0011")
    with engine.connect() as conn:
        held = conn.execute(text("SELECT role_id, key FROM role_permissions"
                                 " ORDER BY role_id, key")).all()
    engine.dispose()
    assert [tuple(r) for r in held] == [(1, "epcr.access"), (1, "reports.unlock"),
                                        (2, "epcr.access")]


def test_0013_puts_completed_reports_in_the_review_queue(tmp_path: Path) -> None:
    """Reports completed before QA review wait for it, with their unit; the roles that
    unlock reports also review them."""
    from alembic import command

    engine = make_engine(f"sqlite:///{tmp_path / 'x.db'}")
    command.upgrade(alembic_config(engine), "0012")
    with engine.begin() as conn:
        _agency_with_roles(conn, ["reports.unlock"])
        for report_id, status in (("a", "completed"), ("b", "in_progress")):
            conn.execute(text(
                "INSERT INTO reports (id, agency_id, revision, seq, form_id, form_version,"
                " status, data, author_id, updated_by, updated_at) VALUES (:i, 1, 1, 1,"
                " 'epcr', 1, :s, :d, 1, 1, '2026-12-02 10:00:00')"),
                {"i": report_id, "s": status, "d": '{"eResponse.14": "Medic 7"}'})
    migrate(engine)
    with engine.connect() as conn:
        held = conn.execute(text("SELECT role_id, key FROM role_permissions"
                                 " ORDER BY role_id, key")).all()
        reports = conn.execute(text("SELECT id, review_status, submitted_at IS NOT NULL,"
                                    " unit FROM reports ORDER BY id")).all()
    engine.dispose()
    assert [tuple(r) for r in held] == [(1, "reports.review"), (1, "reports.unlock"),
                                        (2, "epcr.access")]
    assert [tuple(r) for r in reports] == [("a", "awaiting", 1, "Medic 7"),
                                           ("b", None, 0, "Medic 7")]


@pytest.mark.postgres
def test_replicas_starting_together_on_an_empty_database_migrate_it_once(
        empty_postgres_url: str) -> None:
    """Three replicas start at the same moment on a new database: each takes its turn
    under the advisory lock; without it their CREATE TABLEs collide."""
    engines = [make_engine(empty_postgres_url) for _ in range(3)]
    start = threading.Barrier(len(engines))

    def start_up(engine: Engine) -> None:
        start.wait()
        migrate(engine)

    with ThreadPoolExecutor(len(engines)) as pool:
        for started in [pool.submit(start_up, engine) for engine in engines]:
            started.result()  # none raised
    with engines[0].connect() as conn:
        assert MigrationContext.configure(conn).get_current_revision() == head()
        assert conn.scalar(text("SELECT count(*) FROM change_feed")) == 1  # seeded once
    for engine in engines:
        engine.dispose()
