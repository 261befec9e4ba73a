"""Mail written to an outbox folder, the default when no SMTP server is given."""

from __future__ import annotations

import email
import email.policy
import stat
from pathlib import Path

import httpx

from fieldserver.mail import OutboxTransport
from tests.helpers import ADMIN, GOOD_PASSWORD
from tests.support.clock import FakeClock
from tests.support.server import ServerThread, link_in


def test_welcome_email_lands_in_the_outbox_and_works(tmp_path: Path) -> None:
    outbox = tmp_path / "outbox"
    with ServerThread(f"sqlite:///{tmp_path / 's.db'}", OutboxTransport(outbox),
                      FakeClock()) as server:
        with server.as_user(*ADMIN) as admin:
            created = admin.post("/api/v1/users", json={"email": "box@demo.local",
                                                        "name": "Box"})
            assert created.status_code == 201
        server.ctx.mail.flush()
        files = list(outbox.glob("*.eml"))
        assert len(files) == 1
        assert stat.S_IMODE(files[0].stat().st_mode) == 0o600
        assert stat.S_IMODE(outbox.stat().st_mode) == 0o700
        message = email.message_from_bytes(files[0].read_bytes(), policy=email.policy.default)
        assert message["To"] == "box@demo.local"
        link = link_in(message)  # type: ignore[arg-type]
        token = link.split("token=")[1]
        done = httpx.post(f"{server.base_url}/reset-password",
                          data={"token": token, "password": GOOD_PASSWORD,
                                "confirm": GOOD_PASSWORD})
        assert done.status_code == 200
        assert server.login("box@demo.local", GOOD_PASSWORD).status_code == 200
