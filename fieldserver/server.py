"""Assemble a runnable server: database, migrations, mail, context and app."""

from __future__ import annotations

from dataclasses import dataclass, field

from fastapi import FastAPI

from fieldserver import db, demo, logs
from fieldserver.app import create_app
from fieldserver.clock import Clock, SystemClock
from fieldserver.context import ServerContext
from fieldserver.mail import MailQueue, Transport
from fieldserver.passwords import PRODUCTION, Argon2Params, Hasher


@dataclass
class ServerOptions:
    database_url: str
    public_url: str
    mail: Transport
    mail_sender: str = "fieldserver <no-reply@fieldserver.invalid>"
    argon2: Argon2Params = PRODUCTION
    clock: Clock = field(default_factory=SystemClock)


def build(options: ServerOptions) -> tuple[FastAPI, ServerContext]:
    logs.protect_access_log()
    engine = db.make_engine(options.database_url)
    db.migrate(engine)
    ctx = ServerContext(
        engine=engine,
        sessions=db.make_session_factory(engine),
        hasher=Hasher(options.argon2),
        mail=MailQueue(options.mail, options.mail_sender),
        public_url=options.public_url,
        clock=options.clock,
    )
    return create_app(ctx), ctx


def seed_demo_if_empty(ctx: ServerContext) -> tuple[bool, str | None]:
    """Seed the demo data into an empty database; returns (seeded, demo device id)."""
    with db.transaction(ctx.sessions) as session:
        seeded = demo.is_empty(session)
        if seeded:
            demo.seed(session, ctx.hasher, ctx.clock.now())
            session.flush()
        return seeded, demo.demo_device_id(session)


def close(ctx: ServerContext) -> None:
    ctx.mail.close()
    ctx.engine.dispose()
