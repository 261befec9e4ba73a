from datetime import datetime

import pytest
from sqlalchemy import create_engine, text

from fieldserver.mail import SmtpTransport
from tests.support.clock import FakeClock
from tests.support.server import LiveServer, ServerThread
from tests.support.smtp import SmtpServer


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


def test_ready_when_the_schema_is_current_and_not_when_it_is_behind(server: LiveServer) -> None:
    with server.client() as c:
        assert (c.get("/api/v1/ready").status_code, c.get("/api/v1/ready").json()) == (
            200, {"status": "ready"})
        with server.ctx.engine.begin() as conn:  # a newer replica's code, an older schema
            conn.execute(text("UPDATE alembic_version SET version_num = '0015'"))
        behind = c.get("/api/v1/ready")
    assert behind.status_code == 503
    assert behind.json()["error"]["code"] == "schema_not_current"
    assert "fieldserver migrate" in behind.json()["error"]["message"]


@pytest.mark.postgres
def test_not_ready_when_the_database_is_gone_but_still_alive(postgres_url: str,
                                                             smtp: SmtpServer) -> None:
    admin = create_engine(postgres_url.replace("postgresql://", "postgresql+psycopg://", 1)
                          .rsplit("/", 1)[0] + "/postgres", isolation_level="AUTOCOMMIT")
    mail = SmtpTransport(smtp.host, smtp.port, insecure=True)
    with ServerThread(postgres_url, mail, FakeClock()) as server, server.client() as c:
        assert c.get("/api/v1/ready").status_code == 200
        with admin.connect() as conn:  # the database server loses this database
            conn.execute(text(f"DROP DATABASE {postgres_url.rsplit('/', 1)[1]} WITH (FORCE)"))
        gone = c.get("/api/v1/ready")
        assert gone.status_code == 503
        assert gone.json()["error"] == {"code": "database_unreachable",
                                        "message": "The database does not answer."}
        assert c.get("/api/v1/health").status_code == 200
    admin.dispose()
