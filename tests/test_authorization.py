"""Every admin endpoint: 401 anonymous, 403 without the permission, 404 across agencies."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import httpx
import pytest

from tests.helpers import ADMIN, BASIC, NEIGHBOR, error_code
from tests.support.server import LiveServer


@dataclass(frozen=True)
class Endpoint:
    method: str
    path: str  # {user}, {role}, {device}: ids of the demo agency's objects
    json: dict[str, Any] | None = None
    files: bool = False
    xml: bytes | None = None

    def call(self, client: httpx.Client, ids: dict[str, Any]) -> httpx.Response:
        kwargs: dict[str, Any] = {}
        if self.json is not None:
            kwargs["json"] = self.json
        if self.xml is not None:
            kwargs["content"] = self.xml
            kwargs["headers"] = {"Content-Type": "application/xml"}
        if self.files:
            kwargs["files"] = {"file": ("u.csv", b"email,name,role\n", "text/csv")}
        return client.request(self.method, self.path.format(**ids), **kwargs)


ADMIN_ENDPOINTS = [
    Endpoint("GET", "/api/v1/users"),
    Endpoint("POST", "/api/v1/users", {"email": "z@demo.local", "name": "Z"}),
    Endpoint("GET", "/api/v1/users/{user}"),
    Endpoint("PATCH", "/api/v1/users/{user}", {"name": "Hijacked"}),
    Endpoint("DELETE", "/api/v1/users/{user}"),
    Endpoint("POST", "/api/v1/users/import", files=True),
    Endpoint("GET", "/api/v1/users/import/template"),
    Endpoint("GET", "/api/v1/permissions"),
    Endpoint("GET", "/api/v1/roles"),
    Endpoint("POST", "/api/v1/roles", {"name": "Sneaky"}),
    Endpoint("PATCH", "/api/v1/roles/{role}", {"name": "Hijacked"}),
    Endpoint("DELETE", "/api/v1/roles/{role}"),
    Endpoint("GET", "/api/v1/agency"),
    Endpoint("PATCH", "/api/v1/agency", {"offline_login_enabled": False}),
    Endpoint("POST", "/api/v1/devices", {"name": "Sneaky"}),
    Endpoint("GET", "/api/v1/devices"),
    Endpoint("POST", "/api/v1/incidents", {"number": "1", "nature": "Fall",
                                           "dispatched_at": "2026-11-22T08:00:00Z"}),
    Endpoint("POST", "/api/v1/devices/{device}/adopt"),
    Endpoint("DELETE", "/api/v1/devices/{device}"),
    Endpoint("GET", "/api/v1/nemsis/dem"),
    Endpoint("GET", "/api/v1/agency/facility-contacts"),
    Endpoint("PUT", "/api/v1/agency/facility-contacts", {"items": []}),
    Endpoint("GET", "/api/v1/reviews"),
    Endpoint("PUT", "/api/v1/nemsis/dem", xml=b"<DEMDataSet xmlns='http://www.nemsis.org'/>"),
    Endpoint("GET", "/api/v1/nemsis/agency"),
    Endpoint("PUT", "/api/v1/nemsis/agency", {"state_id": "X1", "number": "X1", "name": "X",
                                              "state": "09"}),
    Endpoint("GET", "/api/v1/nemsis/export"),
    Endpoint("GET", "/api/v1/audit"),
    Endpoint("POST", "/api/v1/nemsis/import", xml=b"<EMSDataSet xmlns='http://www.nemsis.org'/>"),
]
OBJECT_ENDPOINTS = [e for e in ADMIN_ENDPOINTS if "{" in e.path] + [
    Endpoint("POST", "/api/v1/devices/{device}/credential-check", {"users": []}),
]
ENDPOINT_IDS = [f"{e.method} {e.path}" for e in ADMIN_ENDPOINTS]


def demo_ids(server: LiveServer) -> dict[str, Any]:
    with server.as_user(*ADMIN) as admin:
        basic = admin.get("/api/v1/users", params={"email": "basic@"}).json()["items"][0]
        role = next(r for r in admin.get("/api/v1/roles").json() if r["name"] == "User")
    return {"user": basic["id"], "role": role["id"], "device": server.demo_device_id}


def snapshot(server: LiveServer) -> Any:
    with server.as_user(*ADMIN) as admin:
        return [admin.get(p).json() for p in
                ("/api/v1/users", "/api/v1/roles", "/api/v1/agency", "/api/v1/devices",
                 "/api/v1/nemsis/agency")]


@pytest.mark.parametrize("endpoint", ADMIN_ENDPOINTS, ids=ENDPOINT_IDS)
def test_anonymous_gets_401(server: LiveServer, endpoint: Endpoint) -> None:
    ids = demo_ids(server)
    with server.client() as anonymous:
        assert error_code(endpoint.call(anonymous, ids), 401) == "unauthenticated"


def test_user_without_permission_gets_403_everywhere(server: LiveServer) -> None:
    ids = demo_ids(server)
    before = snapshot(server)
    with server.as_user(*BASIC) as basic:
        for endpoint in ADMIN_ENDPOINTS:
            assert error_code(endpoint.call(basic, ids), 403) == "forbidden", endpoint
    assert snapshot(server) == before


def test_other_agencys_admin_gets_404_for_our_objects(server: LiveServer) -> None:
    ids = demo_ids(server)
    before = snapshot(server)
    with server.as_user(*NEIGHBOR) as neighbor:
        for endpoint in OBJECT_ENDPOINTS:
            assert error_code(endpoint.call(neighbor, ids), 404) == "not_found", endpoint
        # Collections show only the neighbor's own agency.
        assert [u["email"] for u in neighbor.get("/api/v1/users").json()["items"]] == \
            ["admin@neighbor.local"]
        assert {r["name"] for r in neighbor.get("/api/v1/roles").json()} == \
            {"Administrator", "User"}
        assert neighbor.get("/api/v1/devices").json() == []
        assert neighbor.get("/api/v1/agency").json()["name"] == "Neighbor Fire District"
        by_id = neighbor.get("/api/v1/users", params={"id": ids["user"]}).json()
        assert by_id == {"items": [], "total": 0}
        foreign_role = neighbor.post("/api/v1/users", json={
            "email": "x@neighbor.local", "name": "X", "role_ids": [ids["role"]]})
        assert error_code(foreign_role, 422) == "unknown_role"
    assert snapshot(server) == before
