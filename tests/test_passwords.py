"""Password change, forgot/reset over real SMTP and the HTML page, and the policy."""

from __future__ import annotations

import re

import httpx
import pytest

from fieldserver.passwords import policy_problem
from tests.helpers import ADMIN, BASIC, GOOD_PASSWORD, MEDIC, SSO_EMAIL, error_code
from tests.support.server import LiveServer, link_in
from tests.support.smtp import Inbox


def credential_version(server: LiveServer, email: str, password: str) -> int:
    version: int = server.login(email, password).json()["user"]["credential_version"]
    return version


def submit_reset(link: str, password: str, confirm: str | None = None) -> httpx.Response:
    token = link.split("token=", 1)[1]
    page = httpx.get(link)
    assert page.status_code == 200 and "<form" in page.text
    base = link.split("/reset-password", 1)[0]
    return httpx.post(f"{base}/reset-password",
                      data={"token": token, "password": password,
                            "confirm": password if confirm is None else confirm})


def test_change_password(server: LiveServer) -> None:
    before = credential_version(server, *MEDIC)
    other = server.as_user(*MEDIC)
    with server.as_user(*MEDIC) as medic:
        response = medic.post("/api/v1/auth/password/change",
                              json={"current_password": MEDIC[1], "new_password": GOOD_PASSWORD})
        assert response.status_code == 204
        assert medic.get("/api/v1/me").status_code == 200  # this session goes on
    assert error_code(other.get("/api/v1/me"), 401) == "invalid_token"  # others end
    other.close()
    assert error_code(server.login(*MEDIC), 401) == "invalid_credentials"
    assert credential_version(server, MEDIC[0], GOOD_PASSWORD) == before + 1


def test_change_password_refusals(server: LiveServer) -> None:
    with server.as_user(*MEDIC) as medic:
        wrong = medic.post("/api/v1/auth/password/change",
                           json={"current_password": "not it at all!",
                                 "new_password": GOOD_PASSWORD})
        assert error_code(wrong, 401) == "invalid_credentials"
        for weak, why in (("short", "at least 12"), ("password1234", "commonly used"),
                          ("medic@demo.local", "email"), ("x" * 257, "at most 256")):
            response = medic.post("/api/v1/auth/password/change",
                                  json={"current_password": MEDIC[1], "new_password": weak})
            assert error_code(response, 400) == "weak_password"
            assert why in response.json()["error"]["reason"]
    assert server.login(*MEDIC).status_code == 200


def test_forgot_then_reset_over_smtp(server: LiveServer, inbox: Inbox) -> None:
    before = credential_version(server, *BASIC)
    with server.client() as c:
        assert c.post("/api/v1/auth/password/forgot", json={"email": BASIC[0]}).status_code == 202
    message = inbox.wait_for(BASIC[0])
    assert "Reset" in message["Subject"]
    link = link_in(message)
    assert link.startswith(server.base_url + "/reset-password?token=")
    done = submit_reset(link, GOOD_PASSWORD)
    assert done.status_code == 200 and "Password saved" in done.text
    assert error_code(server.login(*BASIC), 401) == "invalid_credentials"
    assert credential_version(server, BASIC[0], GOOD_PASSWORD) == before + 1
    # The link worked once.
    reused = httpx.get(link)
    assert reused.status_code == 400 and "expired or was already used" in reused.text
    again = httpx.post(f"{server.base_url}/reset-password",
                       data={"token": link.split("token=")[1], "password": "another good one 77",
                             "confirm": "another good one 77"})
    assert again.status_code == 400
    assert server.login(BASIC[0], GOOD_PASSWORD).status_code == 200


def test_reset_link_expires_after_an_hour(server: LiveServer, inbox: Inbox) -> None:
    with server.client() as c:
        c.post("/api/v1/auth/password/forgot", json={"email": BASIC[0]})
    link = link_in(inbox.wait_for(BASIC[0]))
    server.clock.advance(minutes=61)
    page = httpx.get(link)
    assert page.status_code == 400 and "expired" in page.text
    assert server.login(*BASIC).status_code == 200


def test_reset_page_explains_mismatch_and_weak_passwords(server: LiveServer, inbox: Inbox) -> None:
    with server.client() as c:
        c.post("/api/v1/auth/password/forgot", json={"email": BASIC[0]})
    link = link_in(inbox.wait_for(BASIC[0]))
    mismatch = submit_reset(link, GOOD_PASSWORD, confirm=GOOD_PASSWORD + "x")
    assert mismatch.status_code == 400 and "not the same" in mismatch.text
    weak = submit_reset(link, "qwerty123456")
    assert weak.status_code == 400 and "commonly used" in weak.text
    # Neither attempt spent the link.
    assert submit_reset(link, GOOD_PASSWORD).status_code == 200


def test_reset_page_is_safe_to_show(server: LiveServer, inbox: Inbox) -> None:
    hostile = "<script>alert(1)</script>"
    with server.as_user(*ADMIN) as admin:
        created = admin.post("/api/v1/users", json={
            "email": "o'brien+x@demo.local", "name": hostile, "role_ids": []})
        assert created.status_code == 201
    link = link_in(inbox.wait_for("o'brien+x@demo.local"))
    page = httpx.get(link)
    assert "o&#39;brien+x@demo.local" in page.text
    assert page.headers["Referrer-Policy"] == "no-referrer"
    assert page.headers["Cache-Control"] == "no-store"
    assert "default-src 'none'" in page.headers["Content-Security-Policy"]
    bogus = httpx.get(f"{server.base_url}/reset-password", params={"token": hostile})
    assert bogus.status_code == 400 and "<script>" not in bogus.text


def test_forgot_password_does_not_reveal_accounts(server: LiveServer, inbox: Inbox) -> None:
    with server.client() as c:
        known = c.post("/api/v1/auth/password/forgot", json={"email": BASIC[0]})
        unknown = c.post("/api/v1/auth/password/forgot", json={"email": "ghost@demo.local"})
        sso = c.post("/api/v1/auth/password/forgot", json={"email": SSO_EMAIL})
        junk = c.post("/api/v1/auth/password/forgot", json={"email": "not an email"})
    assert known.status_code == unknown.status_code == sso.status_code == junk.status_code == 202
    assert known.json() == unknown.json() == sso.json() == junk.json()
    inbox.wait_for(BASIC[0])
    server.ctx.mail.flush()
    assert inbox.to("ghost@demo.local") == [] and inbox.to(SSO_EMAIL) == []


def test_forgot_password_mails_are_capped_per_hour(server: LiveServer, inbox: Inbox) -> None:
    with server.client() as c:
        for _ in range(8):
            assert c.post("/api/v1/auth/password/forgot",
                          json={"email": BASIC[0]}).status_code == 202
    server.ctx.drain()  # the look-ups run after the answers, then the mail goes
    assert len(inbox.to(BASIC[0])) == 5


def test_reset_page_without_token(server: LiveServer) -> None:
    page = httpx.get(f"{server.base_url}/reset-password")
    assert page.status_code == 400
    assert re.search(r"Forgot password\?", page.text)


@pytest.mark.parametrize(("password", "problem"), [
    ("a" * 11, "at least 12"),
    ("a" * 257, "at most 256"),
    ("Password1234", "commonly used"),
    ("QWERTY123456", "commonly used"),
    ("jane.doe.smith@example.org", "email"),
    ("JANE.DOE.SMITH", "email"),
])
def test_policy_refusals(password: str, problem: str) -> None:
    reason = policy_problem(password, "jane.doe.smith@example.org")
    assert reason is not None and problem in reason


@pytest.mark.parametrize("password", ["a" * 12, "correct horse battery", "é" * 12, "x" * 256])
def test_policy_accepts(password: str) -> None:
    assert policy_problem(password, "jane.doe@example.org") is None
