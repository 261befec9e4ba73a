"""Secrets stay out of logs: access logs drop query strings (reset tokens live there)."""

from __future__ import annotations

import logging

import httpx
import pytest

from fieldserver.logs import DropQueryStrings
from tests.helpers import BASIC
from tests.support.server import LiveServer, link_in
from tests.support.smtp import Inbox


def test_access_log_filter_drops_query_strings() -> None:
    record = logging.LogRecord("uvicorn.access", logging.INFO, __file__, 1,
                               '%s - "%s %s HTTP/%s" %d',
                               ("127.0.0.1:5", "GET", "/reset-password?token=SECRET", "1.1", 200),
                               None)
    assert DropQueryStrings().filter(record)
    assert "SECRET" not in record.getMessage()
    assert "/reset-password?…" in record.getMessage()


def test_no_secret_reaches_any_log(
    server: LiveServer, inbox: Inbox, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    with server.client() as c:
        login = c.post("/api/v1/auth/login", json={"email": BASIC[0], "password": BASIC[1]})
        c.post("/api/v1/auth/login", json={"email": BASIC[0], "password": "wrong guess 1234"})
        c.post("/api/v1/auth/password/forgot", json={"email": BASIC[0]})
    link = link_in(inbox.wait_for(BASIC[0]))
    httpx.get(link)
    token = link.split("token=")[1]
    server_side = [r for r in caplog.records if not r.name.startswith(("httpx", "httpcore"))]
    assert any(r.name == "uvicorn.access" for r in server_side)
    logged = "\n".join(r.getMessage() for r in server_side)
    for secret in (BASIC[1], "wrong guess 1234", token, login.json()["access_token"],
                   login.json()["refresh_token"]):
        assert secret not in logged
