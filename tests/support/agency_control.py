"""The Linux side of the Windows lane's core tests: real fieldservers, each with its own
clock and SMTP server, made and driven over loopback by tests running under Windows
Python (tests/support/fixtures_remote.py). Test-only; it listens on 127.0.0.1.

    python -m tests.support.agency_control PORT-FILE

writes the port it listens on to PORT-FILE, then serves until killed. One "world" per
test: POST /worlds {"clock": iso} makes one (its server not yet started);
POST /worlds/ID/start, /stop; POST /worlds/ID/clock {"delta": {...}} moves its clock;
GET /worlds/ID/reports: what its server holds; DELETE /worlds/ID ends it.
"""

from __future__ import annotations

import itertools
import json
import sys
import tempfile
import threading
from dataclasses import asdict, dataclass
from datetime import datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

from tests.support.agency import RestartableServer
from tests.support.clock import FakeClock
from tests.support.smtp import SmtpServer


@dataclass
class World:
    folder: tempfile.TemporaryDirectory[str]
    clock: FakeClock
    smtp: SmtpServer
    agency: RestartableServer

    @classmethod
    def make(cls, clock_start: datetime) -> World:
        folder = tempfile.TemporaryDirectory(prefix="fieldclient-world-")
        clock = FakeClock(clock_start)
        smtp = SmtpServer().__enter__()
        agency = RestartableServer.in_folder(Path(folder.name), smtp, clock)
        return cls(folder, clock, smtp, agency)

    def describe(self) -> dict[str, Any]:
        return {"base_url": self.agency.base_url, "port": self.agency.port}

    def end(self) -> None:
        self.agency.stop()
        self.smtp.__exit__(None, None, None)
        self.folder.cleanup()


class Worlds:
    def __init__(self) -> None:
        self._worlds: dict[str, World] = {}
        self._ids = itertools.count(1)
        self._lock = threading.Lock()

    def make(self, body: dict[str, Any]) -> dict[str, Any]:
        world = World.make(datetime.fromisoformat(body["clock"]))
        with self._lock:
            world_id = str(next(self._ids))
            self._worlds[world_id] = world
        print(f"world {world_id}: {world.agency.base_url}", flush=True)  # the lane counts them
        return {"id": world_id, **world.describe()}

    def act(self, world_id: str, action: str, body: dict[str, Any]) -> dict[str, Any]:
        world = self._worlds[world_id]
        if action == "start":
            world.agency.start()
        elif action == "stop":
            world.agency.stop()
        elif action == "clock":
            world.clock.advance(**body["delta"])
        else:
            raise KeyError(action)
        return {}

    def reports(self, world_id: str) -> dict[str, Any]:
        held = self._worlds[world_id].agency.stored_reports()
        return {report_id: asdict(report) for report_id, report in held.items()}

    def end(self, world_id: str) -> dict[str, Any]:
        with self._lock:
            world = self._worlds.pop(world_id)
        world.end()
        return {}


def handler_for(worlds: Worlds) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            parts = self.path.strip("/").split("/")
            length = int(self.headers.get("Content-Length") or 0)
            body = json.loads(self.rfile.read(length) or b"{}")
            if parts == ["worlds"]:
                self._answer(lambda: worlds.make(body))
            elif len(parts) == 3 and parts[0] == "worlds":
                self._answer(lambda: worlds.act(parts[1], parts[2], body))
            else:
                self.send_error(404)

        def do_GET(self) -> None:
            parts = self.path.strip("/").split("/")
            if len(parts) == 3 and parts[0] == "worlds" and parts[2] == "reports":
                self._answer(lambda: worlds.reports(parts[1]))
            else:
                self.send_error(404)

        def do_DELETE(self) -> None:
            parts = self.path.strip("/").split("/")
            if len(parts) == 2 and parts[0] == "worlds":
                self._answer(lambda: worlds.end(parts[1]))
            else:
                self.send_error(404)

        def _answer(self, work: Any) -> None:
            try:
                status, answer = 200, work()
            except KeyError as unknown:
                status, answer = 404, {"error": f"unknown {unknown}"}
            except Exception as error:  # the test on the other side says what broke
                status, answer = 500, {"error": repr(error)}
            data = json.dumps(answer).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: Any) -> None:
            pass  # the lane's output is the tests' own

    return Handler


def main(port_file: str) -> None:
    service = ThreadingHTTPServer(("127.0.0.1", 0), handler_for(Worlds()))
    Path(port_file).write_text(str(service.server_address[1]))
    service.serve_forever()


if __name__ == "__main__":
    main(sys.argv[1])
