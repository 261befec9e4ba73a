"""fieldserver as a deployment runs it: `migrate`, then `serve` replicas and a `worker`,
each a real process on one PostgreSQL database (docs/deployment.md). Tests kill them
with SIGKILL and start them again."""

from __future__ import annotations

import signal
import subprocess
import sys
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import pytest

from tests.helpers import ADMIN
from tests.support.reports import upload_body
from tests.support.smtp import SmtpServer

FIELDSERVER = [sys.executable, "-m", "fieldserver.cli"]


def migrate(database_url: str, data_dir: Path) -> str:
    done = subprocess.run([*FIELDSERVER, "migrate", "--db", database_url,
                           "--data-dir", str(data_dir)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


class Process:
    """One fieldserver command, its output in a log file."""

    def __init__(self, name: str, arguments: list[str], home: Path) -> None:
        self.name = name
        self.arguments = arguments
        self.log = home / f"{name}.log"
        self.process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        assert self.process is None or self.process.poll() is not None
        with open(self.log, "ab") as out:
            self.process = subprocess.Popen([*FIELDSERVER, *self.arguments],
                                            stdout=out, stderr=subprocess.STDOUT)

    def kill(self) -> None:
        """SIGKILL: no clean-up of any kind, as when a machine loses power."""
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                self.kill()

    def output(self) -> str:
        return self.log.read_text(errors="replace")[-3000:]

    def wait_ready(self, base_url: str) -> None:
        assert self.process is not None
        wait_ready(base_url, self.process, self.output)


class Deployment:
    """Replicas and workers of one database, mailing to a real SMTP server."""

    def __init__(self, database_url: str, home: Path, keys: Path, smtp: SmtpServer) -> None:
        self.database_url = database_url
        self.home = home
        self.keys = keys
        self.smtp = smtp
        self.replicas: dict[int, Process] = {}
        self.workers: list[Process] = []

    def _common(self, data_dir: Path) -> list[str]:
        data_dir.mkdir(parents=True, exist_ok=True)
        return ["--db", self.database_url, "--data-dir", str(data_dir),
                "--sealing-key-file", str(self.keys),
                "--smtp", f"{self.smtp.host}:{self.smtp.port}", "--smtp-insecure"]

    def replica(self, port: int, public_url: str, demo: bool = False) -> Process:
        name = f"replica-{port}"
        replica = Process(name, ["serve", "--port", str(port), "--public-url", public_url,
                                 "--mail-worker", "separate",
                                 *(["--demo"] if demo else []),
                                 *self._common(self.home / name)], self.home)
        self.replicas[port] = replica
        replica.start()
        replica.wait_ready(f"http://127.0.0.1:{port}")
        return replica

    def worker(self) -> Process:
        name = f"worker-{len(self.workers)}"
        worker = Process(name, ["worker", *self._common(self.home / name)], self.home)
        self.workers.append(worker)
        worker.start()
        return worker

    def stop(self) -> None:
        for process in [*self.replicas.values(), *self.workers]:
            process.stop()


def wait_ready(base_url: str, running: subprocess.Popen[bytes],
               describe: Callable[[], str] = str, timeout: float = 90.0) -> None:
    """Until /api/v1/ready answers 200 (the server started and its schema is current),
    or the process that serves it has died (then what `describe` says of it)."""
    deadline = time.monotonic() + timeout
    with httpx.Client(base_url=base_url, timeout=5) as client:
        while time.monotonic() < deadline:
            if running.poll() is not None:
                pytest.fail(f"{base_url} exited: {describe()}")
            try:
                if client.get("/api/v1/ready").status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.1)  # polling a process's port: there is no signal to wait on
    pytest.fail(f"{base_url} was not ready after {timeout} s: {describe()}")


LOGIN = "/api/v1/auth/login"


def sign_up_crews(url: str, count: int) -> list[str]:
    """`count` medics' access tokens, each its own account (a device each)."""
    with httpx.Client(base_url=url, timeout=60) as http:
        admin = http.post(LOGIN, json=dict(zip(("email", "password"), ADMIN, strict=True)))
        headers = {"Authorization": f"Bearer {admin.json()['access_token']}"}
        roles = http.get("/api/v1/roles", headers=headers).json()
        medic_role = next(r["id"] for r in roles if r["name"] == "Offline Medic")

    def crew(n: int) -> str:
        email, password = f"crew{n}@demo.local", f"Crew-{n}-Password-2026!"
        with httpx.Client(base_url=url, timeout=60) as http:
            made = http.post("/api/v1/users", headers=headers, json={
                "email": email, "name": f"Crew {n}", "password": password,
                "role_ids": [medic_role], "send_welcome": False})
            assert made.status_code == 201, made.text
            signed_in = http.post(LOGIN, json={"email": email, "password": password})
            assert signed_in.status_code == 200, signed_in.text
            token: str = signed_in.json()["access_token"]
            return token

    with ThreadPoolExecutor(4) as pool:
        return list(pool.map(crew, range(count)))


def upload_until_answered(http: httpx.Client, report_id: str, revision: int,
                          narrative: str) -> None:
    """One upload, sent until it has a definitive answer (as the client's outbox does)."""
    headers = {"Idempotency-Key": f"{report_id}:{revision}"}
    if revision > 1:
        headers["If-Match"] = f'"{revision - 1}"'
    body = upload_body({"eNarrative.01": narrative}, 1)  # the server takes the token's
    for _ in range(200):
        try:
            answer = http.put(f"/api/v1/reports/{report_id}", json=body, headers=headers)
        except httpx.TransportError:
            continue  # dropped, cut or lost: the same request again, with its key
        if answer.status_code in (200, 201):
            assert answer.json()["revision"] == revision
            return
        assert answer.status_code in (429, 500, 502, 503, 504), answer.text
    raise AssertionError(f"no answer for {report_id}:{revision}")
