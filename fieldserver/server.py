"""Assemble a runnable server: database, migrations, mail, context and app."""

from __future__ import annotations

import socket
import threading
from dataclasses import dataclass, field

import uvicorn
from fastapi import FastAPI
from sqlalchemy import select, update

from fieldserver import db, demo, logs, sealing, upgrades
from fieldserver.app import create_app
from fieldserver.clock import Clock, SystemClock
from fieldserver.context import ServerContext
from fieldserver.mail import DEFAULT_SENDER, Transport
from fieldserver.mail_outbox import Courier, MailOutbox
from fieldserver.models import Device
from fieldserver.passwords import PRODUCTION, Argon2Params, Hasher
from fieldserver.sealing import Sealer


@dataclass
class ServerOptions:
    database_url: str
    public_url: str
    mail: Transport
    mail_sender: str = DEFAULT_SENDER
    argon2: Argon2Params = PRODUCTION
    clock: Clock = field(default_factory=SystemClock)
    sealer: Sealer = field(default_factory=Sealer.generated)  # device keys, mail at rest
    deliver_mail: bool = True  # a courier thread here; False: `fieldserver worker` does


def build(options: ServerOptions) -> tuple[FastAPI, ServerContext]:
    logs.protect_access_log()
    engine = db.make_engine(options.database_url)
    upgrades.migrate(engine)
    sessions = db.make_session_factory(engine)
    courier = Courier(sessions, options.mail, options.sealer, options.clock,
                      options.mail_sender)
    ctx = ServerContext(
        engine=engine,
        sessions=sessions,
        hasher=Hasher(options.argon2),
        mail=MailOutbox(courier, inline=options.deliver_mail),
        public_url=options.public_url,
        clock=options.clock,
        sealer=options.sealer,
    )
    seal_device_keys(ctx)
    return create_app(ctx), ctx


def seal_device_keys(ctx: ServerContext) -> None:
    """Every device key sealed under the newest sealing key (rotation; keys from before)."""
    with db.transaction(ctx.sessions) as session:
        rows = session.execute(select(Device.id, Device.key)).all()
        for device_id, sealed in sealing.reseal(ctx.sealer, rows).items():
            session.execute(update(Device).where(Device.id == device_id).values(key=sealed))


def seed_demo_if_empty(ctx: ServerContext) -> tuple[bool, str | None]:
    """Seed the demo data into an empty database; returns (seeded, demo device id)."""
    with db.transaction(ctx.sessions) as session:
        seeded = demo.is_empty(session)
        if seeded:
            demo.seed(session, ctx.hasher, ctx.clock.now())
            session.flush()
        device_id = demo.demo_device_id(session)
    seal_device_keys(ctx)
    return seeded, device_id


def close(ctx: ServerContext) -> None:
    ctx.after_response.shutdown(wait=True)  # its mail is queued before the queue closes
    ctx.mail.close()
    ctx.engine.dispose()


class BackgroundServer:
    """The server on 127.0.0.1 in a thread, for tests, benchmarks and embedding.

    The socket is bound and listening before uvicorn starts, so clients can
    connect as soon as this returns: the kernel queues them until uvicorn accepts.
    """

    def __init__(self, options: ServerOptions, sock: socket.socket, demo: bool = True) -> None:
        self._sock = sock
        app, self.ctx = build(options)
        self.demo_device_id = seed_demo_if_empty(self.ctx)[1] if demo else None
        self._server = uvicorn.Server(uvicorn.Config(app, log_config=None, lifespan="off"))
        self._thread = threading.Thread(target=self._server.run,
                                        kwargs={"sockets": [sock]}, daemon=True)

    @staticmethod
    def listen(port: int = 0) -> tuple[socket.socket, str]:
        """A loopback socket (on a free port unless given), and the base URL it serves."""
        sock = socket.socket()
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        # Answers go out at once: without it, Nagle holds a response's body until the
        # client acknowledges its headers, which a delayed ACK makes 40 ms per request.
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.bind(("127.0.0.1", port))
        sock.listen(128)
        return sock, f"http://127.0.0.1:{sock.getsockname()[1]}"

    def __enter__(self) -> BackgroundServer:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._server.should_exit = True
        self._thread.join(timeout=30)
        self._sock.close()
        close(self.ctx)
