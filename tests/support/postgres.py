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
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

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
