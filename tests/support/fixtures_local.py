"""The clock, the mail server and the client's agency server, in the test's own process."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.agency import RestartableServer
from tests.support.clock import FakeClock
from tests.support.smtp import Inbox, SmtpServer


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def smtp() -> Iterator[SmtpServer]:
    with SmtpServer() as server:
        yield server


@pytest.fixture
def inbox(smtp: SmtpServer) -> Inbox:
    return smtp.inbox


@pytest.fixture
def agency(tmp_path: Path, smtp: SmtpServer, clock: FakeClock) -> Iterator[RestartableServer]:
    server = RestartableServer.in_folder(tmp_path, smtp, clock)
    server.start()
    yield server
    server.stop()
