"""A real fieldserver on 127.0.0.1, in a thread, for one test."""

from __future__ import annotations

import re
from dataclasses import dataclass
from email.message import EmailMessage
from typing import Any

import httpx

from fieldserver.context import ServerContext
from fieldserver.mail import Transport
from fieldserver.passwords import Argon2Params
from fieldserver.server import BackgroundServer, ServerOptions
from tests.support.clock import FakeClock

# Cheap enough for hundreds of sign-ins per test run; one test uses production cost.
TEST_ARGON2 = Argon2Params(memory_kib=1024, time_cost=1, parallelism=1)


@dataclass
class AgencyHttp:
    """A fieldserver as a test reaches it over HTTP."""

    base_url: str

    def client(self, token: str | None = None) -> httpx.Client:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        return httpx.Client(base_url=self.base_url, headers=headers, timeout=30)

    def login(self, email: str, password: str, **extra: Any) -> httpx.Response:
        with self.client() as c:
            return c.post("/api/v1/auth/login", json={"email": email, "password": password,
                                                      **extra})

    def token(self, email: str, password: str) -> str:
        response = self.login(email, password)
        assert response.status_code == 200, response.text
        token: str = response.json()["access_token"]
        return token

    def as_user(self, email: str, password: str) -> httpx.Client:
        return self.client(self.token(email, password))


@dataclass
class LiveServer(AgencyHttp):
    """A fieldserver in this process: over HTTP, and its own objects."""

    ctx: ServerContext
    clock: FakeClock
    demo_device_id: str | None


def link_in(message: EmailMessage) -> str:
    body = message.get_body(("plain",))
    assert body is not None
    match = re.search(r"https?://\S+/reset-password\?token=\S+", body.get_content())
    assert match, "no set-password link in the email"
    return match.group(0)


class ServerThread:
    """A BackgroundServer with the test clock and cheap Argon2, as a LiveServer."""

    def __init__(self, database_url: str, mail: Transport, clock: FakeClock,
                 argon2: Argon2Params = TEST_ARGON2, demo: bool = True,
                 **options: Any) -> None:
        sock, base_url = BackgroundServer.listen()
        self._server = BackgroundServer(
            ServerOptions(database_url=database_url, public_url=base_url, mail=mail,
                          argon2=argon2, clock=clock, **options), sock, demo=demo)
        self.live = LiveServer(base_url, self._server.ctx, clock, self._server.demo_device_id)

    def __enter__(self) -> LiveServer:
        self._server.__enter__()
        return self.live

    def __exit__(self, *exc: object) -> None:
        self._server.__exit__(*exc)
