"""A private PostgreSQL server for one test session: `initdb` in a temp dir, on loopback,
stopped afterwards. Debian's `postgresql` package provides the binaries (the test
command installs it). As root, the server runs as the `postgres` user (initdb refuses
root)."""

from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, text

from fieldserver import upgrades
from fieldserver.db import make_engine
from tests.support.smtp import free_port


def _binary(name: str) -> str:
    found = shutil.which(name) or next(
        iter(sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)), None)
    if found is None:  # ./scripts/test.sh installs Debian's postgresql package
        pytest.fail(f"PostgreSQL's {name} is not here: run the tests through ./scripts/test.sh")
    return found


def _as_server_user(command: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return command
    return ["setpriv", "--reuid=postgres", "--regid=postgres", "--init-groups", *command]


@contextmanager
def private_postgres() -> Iterator[str]:
    """Yields a SQLAlchemy-ready URL of an empty database, trust auth on 127.0.0.1 only."""
    home = Path(tempfile.mkdtemp(prefix="fieldtest-pg-"))
    if os.geteuid() == 0:
        shutil.chown(home, "postgres", "postgres")
    data, port = home / "data", free_port()
    run = {"check": True, "capture_output": True, "timeout": 120}
    subprocess.run(_as_server_user([_binary("initdb"), "-D", str(data), "-U", "fieldtest",
                                    "--auth=trust", "-E", "UTF8", "--no-sync"]), **run)
    options = (f"-p {port} -k {home} -c listen_addresses=127.0.0.1 -c fsync=off "
               "-c synchronous_commit=off -c full_page_writes=off")
    subprocess.run(_as_server_user([_binary("pg_ctl"), "-D", str(data), "-o", options,
                                    "-l", str(home / "log"), "-w", "start"]), **run)
    try:
        yield f"postgresql://fieldtest@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run(_as_server_user([_binary("pg_ctl"), "-D", str(data), "-m", "immediate",
                                        "-w", "stop"]), check=False, capture_output=True,
                       timeout=120)
        shutil.rmtree(home, ignore_errors=True)


TEMPLATE = "fieldtest_template"


def _admin_engine(url: str) -> Engine:
    return create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1),
                         isolation_level="AUTOCOMMIT")


@pytest.fixture(scope="session")
def postgres_cluster() -> Iterator[str]:
    """The run's PostgreSQL server: FIELDSERVER_TEST_POSTGRES_URL's, or a private one
    started on the first test that needs it and stopped at the end of the run."""
    given = os.environ.get("FIELDSERVER_TEST_POSTGRES_URL")
    if given:
        yield given
        return
    with private_postgres() as url:
        yield url


@pytest.fixture(scope="session")
def postgres_template(postgres_cluster: str) -> str:
    """A database migrated to the newest schema once: each test's database is a copy."""
    admin = _admin_engine(postgres_cluster)
    with admin.connect() as conn:
        conn.execute(text(f"DROP DATABASE IF EXISTS {TEMPLATE} WITH (FORCE)"))
        conn.execute(text(f"CREATE DATABASE {TEMPLATE}"))
    admin.dispose()
    engine = make_engine(_database(postgres_cluster, TEMPLATE))
    upgrades.migrate(engine)
    engine.dispose()
    return TEMPLATE


@pytest.fixture
def postgres_url(postgres_cluster: str, postgres_template: str) -> Iterator[str]:
    """An empty database of the newest schema for one test, dropped afterwards."""
    with throwaway_database(postgres_cluster, f"TEMPLATE {postgres_template}") as url:
        yield url


@pytest.fixture
def empty_postgres_url(postgres_cluster: str) -> Iterator[str]:
    """A database with no schema at all (as a new deployment's), dropped afterwards."""
    with throwaway_database(postgres_cluster) as url:
        yield url


@contextmanager
def throwaway_database(cluster_url: str, options: str = "") -> Iterator[str]:
    name = f"fieldtest_{uuid.uuid4().hex[:12]}"
    admin = _admin_engine(cluster_url)
    with admin.connect() as conn:
        conn.execute(text(f"CREATE DATABASE {name} {options}"))
    try:
        yield _database(cluster_url, name)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        admin.dispose()


def _database(cluster_url: str, name: str) -> str:
    return f"{cluster_url.rsplit('/', 1)[0]}/{name}"
