"""The Windows lane's fixtures: the test runs under Windows Python, and its agency server,
the server's clock and its mail server run on the Linux side, made and driven over
loopback through tests/support/agency_control.py (FIELDCLIENT_TEST_AGENCY is its URL).

The agency has RestartableServer's surface, except the server's own objects (`live.ctx`);
what the server holds comes through `stored_reports()` on both. No `smtp` or `inbox`
fixture: the server's mail stays on the Linux side (no client test reads it)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import httpx
import pytest

from tests.support.agency import StoredReport
from tests.support.clock import FakeClock
from tests.support.server import AgencyHttp


class World:
    """One test's agency, clock and mail server on the Linux side."""

    def __init__(self, control: httpx.Client, start: datetime) -> None:
        self._control = control
        self.start = start
        made = self._call("post", "/worlds", {"clock": start.isoformat()})
        self.id: str = made["id"]
        self.base_url: str = made["base_url"]
        self.port: int = made["port"]

    def act(self, action: str, body: dict[str, Any] | None = None) -> None:
        self._call("post", f"/worlds/{self.id}/{action}", body or {})

    def reports(self) -> dict[str, StoredReport]:
        held = self._call("get", f"/worlds/{self.id}/reports", None)
        return {report_id: StoredReport(**report) for report_id, report in held.items()}

    def end(self) -> None:
        self._call("delete", f"/worlds/{self.id}", None)

    def _call(self, method: str, path: str, body: dict[str, Any] | None) -> Any:
        response = self._control.request(method, path, json=body)
        assert response.status_code == 200, f"agency control: {path}: {response.text}"
        return response.json()


class RemoteClock(FakeClock):
    """The test's clock, and the server's moved with it: both start at the same instant."""

    def __init__(self, start: datetime, world: World) -> None:
        super().__init__(start)
        self._world = world

    def advance(self, **delta: float) -> None:
        self._world.act("clock", {"delta": delta})
        super().advance(**delta)


@dataclass
class RemoteLive(AgencyHttp):
    demo_device_id: str | None = None

    @property
    def ctx(self) -> Any:
        raise AttributeError("the agency server runs on the Linux side: ask it through "
                             "the agency (stored_reports) instead")


class RemoteAgency:
    def __init__(self, world: World) -> None:
        self._world = world
        self.port = world.port
        self.base_url = world.base_url
        self.live: RemoteLive | None = None

    def start(self) -> RemoteLive:
        self._world.act("start")
        self.live = RemoteLive(self.base_url)
        return self.live

    def stop(self) -> None:
        self._world.act("stop")

    def stored_reports(self) -> dict[str, StoredReport]:
        return self._world.reports()


@pytest.fixture(scope="session")
def agency_control() -> Iterator[httpx.Client]:
    with httpx.Client(base_url=os.environ["FIELDCLIENT_TEST_AGENCY"], timeout=60) as client:
        yield client


@pytest.fixture
def world(agency_control: httpx.Client) -> Iterator[World]:
    made = World(agency_control, FakeClock().now())
    yield made
    made.end()


@pytest.fixture
def clock(world: World) -> RemoteClock:
    return RemoteClock(world.start, world)


@pytest.fixture
def agency(world: World) -> Iterator[RemoteAgency]:
    remote = RemoteAgency(world)
    remote.start()
    yield remote
    remote.stop()
