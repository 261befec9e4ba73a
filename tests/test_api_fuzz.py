"""Issue 14, finding 14: the whole API, fuzzed from the OpenAPI document it serves.

schemathesis generates requests for every operation (bounded examples, a fixed seed so
that a run is repeatable) against a real `fieldserver serve --demo`, signed in as the
demo administrator, and the run passes only with no answer of 500 or above."""

from __future__ import annotations

import json
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from tests.helpers import ADMIN
from tests.support.smtp import free_port

pytestmark = pytest.mark.slow
SCHEMATHESIS = str(Path(sys.executable).parent / "schemathesis")


def wait_for(url: str, server: subprocess.Popen[bytes], log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise AssertionError(log.read_text()[-2000:])
        try:
            with urllib.request.urlopen(url + "/api/v1/health", timeout=2):  # noqa: S310
                return
        except OSError:
            time.sleep(0.2)
    raise AssertionError("fieldserver did not start")


def admin_token(url: str) -> str:
    request = urllib.request.Request(  # noqa: S310
        url + "/api/v1/auth/login", method="POST", headers={"Content-Type": "application/json"},
        data=json.dumps({"email": ADMIN[0], "password": ADMIN[1]}).encode())
    with urllib.request.urlopen(request, timeout=30) as answer:  # noqa: S310
        token: str = json.load(answer)["access_token"]
        return token


def test_finding_14_no_generated_request_gets_a_server_error(tmp_path: Path) -> None:
    port, log = free_port(), tmp_path / "server.log"
    url = f"http://127.0.0.1:{port}"
    with log.open("wb") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "fieldserver.cli", "serve", "--demo", "--port", str(port),
             "--data-dir", str(tmp_path / "server")], stdout=output, stderr=subprocess.STDOUT)
    try:
        wait_for(url, server, log)
        token = admin_token(url)
        run = subprocess.run(
            [SCHEMATHESIS, "--no-color", "run", f"{url}/openapi.json",
             "--header", f"Authorization: Bearer {token}",
             "--checks", "not_a_server_error", "--max-examples", "10", "--seed", "14",
             "--exclude-path", "/api/v1/auth/logout"],  # it would end the run's own session
            capture_output=True, text=True, timeout=600, cwd=tmp_path)
    finally:
        server.terminate()
        server.wait(timeout=30)
    summary = run.stdout[-3000:].replace(token, "<token>")
    assert run.returncode == 0, summary
    assert " passed" in summary and "failed" not in summary.split("Test cases:")[-1], summary
    assert "unhandled" not in log.read_text(), "the server logged an unhandled error"
