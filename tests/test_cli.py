"""The real `fieldserver serve --demo` process, as the README's main command runs it."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import httpx

from tests.helpers import ADMIN, MEDIC
from tests.support.smtp import free_port


def test_serve_demo_prints_accounts_and_serves(tmp_path: Path) -> None:
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, "-m", "fieldserver.cli", "serve", "--demo", "--port", str(port),
         "--data-dir", str(tmp_path / "data")],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        assert process.stdout is not None
        lines = []
        for line in process.stdout:  # blocks on the child's output, not on a timer
            lines.append(line)
            if "Uvicorn running on" in line:  # logged once the socket is bound
                break
        banner = "".join(lines)
        for email, password in (ADMIN, MEDIC):
            assert email in banner and password in banner
        assert "Demo device 'Demo Laptop':" in banner
        assert str(tmp_path / "data" / "mail-outbox") in banner
        response = httpx.post(f"http://127.0.0.1:{port}/api/v1/auth/login",
                              json={"email": ADMIN[0], "password": ADMIN[1]}, timeout=30)
        assert response.status_code == 200
        assert response.json()["user"]["email"] == ADMIN[0]
    finally:
        process.terminate()
        process.wait(timeout=30)
        if process.stdout:
            process.stdout.close()
    db = tmp_path / "data" / "fieldserver.db"
    assert db.exists() and (db.stat().st_mode & 0o077) == 0


def test_bad_smtp_option_is_a_clear_error() -> None:
    result = subprocess.run([sys.executable, "-m", "fieldserver.cli", "serve", "--smtp", "nope"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 2
    assert "HOST:PORT" in result.stderr
