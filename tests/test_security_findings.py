"""Issue 14's findings, each attacked the way it was found: black-box, over loopback,
against a real fieldserver. A test is named after its finding (docs/security.md maps
each finding to its test). Each failed on the code before its fix."""

from __future__ import annotations

import statistics
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest

from fieldserver.context import RateLimit
from fieldserver.mail import SmtpTransport
from fieldserver.passwords import PRODUCTION
from tests.helpers import ADMIN, MEDIC, MFA_USER, error_code, totp
from tests.support.clock import FakeClock
from tests.support.server import LiveServer, ServerThread, link_in
from tests.support.smtp import Inbox, SmtpServer

LOGIN = "/api/v1/auth/login"


@pytest.fixture
def real_cost_server(tmp_path: Path, smtp: SmtpServer) -> Iterator[LiveServer]:
    """Production Argon2 (64 MiB, t=3, p=4): timing and races as on a real server."""
    with ServerThread(f"sqlite:///{tmp_path / 'server.db'}",
                      SmtpTransport(smtp.host, smtp.port, insecure=True), FakeClock(),
                      argon2=PRODUCTION) as live:
        yield live


def at_once(*calls: Callable[[], httpx.Response]) -> list[httpx.Response]:
    """The calls released together (a barrier), each on its own thread and connection."""
    start = threading.Barrier(len(calls))

    def one(call: Callable[[], httpx.Response]) -> httpx.Response:
        start.wait()
        return call()

    with ThreadPoolExecutor(len(calls)) as pool:
        return list(pool.map(one, calls))


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


# --- finding 2: timing tells which emails have accounts ---------------------------------
def alternating_medians(server: LiveServer, path: str, bodies: tuple[dict[str, Any], ...],
                        rounds: int, settle: Callable[[], None] = lambda: None) -> list[float]:
    """Median answer time of each body, the bodies sent in turn (noise hits both);
    `settle` runs, untimed, after each answer.

    http.client sends a request's headers and body in one write: a client that writes
    them apart waits out the server's delayed ACK (40 ms on Linux) on every request,
    which would hide the difference measured here."""
    import http.client
    import json
    from urllib.parse import urlsplit

    where = urlsplit(server.base_url)
    connection = http.client.HTTPConnection(where.hostname or "", where.port, timeout=30)
    times: list[list[float]] = [[] for _ in bodies]
    try:
        for _ in range(rounds):
            for i, body in enumerate(bodies):
                payload = json.dumps(body).encode()
                began = time.perf_counter()
                connection.request("POST", path, body=payload,
                                   headers={"Content-Type": "application/json"})
                connection.getresponse().read()
                times[i].append(time.perf_counter() - began)
                # Untimed: a request on the same connection is served only after the last
                # one's after-response hand-off, so `settle` sees that work queued.
                connection.request("GET", "/api/v1/health")
                connection.getresponse().read()
                settle()
    finally:
        connection.close()
    return [median_ms(t) for t in times]


@pytest.mark.slow
def test_finding_02_login_timing_does_not_tell_which_emails_exist(
    real_cost_server: LiveServer
) -> None:
    server = real_cost_server
    server.ctx.rate_limit = RateLimit(attempts=10_000)  # the limit is not measured here
    known, unknown = alternating_medians(server, LOGIN, (
        {"email": MEDIC[0], "password": "wrong password, known email"},
        {"email": "nobody-here@demo.local", "password": "wrong password, unknown email"},
    ), rounds=15)
    assert max(known, unknown) / min(known, unknown) < 1.5, (known, unknown)


@pytest.mark.slow
def test_finding_02_forgot_password_timing_does_not_tell_which_emails_exist(
    server: LiveServer, inbox: Inbox
) -> None:
    known, unknown = alternating_medians(server, "/api/v1/auth/password/forgot", (
        {"email": MEDIC[0]}, {"email": "nobody-here@demo.local"},
    ), rounds=40, settle=server.ctx.drain)  # each answer timed alone, not under the last one's mail
    assert max(known, unknown) / min(known, unknown) < 1.5, (known, unknown)
    assert inbox.wait_for(MEDIC[0])  # the mail still goes out, off the request path


# --- finding 3: two-step codes could be guessed without limit ----------------------------
def two_step_challenge(http: httpx.Client) -> str:
    answer = http.post(LOGIN, json={"email": MFA_USER[0], "password": MFA_USER[1]})
    assert error_code(answer, 401) == "mfa_required"
    token: str = answer.json()["error"]["mfa_token"]
    return token


def test_finding_03_two_step_codes_are_limited_across_challenges(server: LiveServer) -> None:
    right = totp(at=server.clock.now())
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    answers = []
    with server.client() as http:
        for _ in range(3):  # a fresh challenge after every 2 guesses: the old bypass
            token = two_step_challenge(http)
            for _ in range(2):
                answers.append(http.post("/api/v1/auth/mfa",
                                         json={"mfa_token": token, "code": wrong}))
        codes = [a.json()["error"]["code"] for a in answers]
        # The fifth wrong code is refused as too many, and ends the challenge it used.
        assert codes == ["invalid_mfa_code"] * 4 + ["rate_limited", "invalid_mfa_token"]
        assert answers[4].status_code == 429 and "Retry-After" in answers[4].headers
        # The right code on the challenge in use: it was revoked with the fifth guess.
        revoked = http.post("/api/v1/auth/mfa", json={"mfa_token": token, "code": right})
        assert error_code(revoked, 401) == "invalid_mfa_token"
        # A correct password does not empty the counter: a new challenge is refused too.
        again = http.post("/api/v1/auth/mfa",
                          json={"mfa_token": two_step_challenge(http), "code": right})
        assert error_code(again, 429) == "rate_limited"
        server.clock.advance(minutes=16)  # the window passes: the owner signs in
        fresh = http.post("/api/v1/auth/mfa",
                          json={"mfa_token": two_step_challenge(http),
                                "code": totp(at=server.clock.now())})
        assert fresh.status_code == 200, fresh.text


# --- finding 4: parallel requests passed the login limit --------------------------------
@pytest.mark.slow
def test_finding_04_parallel_wrong_passwords_are_bounded(real_cost_server: LiveServer) -> None:
    server = real_cost_server

    def guess() -> httpx.Response:
        with server.client() as http:
            return http.post(LOGIN, json={"email": MEDIC[0], "password": "a guess, at once"})

    statuses = sorted(a.status_code for a in at_once(*[guess] * 20))
    checked = statuses.count(401)
    assert 1 <= checked <= server.ctx.rate_limit.attempts, statuses
    assert statuses.count(429) == 20 - checked, statuses


# --- finding 5: anyone could lock crews out ----------------------------------------------
def test_finding_05_anonymous_failures_do_not_lock_out_a_device(server: LiveServer) -> None:
    device = server.demo_device_id
    with server.client() as http:
        for _ in range(8):  # an attacker on the internet: no device, or an invented one
            http.post(LOGIN, json={"email": MEDIC[0], "password": "locking you out"})
            http.post(LOGIN, json={"email": MEDIC[0], "password": "locking you out",
                                   "device_id": "0b9f3c4e-8d5e-4c1a-9d7e-2f6a1b3c4d5e"})
        blocked = http.post(LOGIN, json={"email": MEDIC[0], "password": MEDIC[1]})
        assert error_code(blocked, 429) == "rate_limited"
        on_the_laptop = http.post(LOGIN, json={**dict(zip(("email", "password"), MEDIC,
                                                          strict=True)), "device_id": device})
        assert on_the_laptop.status_code == 200, on_the_laptop.text
        # Guesses from the laptop itself are limited on their own.
        for _ in range(5):
            http.post(LOGIN, json={"email": ADMIN[0], "password": "wrong on the laptop",
                                   "device_id": device})
        limited = http.post(LOGIN, json={"email": ADMIN[0], "password": ADMIN[1],
                                         "device_id": device})
        assert error_code(limited, 429) == "rate_limited"


# --- finding 12: a reset link used twice at once succeeded twice ------------------------
@pytest.mark.slow
def test_finding_12_a_reset_link_used_twice_at_once_works_once(
    real_cost_server: LiveServer, inbox: Inbox
) -> None:
    server = real_cost_server
    with server.client() as http:
        http.post("/api/v1/auth/password/forgot", json={"email": MEDIC[0]})
    link = link_in(inbox.wait_for(MEDIC[0]))
    token = link.split("token=", 1)[1]

    def submit(password: str) -> Callable[[], httpx.Response]:
        def call() -> httpx.Response:
            with server.client() as http:
                return http.post("/reset-password", data={
                    "token": token, "password": password, "confirm": password})
        return call

    passwords = ["first new password 2026!", "second new password 2026!"]
    answers = at_once(*(submit(p) for p in passwords))
    assert sorted(a.status_code for a in answers) == [200, 400], [a.text for a in answers]
    winner = passwords[[a.status_code for a in answers].index(200)]
    loser = passwords[1 - passwords.index(winner)]
    assert server.login(MEDIC[0], winner).status_code == 200
    assert server.login(MEDIC[0], loser).status_code == 401


# --- finding 15: STARTTLS only when offered ----------------------------------------------
def test_finding_15_smtp_without_starttls_gets_no_message(smtp: SmtpServer) -> None:
    """The test SMTP server offers no STARTTLS, as after a man in the middle stripped it."""
    from email.message import EmailMessage

    from fieldserver.mail import StartTlsMissing

    message = EmailMessage()
    message["From"], message["To"], message["Subject"] = "a@b.invalid", MEDIC[0], "reset"
    message.set_content("a set-password link")
    with pytest.raises(StartTlsMissing):
        SmtpTransport(smtp.host, smtp.port).deliver(message)
    assert smtp.inbox.to(MEDIC[0]) == []
    SmtpTransport(smtp.host, smtp.port, insecure=True).deliver(message)  # loopback tests only
    assert len(smtp.inbox.to(MEDIC[0])) == 1


# --- finding 9: a 5 KB XLSX that declares a huge sheet ----------------------------------
def dimension_bomb(ref: str = "A1:XFD10001") -> bytes:
    """A real two-row workbook whose sheet declares `ref` as its size."""
    import io
    import re
    import zipfile

    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["email", "name", "role"])
    workbook.active.append(["crew@demo.local", "Crew Member", "User"])
    plain = io.BytesIO()
    workbook.save(plain)
    bomb = io.BytesIO()
    with zipfile.ZipFile(plain) as source, \
            zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as target:
        for member in source.infolist():
            data = source.read(member)
            if member.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb'<dimension ref="[^"]*"\s*/>', f'<dimension ref="{ref}"/>'.encode(),
                              data)
                assert ref.encode() in data
            target.writestr(member, data)
    return bomb.getvalue()


@pytest.mark.slow
def test_finding_09_a_declared_huge_sheet_is_refused_without_padding(admin: httpx.Client) -> None:
    import tracemalloc

    bomb = dimension_bomb()
    assert len(bomb) < 10_000
    tracemalloc.start()  # the server runs in this process: its allocations are seen here
    try:
        began = time.perf_counter()
        answer = admin.post("/api/v1/users/import", timeout=120, data={"send_welcome": "false"},
                            files={"file": ("bomb.xlsx", bomb, "application/octet-stream")})
        took = time.perf_counter() - began
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert error_code(answer, 400) == "invalid_file"
    assert "columns" in answer.json()["error"]["message"]
    assert peak < 100 * 1024 * 1024, f"peak {peak / 2**20:.0f} MiB"
    assert took < 1.0, f"{took:.2f} s"
    # A file that says less than it holds is cut off while streaming, never padded out.
    liar = dimension_bomb("A1:C2")
    ok = admin.post("/api/v1/users/import", data={"send_welcome": "false", "dry_run": "true"},
                    files={"file": ("fine.xlsx", liar, "application/octet-stream")})
    assert ok.status_code == 200, ok.text


# --- finding 14: nesting and huge integers gave 500s -------------------------------------
def test_finding_14_deep_json_and_huge_integers_are_clear_errors(
    server: LiveServer, admin: httpx.Client
) -> None:
    deep = "[" * 500 + "]" * 500
    with server.client() as http:
        answer = http.post(LOGIN, content=deep, headers={"Content-Type": "application/json"})
    assert error_code(answer, 422) == "malformed_json"
    token = server.token(*MEDIC)
    report = ('{"id": "6f1c7a52-1b7e-4d8e-9a55-0e1f2d3c4b5a", "form_version": 1, '
              '"status": "draft", "data": {"eNarrative.01": ' + deep + "}}")
    with server.client(token) as http:
        answer = http.put("/api/v1/reports/6f1c7a52-1b7e-4d8e-9a55-0e1f2d3c4b5a",
                          content=report, headers={"Content-Type": "application/json"})
    assert error_code(answer, 422) == "malformed_json"
    # 32 levels are fine as JSON (the report's own checks then apply).
    assert error_code(admin.post(LOGIN, content="[" * 32 + "]" * 32,
                                 headers={"Content-Type": "application/json"}), 422) \
        == "invalid_request"
    huge = admin.get("/api/v1/users", params={"offset": 9223372036854775808})
    assert error_code(huge, 422) == "invalid_request"
    assert admin.get("/api/v1/users", params={"offset": 9223372036854775807}).status_code == 200


# --- finding 7: any single admin permission led to full Administrator ------------------
PERMISSIONS = ("users.manage", "roles.manage", "agency.manage", "devices.manage",
               "epcr.access", "offline.login", "nemsis.export")


def make_actor(admin: httpx.Client, server: LiveServer, permission: str) -> tuple[int, str]:
    """A user whose one role grants only `permission`: (user id, access token)."""
    role = admin.post("/api/v1/roles", json={"name": f"Only {permission}",
                                              "permissions": [permission]}).json()
    email = f"only-{permission.replace('.', '-')}@demo.local"
    user = admin.post("/api/v1/users", json={"email": email, "name": f"Only {permission}",
                                             "password": "a long test password 2026",
                                             "role_ids": [role["id"]],
                                             "send_welcome": False})
    assert user.status_code == 201, user.text
    return user.json()["id"], server.token(email, "a long test password 2026")


Write = tuple[str, str, dict[str, Any] | None]


def escalations(me: int, admin_id: int, admin_role: int, own_role: int) -> list[Write]:
    """Every write an actor could use to gain or take over more than they hold."""
    every = list(PERMISSIONS)
    return [
        ("PATCH", f"/api/v1/users/{me}", {"role_ids": [admin_role]}),
        ("PATCH", f"/api/v1/users/{me}", {"role_ids": [own_role, admin_role]}),
        ("PATCH", f"/api/v1/users/{admin_id}", {"password": "taken over, long enough 1"}),
        ("PATCH", f"/api/v1/users/{admin_id}", {"email": "mine@demo.local"}),
        ("PATCH", f"/api/v1/users/{admin_id}", {"role_ids": []}),
        ("PATCH", f"/api/v1/users/{admin_id}", {"disabled": True}),
        ("PATCH", f"/api/v1/users/{admin_id}", {"reset_mfa": True}),
        ("DELETE", f"/api/v1/users/{admin_id}", None),
        ("POST", "/api/v1/users", {"email": "sock@demo.local", "name": "Sock Puppet",
                                   "password": "sock puppet password 2026",
                                   "role_ids": [admin_role], "send_welcome": False}),
        ("POST", "/api/v1/roles", {"name": "Everything", "permissions": every}),
        ("PATCH", f"/api/v1/roles/{own_role}", {"permissions": every}),
        ("PATCH", f"/api/v1/roles/{admin_role}", {"name": "Renamed"}),
        ("DELETE", f"/api/v1/roles/{admin_role}", None),
        ("POST", f"/api/v1/roles/{admin_role}/members", {"user_ids": [me]}),
        ("DELETE", f"/api/v1/roles/{admin_role}/members/{admin_id}", None),
    ]


def import_as_admin(http: httpx.Client) -> httpx.Response:
    data = b"email,name,role\r\nsock2@demo.local,Sock Two,Administrator\r\n"
    return http.post("/api/v1/users/import", data={"send_welcome": "false"},
                     files={"file": ("users.csv", data, "text/csv")})


@pytest.mark.parametrize("permission", PERMISSIONS)
def test_finding_07_no_admin_permission_leads_to_more(
    server: LiveServer, admin: httpx.Client, permission: str
) -> None:
    me_id, token = make_actor(admin, server, permission)
    roles = {r["name"]: r["id"] for r in admin.get("/api/v1/roles").json()}
    admin_id = admin.get("/api/v1/me").json()["id"]
    with server.client(token) as http:
        for method, path, body in escalations(me_id, admin_id, roles["Administrator"],
                                              roles[f"Only {permission}"]):
            answer = http.request(method, path, json=body)
            assert answer.status_code in (403, 409), (method, path, body, answer.text)
        answer = import_as_admin(http)
        assert answer.status_code in (403, 422), answer.text
        assert http.get("/api/v1/me").json()["permissions"] == [permission]
    assert server.login(*ADMIN).status_code == 200  # the administrator is untouched
    users = admin.get("/api/v1/users", params={"limit": 200}).json()["items"]
    assert not {"sock@demo.local", "sock2@demo.local", "mine@demo.local"} & \
        {u["email"] for u in users}


def test_finding_07_an_admin_still_administers(server: LiveServer, admin: httpx.Client) -> None:
    """What the rules allow: the holder of every permission manages everyone else."""
    roles = {r["name"]: r["id"] for r in admin.get("/api/v1/roles").json()}
    medic = next(u for u in admin.get("/api/v1/users", params={"email": MEDIC[0]})
                 .json()["items"])
    assert admin.patch(f"/api/v1/users/{medic['id']}",
                       json={"role_ids": [roles["Administrator"]]}).status_code == 200
    _, token = make_actor(admin, server, "users.manage")
    plain = admin.post("/api/v1/users", json={"email": "plain@demo.local", "name": "Plain",
                                              "send_welcome": False}).json()
    with server.client(token) as http:  # users.manage over an account holding less: allowed
        assert http.patch(f"/api/v1/users/{plain['id']}",
                          json={"name": "Plain Renamed"}).status_code == 200
        basic = next(u for u in http.get("/api/v1/users", params={"email": "basic@demo.local"})
                     .json()["items"])  # holds epcr.access: its password would be PHI access
        assert error_code(http.patch(f"/api/v1/users/{basic['id']}",
                                     json={"password": "taken over, long enough 1"}), 403) \
            == "outranked"
    me = admin.get("/api/v1/me").json()["id"]
    assert error_code(admin.patch(f"/api/v1/users/{me}", json={"role_ids": []}), 409) \
        == "cannot_modify_self"


# --- finding 10: anyone with epcr.access overwrote any report; author_id forged --------
def test_finding_10_reports_are_changed_only_by_their_crew(server: LiveServer) -> None:
    import uuid

    from tests.helpers import BASIC
    from tests.support.reports import complete_report, upload_body
    from tests.test_reports import put as put_report

    now = server.clock.now()
    with server.as_user(*MEDIC) as medic, server.as_user(*BASIC) as basic, \
            server.as_user(*ADMIN) as reviewer:
        medic_id, basic_id = (c.get("/api/v1/me").json()["id"] for c in (medic, basic))
        mine = str(uuid.uuid4())
        data = complete_report(now)
        assert put_report(medic, mine, upload_body(data, medic_id), 1).status_code == 201
        # Another crew member of the agency cannot overwrite it ...
        answer = put_report(basic, mine, upload_body({"eNarrative.01": "overwritten"},
                                                     basic_id), 7, if_match=1)
        assert error_code(answer, 403) == "not_your_report"
        # ... and cannot forge the author of a report of their own.
        forged = str(uuid.uuid4())
        assert put_report(basic, forged, upload_body({}, medic_id), 1).status_code == 201
        assert basic.get(f"/api/v1/reports/{forged}").json()["author_id"] == basic_id
        # A report that lists a user as crew is theirs to change too.
        data["eCrew"] = [*data["eCrew"], {"eCrew.01": BASIC[0], "eCrew.02": "9925007"}]
        assert put_report(medic, mine, upload_body(data, medic_id), 2, if_match=1) \
            .status_code == 200
        shared = put_report(basic, mine, upload_body(data, basic_id), 8, if_match=2)
        assert shared.status_code == 200, shared.text
        # Completed: locked to everyone, QA too, until QA unlocks it with a reason; each
        # change is a new revision (tests/test_locking.py has the whole matrix).
        done = put_report(medic, mine, upload_body(data, medic_id, "completed"), 3,
                          if_match=3)
        assert done.status_code == 200, done.text
        locked = put_report(medic, mine, upload_body(data, medic_id, "completed"), 4,
                            if_match=4)
        assert error_code(locked, 403) == "report_locked"
        data["eNarrative.01"] += " QA: corrected the dose."
        qa = put_report(reviewer, mine, upload_body(data, medic_id, "completed"), 9,
                        if_match=4)
        assert error_code(qa, 403) == "report_locked"
        unlocked = reviewer.post(f"/api/v1/reports/{mine}/unlock",
                                 json={"reason": "Dose to correct."})
        assert unlocked.status_code == 200, unlocked.text
        qa = put_report(reviewer, mine, upload_body(data, medic_id, "completed"), 10,
                        if_match=5)
        assert qa.status_code == 200, qa.text
        history = reviewer.get(f"/api/v1/reports/{mine}/revisions").json()
        assert [(r["revision"], r["author_id"]) for r in history] == \
            [(n, medic_id) for n in range(1, 7)]
        assert history[-1]["updated_by"] == reviewer.get("/api/v1/me").json()["id"]


# --- finding 16: on PostgreSQL, one refresh token used twice at once gave two sessions --
@pytest.mark.slow
@pytest.mark.postgres
def test_finding_16_a_refresh_token_used_twice_at_once_gives_one_session(
    postgres_url: str, smtp: SmtpServer
) -> None:
    with ServerThread(postgres_url, SmtpTransport(smtp.host, smtp.port, insecure=True),
                      FakeClock()) as server:
        def refresh(token: str) -> Callable[[], httpx.Response]:
            def call() -> httpx.Response:
                with server.client() as http:
                    return http.post("/api/v1/auth/refresh", json={"refresh_token": token})
            return call

        doubled = 0
        for _ in range(15):
            token = server.login(*MEDIC).json()["refresh_token"]
            answers = at_once(refresh(token), refresh(token))
            doubled += [a.status_code for a in answers].count(200) > 1
            assert all(a.status_code in (200, 401) for a in answers), [a.text for a in answers]
        assert doubled == 0, f"{doubled} of 15 races gave two sessions"


# --- finding 1 (server side): device keys in clear in the server's database -----------
def stored_device_key(server: LiveServer, device_id: str) -> bytes:
    """The devices.key column as a stolen copy of the database shows it."""
    from sqlalchemy import text

    with server.ctx.engine.connect() as conn:
        stored: bytes = conn.execute(text("SELECT key FROM devices WHERE id = :id"),
                                     {"id": device_id}).scalar_one()
    return stored


def test_finding_01_a_stolen_database_holds_no_device_key(server: LiveServer) -> None:
    import base64

    device_id = server.demo_device_id
    assert device_id is not None
    answer = server.login(*MEDIC, device_id=device_id)
    key = base64.b64decode(answer.json()["device_key"])
    stored = stored_device_key(server, device_id)
    assert key not in stored and stored.startswith(b"FS1")
    with server.as_user(*ADMIN) as admin:
        made = admin.post("/api/v1/devices", json={"name": "Medic 9"}).json()
    assert base64.b64decode(made["device_key"]) not in stored_device_key(server,
                                                                          made["device_id"])


@pytest.mark.slow
def test_finding_01_sealing_keys_rotate(tmp_path: Path) -> None:
    """Old key → new key first and old after → only the new: the device key stays the
    same for the laptop, and the database is sealed under the newest key each time."""
    import base64
    import os
    import sqlite3
    import subprocess
    import sys

    from tests.support.smtp import free_port

    old = f"old1:{base64.b64encode(os.urandom(32)).decode()}"
    new = f"new2:{base64.b64encode(os.urandom(32)).decode()}"
    port = free_port()
    database = tmp_path / "server" / "fieldserver.db"

    def device_key_with(keys: str) -> tuple[str, bytes]:
        env = {**os.environ, "FIELDSERVER_SEALING_KEYS": keys}
        log = (tmp_path / "server.log").open("ab")
        server = subprocess.Popen([sys.executable, "-m", "fieldserver.cli", "serve", "--demo",
                                   "--port", str(port), "--data-dir", str(tmp_path / "server")],
                                  env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            url = f"http://127.0.0.1:{port}"
            for _ in range(300):
                try:
                    httpx.get(url + "/api/v1/health", timeout=1)
                    break
                except httpx.TransportError:
                    time.sleep(0.1)
            with sqlite3.connect(database) as conn:
                device_id, stored = conn.execute("SELECT id, key FROM devices").fetchone()
            answer = httpx.post(url + LOGIN, json={"email": MEDIC[0], "password": MEDIC[1],
                                                   "device_id": device_id}, timeout=30)
            assert answer.status_code == 200, answer.text
            return stored[:9].decode("latin-1"), base64.b64decode(answer.json()["device_key"])
        finally:
            server.terminate()
            server.wait(timeout=30)
            log.close()

    first_header, key = device_key_with(old)
    assert first_header.startswith("FS1\x04old1")
    rotated_header, same = device_key_with(f"{new},{old}")
    assert rotated_header.startswith("FS1\x04new2") and same == key
    assert device_key_with(new) == (rotated_header, key)  # the old key is no longer needed


# --- finding 8: a revoke waits for the device's reports; nobody else can say "none" ----
def test_finding_08_only_the_device_itself_can_complete_its_revoke(server: LiveServer) -> None:
    """A revoke waits while the laptop holds unsynced reports. An insider signed in
    elsewhere (no device, or another laptop) who says "0 waiting" for it would complete
    the revoke and have the laptop wipe reports never uploaded."""
    device = server.demo_device_id
    assert device is not None

    def check(token: str, unsynced: int) -> httpx.Response:
        with server.client(token) as c:
            return c.post(f"/api/v1/devices/{device}/credential-check",
                          json={"users": [], "unsynced_reports": unsynced})

    def status() -> dict[str, Any]:
        with server.as_user(*ADMIN) as admin:
            return next(d for d in admin.get("/api/v1/devices").json()
                        if d["device_id"] == device)

    on_laptop = server.login(*MEDIC, device_id=device).json()["access_token"]
    assert check(on_laptop, 3).json()["device"] == "active"
    with server.as_user(*ADMIN) as admin:
        assert admin.delete(f"/api/v1/devices/{device}").status_code == 202
        other = admin.post("/api/v1/devices", json={"name": "Another laptop"}).json()
    elsewhere = [server.token(*MEDIC), server.login(
        *MEDIC, device_id=other["device_id"]).json()["access_token"]]
    for token in elsewhere:
        assert check(token, 0).json()["device"] == "revoking"
    assert status()["status"] == "revoking" and status()["unsynced_reports"] == 3
    assert check(on_laptop, 0).json()["device"] == "revoked"  # the laptop itself: done


# --- finding 1: a refresh token from a copied store refreshed anywhere, skipping MFA ---
def test_finding_01_a_device_refresh_token_is_useless_without_the_keyring(
        server: LiveServer) -> None:
    """An admin's device session (after MFA would be the same): its refresh token, read out
    of a copied store, is refused without the signature only the laptop's keyring makes;
    and those refusals change nothing for the laptop itself."""
    import os

    from fieldclient.storage.crypto import DeviceProof

    device = server.demo_device_id
    assert device is not None
    laptop, attacker = (DeviceProof.from_secret(os.urandom(32)) for _ in range(2))
    pair = server.login(*ADMIN, device_id=device, device_proof_key=laptop.public_key).json()
    token = pair["refresh_token"]
    with server.client() as c:
        def refresh(**extra: Any) -> httpx.Response:
            return c.post("/api/v1/auth/refresh",
                          json={"refresh_token": token, "device_id": device, **extra})

        tries = [refresh(), refresh(proof=attacker.sign_refresh(device, token)),
                 refresh(proof=laptop.sign_refresh(device, "another token")),
                 refresh(proof=laptop.sign_refresh("another-device", token)),
                 refresh(proof="not base64!")]
        assert [error_code(t, 401) for t in tries] == ["invalid_token"] * len(tries)
        renewed = refresh(proof=laptop.sign_refresh(device, token))
        assert renewed.status_code == 200  # the laptop's own session was not disturbed
        users = c.get("/api/v1/users", headers={
            "Authorization": f"Bearer {renewed.json()['access_token']}"})
        assert users.status_code == 200
    # A device sign-in that named no key (a client from before) cannot be refreshed.
    bare = server.login(*ADMIN, device_id=device).json()["refresh_token"]
    with server.client() as c:
        answer = c.post("/api/v1/auth/refresh", json={
            "refresh_token": bare, "device_id": device,
            "proof": laptop.sign_refresh(device, bare)})
        assert error_code(answer, 401) == "invalid_token"


# --- finding 11: one agency learned, and could squat, another's emails ----------------
def test_finding_11_no_agency_learns_or_blocks_another_agencys_emails(
    server: LiveServer, admin: httpx.Client, inbox: Inbox
) -> None:
    from tests.helpers import NEIGHBOR

    with server.as_user(*NEIGHBOR) as neighbor:
        # The neighbour's admin learns nothing: Demo County's address is simply free here.
        made = neighbor.post("/api/v1/users", json={
            "email": MEDIC[0], "name": "Neighbor Medic", "send_welcome": False,
            "password": "neighbor medic password 1"})
        assert made.status_code == 201, made.text
        data = "email,name,role\r\n" + "".join(
            f"{e},Someone {i},User\r\n" for i, e in enumerate((ADMIN[0], MEDIC[0])))
        dry = neighbor.post("/api/v1/users/import", data={"dry_run": "true",
                                                          "send_welcome": "false"},
                            files={"file": ("u.csv", data.encode(), "text/csv")})
        # Only its own account (row 3, made just now) counts as taken; Demo County's
        # administrator's address (row 2) tells it nothing.
        assert [e["row"] for e in dry.json()["errors"] if e["column"] == "email"] == [3]
        # ... and squats nothing: an address it took first is still Demo County's to use.
        neighbor.post("/api/v1/users", json={"email": "new-hire@demo.local", "name": "Squat",
                                             "send_welcome": False})
    hired = admin.post("/api/v1/users", json={"email": "new-hire@demo.local",
                                              "name": "New Hire", "send_welcome": False})
    assert hired.status_code == 201, hired.text
    # Each account signs in to its own agency; the medic's own password opens the medic's.
    signed = server.login(*MEDIC).json()
    assert signed["agency"]["name"] == "Demo County EMS"
    assert server.login(MEDIC[0], "neighbor medic password 1").json()["agency"]["name"] \
        == "Neighbor Fire District"
    # Forgot-password: a link for each account, each naming its agency.
    with server.client() as http:
        http.post("/api/v1/auth/password/forgot", json={"email": MEDIC[0]})
    deadline = time.monotonic() + 15
    while len(inbox.to(MEDIC[0])) < 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    bodies = [m.get_body(("plain",)).get_content() for m in inbox.to(MEDIC[0])]  # type: ignore[union-attr]
    assert len(bodies) == 2
    assert any("Demo County EMS" in b for b in bodies)
    assert any("Neighbor Fire District" in b for b in bodies)


def test_finding_11_one_password_in_two_agencies_asks_which(server: LiveServer) -> None:
    from tests.helpers import NEIGHBOR

    with server.as_user(*NEIGHBOR) as neighbor:
        neighbor.post("/api/v1/users", json={"email": MEDIC[0], "name": "Same Person",
                                             "password": MEDIC[1], "send_welcome": False})
    both = server.login(*MEDIC)
    assert error_code(both, 409) == "choose_agency"
    agencies = both.json()["error"]["agencies"]
    assert sorted(a["name"] for a in agencies) == ["Demo County EMS", "Neighbor Fire District"]
    chosen = next(a["id"] for a in agencies if a["name"] == "Neighbor Fire District")
    answer = server.login(*MEDIC, agency_id=chosen)
    assert answer.status_code == 200 and answer.json()["agency"]["name"] == \
        "Neighbor Fire District"
    # On a laptop of Demo County, its own agency's account is meant: no question.
    on_laptop = server.login(*MEDIC, device_id=server.demo_device_id)
    assert on_laptop.status_code == 200 and on_laptop.json()["agency"]["name"] == \
        "Demo County EMS"


def test_finding_11_import_dry_runs_are_limited(server: LiveServer, admin: httpx.Client) -> None:
    data = b"email,name,role\r\nsomeone@demo.local,Someone,User\r\n"

    def dry_run() -> httpx.Response:
        return admin.post("/api/v1/users/import", data={"dry_run": "true",
                                                        "send_welcome": "false"},
                          files={"file": ("u.csv", data, "text/csv")})

    answers = [dry_run().status_code for _ in range(31)]
    assert answers == [200] * 30 + [429]
