"""Concurrent requests: no 500s from lock contention, no duplicate accounts."""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

from tests.helpers import ADMIN, MEDIC
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

    with ThreadPoolExecutor(8) as pool:
        results = list(pool.map(work, range(24)))
    assert results == [(200, 201)] * 24
