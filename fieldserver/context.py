"""Everything a request handler needs, built once per server and passed in via app.state."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from fieldserver.clock import Clock, SystemClock
from fieldserver.mail import MailQueue
from fieldserver.passwords import Hasher


@dataclass(frozen=True)
class Lifetimes:
    access: timedelta = timedelta(minutes=15)
    refresh: timedelta = timedelta(days=30)
    mfa_challenge: timedelta = timedelta(minutes=5)
    reset_link: timedelta = timedelta(hours=1)
    welcome_link: timedelta = timedelta(hours=72)


@dataclass(frozen=True)
class RateLimit:
    attempts: int = 5
    window: timedelta = timedelta(minutes=15)


@dataclass
class ServerContext:
    engine: Engine
    sessions: sessionmaker[Session]
    hasher: Hasher
    mail: MailQueue
    public_url: str
    clock: Clock = field(default_factory=SystemClock)
    lifetimes: Lifetimes = field(default_factory=Lifetimes)
    rate_limit: RateLimit = field(default_factory=RateLimit)

    def link(self, path: str) -> str:
        return self.public_url.rstrip("/") + path
