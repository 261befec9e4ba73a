"""A fieldserver that tests can stop and start again on the same address and database."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select

from fieldserver.mail import SmtpTransport, Transport
from fieldserver.models import Report, ReportRevision
from fieldserver.server import BackgroundServer, ServerOptions
from tests.support.clock import FakeClock
from tests.support.server import TEST_ARGON2, LiveServer
from tests.support.smtp import SmtpServer, free_port


class RestartableServer:
    @classmethod
    def in_folder(cls, folder: Path, smtp: SmtpServer, clock: FakeClock) -> RestartableServer:
        """One with its database in `folder`, mailing to the loopback SMTP server."""
        return cls(f"sqlite:///{folder / 'agency.db'}",
                   SmtpTransport(smtp.host, smtp.port, insecure=True), clock)

    def __init__(self, database_url: str, mail: Transport, clock: FakeClock) -> None:
        self.port = free_port()
        self.base_url = f"http://127.0.0.1:{self.port}"
        self._options = ServerOptions(database_url=database_url, public_url=self.base_url,
                                      mail=mail, argon2=TEST_ARGON2, clock=clock)
        self._clock = clock
        self._running: BackgroundServer | None = None
        self.live: LiveServer | None = None

    def start(self) -> LiveServer:
        assert self._running is None
        sock, _ = BackgroundServer.listen(self.port)
        self._running = BackgroundServer(self._options, sock).__enter__()
        self.live = LiveServer(self.base_url, self._running.ctx, self._clock,
                               self._running.demo_device_id)
        return self.live

    def stop(self) -> None:
        if self._running is not None:
            self._running.__exit__(None, None, None)
            self._running = None

    def stored_reports(self) -> dict[str, StoredReport]:
        """What the server holds, read from its database: each report's data now, and the
        data of each of its revisions, oldest first."""
        assert self._running is not None
        with self._running.ctx.sessions() as db:
            held = {r.id: StoredReport(json.loads(r.data), []) for r in db.scalars(select(Report))}
            for revision in db.scalars(select(ReportRevision)
                                       .order_by(ReportRevision.revision)):
                held[revision.report_id].revisions.append(json.loads(revision.data))
        return held


@dataclass
class StoredReport:
    data: dict[str, Any]
    revisions: list[dict[str, Any]]
