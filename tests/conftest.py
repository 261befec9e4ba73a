"""Shared fixtures: a real fieldserver over loopback HTTP, a real SMTP server, a clock."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

# Before anything imports Qt: tests never need a display. (The Windows lane asks for Qt's
# Windows platform by FIELDCLIENT_TEST_QT_PLATFORM: Wine passes no QT_* variable on.)
os.environ.setdefault("QT_QPA_PLATFORM",
                      os.environ.get("FIELDCLIENT_TEST_QT_PLATFORM", "offscreen"))

import httpx
import pytest

from fieldserver.mail import SmtpTransport
from tests.helpers import ADMIN
from tests.support.clock import FakeClock
from tests.support.server import LiveServer, ServerThread
from tests.support.smtp import SmtpServer

# The clock, the mail server and the client's agency server: here, or, for the Windows
# lane's tests under Windows Python, on the Linux side (tests/support/agency_control.py).
pytest_plugins = (["tests.support.fixtures_remote"] if os.environ.get("FIELDCLIENT_TEST_AGENCY")
                  else ["tests.support.fixtures_local", "tests.support.postgres"])
# The server's tests run on both databases: SQLite in a temp dir, and PostgreSQL, a
# private cluster the run starts once (tests/support/postgres.py) or the one
# FIELDSERVER_TEST_POSTGRES_URL names (its user may create databases).
DATABASES = ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)]


@pytest.fixture(params=DATABASES)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "postgres":
        url: str = request.getfixturevalue("postgres_url")
        return url
    return f"sqlite:///{tmp_path / 'server.db'}"


@pytest.fixture
def server(database_url: str, smtp: SmtpServer, clock: FakeClock) -> Iterator[LiveServer]:
    mail = SmtpTransport(smtp.host, smtp.port, insecure=True)  # aiosmtpd: no STARTTLS
    with ServerThread(database_url, mail, clock) as live:
        yield live


@pytest.fixture
def admin(server: LiveServer) -> Iterator[httpx.Client]:
    """An HTTP client signed in as the demo agency's administrator."""
    with server.as_user(*ADMIN) as client:
        yield client
