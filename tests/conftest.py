"""Shared fixtures: a real fieldserver over loopback HTTP, a real SMTP server, a clock."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

# Before anything imports Qt: tests never need a display.
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import httpx
import pytest
from sqlalchemy import create_engine, text

from fieldserver.mail import SmtpTransport
from tests.helpers import ADMIN
from tests.support.clock import FakeClock
from tests.support.server import LiveServer, ServerThread
from tests.support.smtp import Inbox, SmtpServer

POSTGRES_URL = os.environ.get("FIELDSERVER_TEST_POSTGRES_URL")
DATABASES = ["sqlite", *(["postgres"] if POSTGRES_URL else [])]


def reset_postgres(url: str) -> str:
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return url


@pytest.fixture(params=DATABASES)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "postgres":
        assert POSTGRES_URL
        return reset_postgres(POSTGRES_URL)
    return f"sqlite:///{tmp_path / 'server.db'}"


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
def server(database_url: str, smtp: SmtpServer, clock: FakeClock) -> Iterator[LiveServer]:
    mail = SmtpTransport(smtp.host, smtp.port, insecure=True)  # aiosmtpd: no STARTTLS
    with ServerThread(database_url, mail, clock) as live:
        yield live


@pytest.fixture
def admin(server: LiveServer) -> Iterator[httpx.Client]:
    """An HTTP client signed in as the demo agency's administrator."""
    with server.as_user(*ADMIN) as client:
        yield client
