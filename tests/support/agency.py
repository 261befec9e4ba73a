"""A fieldserver that tests can stop and start again on the same address and database."""

from __future__ import annotations

from fieldserver.mail import Transport
from fieldserver.server import BackgroundServer, ServerOptions
from tests.support.clock import FakeClock
from tests.support.server import TEST_ARGON2, LiveServer
from tests.support.smtp import free_port


class RestartableServer:
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
