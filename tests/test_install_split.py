"""The client and the server install separately (issue 13): each environment is built
from uv.lock the documented way, and holds the one side's libraries only."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.slow

# Where a module is found, or None: a child's answer, as "name=path|None" lines.
PROBE = """
import importlib.util, sys
for name in sys.argv[1:]:
    spec = importlib.util.find_spec(name)
    print(f"{name}={spec.origin if spec else None}")
"""
CLIENT_ONLY = ("PySide6", "sqlcipher3", "keyring", "requests", "truststore")
SERVER_ONLY = ("fastapi", "sqlalchemy", "psycopg", "uvicorn", "alembic")
BOTH = ("lxml", "saxonche")  # the NEMSIS XML checks (fieldforms.nemsis.checks)


def uv() -> str:
    found = os.environ.get("UV") or shutil.which("uv") or str(ROOT / ".tools" / "uv")
    if not Path(found).exists():
        pytest.fail("uv is not here: run the tests through ./scripts/test.sh")
    return found


def build_environment(where: Path, extra: str) -> Path:
    env = {**os.environ, "UV_PROJECT_ENVIRONMENT": str(where), "UV_PYTHON_DOWNLOADS": "never",
           "UV_PYTHON": os.environ.get("UV_PYTHON") or sys._base_executable}
    env.pop("VIRTUAL_ENV", None)
    subprocess.run([uv(), "sync", "--locked", "--extra", extra, "--no-default-groups",
                    "--quiet"], cwd=ROOT, env=env, check=True, timeout=600)
    return where / "bin" / "python"


def found_modules(python: Path) -> dict[str, str]:
    names = (*CLIENT_ONLY, *SERVER_ONLY, *BOTH, "fieldforms")
    out = subprocess.run([str(python), "-c", PROBE, *names], capture_output=True, text=True,
                         check=True, cwd=ROOT / "tests").stdout
    return dict(line.split("=", 1) for line in out.splitlines())


def test_a_server_install_has_no_qt_and_no_sqlcipher(tmp_path: Path) -> None:
    python = build_environment(tmp_path / "server-env", "server")
    found = found_modules(python)
    assert {name: found[name] for name in CLIENT_ONLY} == dict.fromkeys(CLIENT_ONLY, "None")
    assert all(found[name] != "None" for name in (*SERVER_ONLY, *BOTH))
    started = subprocess.run([str(python), "-c", "import fieldserver.app, fieldserver.cli"],
                             capture_output=True, text=True, cwd=tmp_path)
    assert started.returncode == 0, started.stderr[-2000:]
    help_text = subprocess.run([str(tmp_path / "server-env" / "bin" / "fieldserver"), "--help"],
                               capture_output=True, text=True, check=True).stdout
    assert "serve" in help_text


def test_a_client_install_has_no_server_libraries(tmp_path: Path) -> None:
    python = build_environment(tmp_path / "client-env", "client")
    found = found_modules(python)
    assert {name: found[name] for name in SERVER_ONLY} == dict.fromkeys(SERVER_ONLY, "None")
    assert all(found[name] != "None" for name in (*CLIENT_ONLY, *BOTH))
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    started = subprocess.run(
        [str(python), "-c", "import fieldclient.ui.app, fieldclient.__main__, fieldforms"],
        capture_output=True, text=True, cwd=tmp_path, env=env)
    assert started.returncode == 0, started.stderr[-2000:]
    version = subprocess.run([str(python), "-m", "fieldclient", "--version"],
                             capture_output=True, text=True, cwd=tmp_path, env=env)
    assert version.returncode == 0 and "fieldclient" in version.stdout, version.stderr[-2000:]
