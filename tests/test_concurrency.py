"""Concurrent requests: no 500s from lock contention, no duplicate accounts or reports,
no lost update. On SQLite writers queue; on PostgreSQL, rows are locked."""

from __future__ import annotations

import json
import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from fieldserver.context import RateLimit
from tests.helpers import ADMIN, MEDIC
from tests.support.reports import upload_body
from tests.support.server import LiveServer


def test_racing_creates_of_one_email_make_one_user(server: LiveServer) -> None:
    token = server.token(*ADMIN)

    def create(i: int) -> int:
        with server.client(token) as c:
            return c.post("/api/v1/users", json={"email": "race@demo.local",
                                                 "name": f"Racer {i}"}).status_code

    with ThreadPoolExecutor(8) as pool:
        statuses = sorted(pool.map(create, range(16)))
    assert statuses == [201] + [409] * 15
    with server.client(token) as c:
        assert c.get("/api/v1/users", params={"email": "race@"}).json()["total"] == 1


def test_parallel_sign_ins_and_writes_all_succeed(server: LiveServer) -> None:
    token = server.token(*ADMIN)

    def work(i: int) -> tuple[int, int]:
        login = server.login(*MEDIC).status_code
        with server.client(token) as c:
            created = c.post("/api/v1/users", json={"email": f"p{i}@demo.local",
                                                    "name": f"P {i}"}).status_code
        return login, created

    # Sign-ins in flight count against the account's limit until they succeed (parallel
    # guesses are bounded: fieldserver/ratelimit.py), so fewer than the limit at once.
    with ThreadPoolExecutor(RateLimit().attempts - 1) as pool:
        results = list(pool.map(work, range(24)))
    assert results == [(200, 201)] * 24


def _put(server: LiveServer, token: str, report_id: str, key: int,
         if_match: int | None = None, narrative: str = "") -> tuple[int, dict[str, Any]]:
    headers = {"Idempotency-Key": f"{report_id}:{key}"}
    if if_match is not None:
        headers["If-Match"] = f'"{if_match}"'
    with server.client(token) as c:
        me = c.get("/api/v1/me").json()["id"]
        answer = c.put(f"/api/v1/reports/{report_id}", headers=headers,
                       json=upload_body({"eNarrative.01": narrative}, me))
    return answer.status_code, answer.json()


def test_one_upload_sent_many_times_at_once_is_stored_once(server: LiveServer) -> None:
    """A device retrying through a load balancer: each copy may reach another replica."""
    token, report_id = server.token(*MEDIC), str(uuid.uuid4())
    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(lambda _: _put(server, token, report_id, 1), range(16)))
    assert [status for status, _ in answers] == [201] * 16
    assert len({json.dumps(body, sort_keys=True) for _, body in answers}) == 1  # one answer
    with server.client(token) as c:
        assert len(c.get(f"/api/v1/reports/{report_id}/revisions").json()) == 1


def test_edits_racing_from_one_revision_keep_one_and_refuse_the_rest(
        server: LiveServer) -> None:
    """Two devices edit the same revision: one wins, the others get the conflict, and
    nothing is overwritten without a trace."""
    token, report_id = server.token(*MEDIC), str(uuid.uuid4())
    assert _put(server, token, report_id, 1)[0] == 201
    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(
            lambda n: _put(server, token, report_id, n, if_match=1, narrative=f"edit {n}"),
            range(2, 14)))
    statuses = sorted(status for status, _ in answers)
    assert statuses == [200] + [412] * 11
    with server.client(token) as c:
        history = c.get(f"/api/v1/reports/{report_id}/revisions").json()
    assert [r["revision"] for r in history] == [1, 2]
    winner = next(n for n, (status, _) in zip(range(2, 14), answers, strict=True)
                  if status == 200)
    assert history[1]["data"]["eNarrative.01"] == f"edit {winner}"
