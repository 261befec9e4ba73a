"""Bad input always gets a 4xx with an error code: never a 500, never half-written."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import httpx

from tests.helpers import error_code
from tests.support.server import LiveServer

JUNK_BODIES: list[tuple[bytes, str]] = [
    (b"{", "application/json"),
    (b"[]", "application/json"),
    (b"null", "application/json"),
    (b'{"email": 5, "name": ["x"], "password": {}, "role_ids": "1", "users": 3}',
     "application/json"),
    (b'{"unexpected": true}', "application/json"),
    ("{\"name\": \"\udcff\"}".encode("utf-8", "surrogatepass"), "application/json"),
    (b"\xff\xfe\x00garbage", "application/json"),
    (b"email=x&name=y", "application/x-www-form-urlencoded"),
    (b"plain text", "text/plain"),
]


def operations(admin: httpx.Client, server: LiveServer) -> list[tuple[str, str]]:
    spec = admin.get("/openapi.json").json()
    basic = admin.get("/api/v1/users", params={"email": "basic@"}).json()["items"][0]["id"]
    role = admin.get("/api/v1/roles").json()[1]["id"]
    ids = {"{user_id}": str(basic), "{role_id}": str(role), "{device_id}": server.demo_device_id}
    found = []
    for path, methods in spec["paths"].items():
        for placeholder, value in ids.items():
            path = path.replace(placeholder, value)
        found += [(m.upper(), path) for m, op in methods.items() if "requestBody" in op]
    assert len(found) >= 14
    return found


def state(admin: httpx.Client) -> Any:
    return [admin.get(p).json() for p in
            ("/api/v1/users", "/api/v1/roles", "/api/v1/agency", "/api/v1/devices", "/api/v1/me")]


def test_every_write_endpoint_refuses_junk_with_a_4xx(
    server: LiveServer, admin: httpx.Client
) -> None:
    before = state(admin)
    for method, path in operations(admin, server):
        for body, content_type in JUNK_BODIES:
            response = admin.request(method, path, content=body,
                                     headers={"Content-Type": content_type})
            assert 400 <= response.status_code < 500, (method, path, body, response.text)
            if "json" in response.headers.get("content-type", ""):
                assert response.json()["error"]["code"], (method, path)
    assert state(admin) == before


def test_ids_too_large_for_the_database_are_422(server: LiveServer, admin: httpx.Client) -> None:
    big = 2**70
    device = server.demo_device_id
    for response in (
        admin.get(f"/api/v1/users/{big}"),
        admin.patch(f"/api/v1/users/{big}", json={"name": "x"}),
        admin.delete(f"/api/v1/roles/{big}"),
        admin.get("/api/v1/users", params={"id": big}),
        admin.post("/api/v1/users", json={"email": "q@demo.local", "name": "Q",
                                          "role_ids": [big]}),
        admin.post(f"/api/v1/devices/{device}/credential-check",
                   json={"users": [{"user_id": big, "credential_version": 1}]}),
    ):
        assert error_code(response, 422) == "invalid_request"


def test_malformed_json_is_400(server: LiveServer) -> None:
    with server.client() as c:
        response = c.post("/api/v1/auth/login", content=b'{"email": "a@b.c",',
                          headers={"Content-Type": "application/json"})
    assert error_code(response, 400) == "malformed_json"


def test_wrong_types_are_422_and_name_the_field(server: LiveServer) -> None:
    with server.client() as c:
        response = c.post("/api/v1/auth/login", json={"email": ["a"], "password": 12345})
    assert error_code(response, 422) == "invalid_request"
    fields = {f["field"] for f in response.json()["error"]["fields"]}
    assert fields == {"email", "password"}


def test_validation_errors_never_echo_the_input(server: LiveServer) -> None:
    secret = "my secret password that is wrong type"
    with server.client() as c:
        response = c.post("/api/v1/auth/login", json={"email": 1, "password": secret, "x": secret})
    assert response.status_code == 422
    assert secret not in response.text


def test_json_body_over_one_mib(server: LiveServer) -> None:
    big = b'{"email": "' + b"a" * (1024 * 1024) + b'", "password": "x"}'
    with server.client() as c:
        declared = c.post("/api/v1/auth/login", content=big,
                          headers={"Content-Type": "application/json"})
        assert error_code(declared, 413) == "payload_too_large"

        def chunks() -> Iterator[bytes]:
            for start in range(0, len(big), 64 * 1024):
                yield big[start:start + 64 * 1024]

        streamed = c.post("/api/v1/auth/login", content=chunks(),
                          headers={"Content-Type": "application/json"})
        assert "content-length" not in streamed.request.headers
        assert error_code(streamed, 413) == "payload_too_large"


def test_unknown_path_and_method(server: LiveServer) -> None:
    with server.client() as c:
        assert error_code(c.get("/api/v1/nope"), 404) == "not_found"
        assert error_code(c.delete("/api/v1/health"), 405) == "method_not_allowed"
