from datetime import datetime

from tests.support.server import LiveServer


def test_health_answers_without_auth(server: LiveServer) -> None:
    with server.client() as c:
        response = c.get("/api/v1/health")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "ok"
    assert body["api_version"] == 1
    served = datetime.fromisoformat(body["server_time"].replace("Z", "+00:00"))
    assert abs((served - server.clock.now()).total_seconds()) < 1


def test_openapi_is_served(server: LiveServer) -> None:
    with server.client() as c:
        spec = c.get("/openapi.json").json()
    assert "/api/v1/auth/login" in spec["paths"]
    assert "/api/v1/users/import" in spec["paths"]
