"""Everything a request handler needs, built once per server and passed in via app.state."""

from __future__ import annotations

import logging
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from fieldserver.clock import Clock, SystemClock
from fieldserver.mail_outbox import MailOutbox
from fieldserver.models import Device
from fieldserver.passwords import Hasher
from fieldserver.sealing import Sealer


@dataclass(frozen=True)
class Lifetimes:
    access: timedelta = timedelta(minutes=15)
    refresh: timedelta = timedelta(days=30)
    mfa_challenge: timedelta = timedelta(minutes=5)
    reset_link: timedelta = timedelta(hours=1)
    welcome_link: timedelta = timedelta(hours=72)
    handoff_link: timedelta = timedelta(hours=12)  # a shift: the bedside, then the chart


@dataclass(frozen=True)
class RateLimit:
    attempts: int = 5
    window: timedelta = timedelta(minutes=15)


@dataclass
class ServerContext:
    engine: Engine
    sessions: sessionmaker[Session]
    hasher: Hasher
    mail: MailOutbox
    public_url: str
    clock: Clock = field(default_factory=SystemClock)
    lifetimes: Lifetimes = field(default_factory=Lifetimes)
    rate_limit: RateLimit = field(default_factory=RateLimit)
    sealer: Sealer = field(default_factory=Sealer.generated)
    # Work an answer must not wait for, nor be timed by (forgot-password's look-up and
    # mail): not the request's thread, not even its connection's next request.
    after_response: ThreadPoolExecutor = field(
        default_factory=lambda: ThreadPoolExecutor(1, thread_name_prefix="after-response"))

    def link(self, path: str) -> str:
        return self.public_url.rstrip("/") + path

    def device_key(self, device: Device) -> bytes:
        """A device's key, unsealed (fieldserver.sealing)."""
        return self.sealer.open(device.id, device.key)

    def later(self, work: Callable[[], None]) -> None:
        self.after_response.submit(_logged, work)

    def drain(self) -> None:
        """Wait until the work queued so far, and the mail it queued, is done (tests)."""
        self.after_response.submit(lambda: None).result()
        self.mail.flush()


def _logged(work: Callable[[], None]) -> None:
    """A failure here has no request to answer: it is logged (its type only: the
    message could hold an address), never lost."""
    try:
        work()
    except Exception as exc:
        logging.getLogger(__name__).error("work after a response failed: %s",
                                          type(exc).__name__)
