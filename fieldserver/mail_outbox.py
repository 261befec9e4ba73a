"""Outgoing mail as jobs in the database: a transactional outbox.

A message is a `MailJob` row written in the same transaction as what makes it necessary
(the new account, the reset link, the handoff link): both commit or neither does, and
a process that dies afterwards loses nothing. A courier delivers due jobs, in
`fieldserver serve` (a thread, the default) or in a `fieldserver worker` process, with
as many of either as you like:

- **Claim, then send.** A courier claims one job in a short transaction (PostgreSQL:
  `FOR UPDATE SKIP LOCKED`; SQLite serializes writers) and leases it for `LEASE`. Only
  then does it talk SMTP, outside any transaction, since a transaction held open
  through SMTP would hold the change feed back (feed.py). A courier killed mid-send
  leaves a lease that runs out; the job is then taken again.
- **Exactly once, as far as SMTP allows.** The job's id is its idempotency key: it is
  the Message-ID, the claim goes to one courier at a time, and marking it sent is
  conditional. The one window left is between the SMTP server's final answer and our
  commit (a courier killed there): the message then goes again, with the same
  Message-ID, which mail systems use to drop duplicates.
- **Retries** back off from 30 s, doubling to an hour, for `ATTEMPTS` attempts; then the
  job is given up on and logged. Message bodies are sealed at rest (sealing.py: they
  hold links), dropped once delivered, and never logged.

Why not a job library such as procrastinate: the job must be written by the request's
own SQLAlchemy session, in its transaction, and procrastinate defers through its own
connector (its SQLAlchemy connector is psycopg2's; we use psycopg 3), so the job and the
row that causes it would commit apart, which is the loss this table exists to prevent;
and it is PostgreSQL-only, where an agency's single server runs on SQLite. What is
left is one table, one claim query and a retry rule.
"""

from __future__ import annotations

import logging
import smtplib
import threading
import uuid
from dataclasses import dataclass
from datetime import timedelta
from email.message import EmailMessage

from sqlalchemy import event, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from fieldserver.clock import Clock
from fieldserver.mail import Transport
from fieldserver.models import MailJob
from fieldserver.sealing import Sealer, SealingError

log = logging.getLogger(__name__)

LEASE = timedelta(minutes=2)  # longer than a send can take (SMTP's timeout is 30 s)
ATTEMPTS = 10
FIRST_RETRY, LONGEST_RETRY = timedelta(seconds=30), timedelta(hours=1)


def backoff(attempts: int) -> timedelta:
    """How long after a failed attempt (the n-th) the next one is due."""
    return min(FIRST_RETRY * (1 << min(max(attempts - 1, 0), 20)), LONGEST_RETRY)


@dataclass(frozen=True)
class Claimed:
    id: str
    recipient: str
    subject: str
    body: bytes
    attempts: int


class Courier:
    """Delivers due jobs, one claim at a time. Thread-safe: claims never overlap."""

    def __init__(self, sessions: sessionmaker[Session], transport: Transport, sealer: Sealer,
                 clock: Clock, sender: str) -> None:
        self.sessions = sessions
        self.transport = transport
        self.sealer = sealer
        self.clock = clock
        self.sender = sender

    def deliver_due(self) -> int:
        """Deliver every job due now (each failure is rescheduled); how many went."""
        delivered = 0
        while (job := self.claim()) is not None:
            delivered += self._deliver(job)
        return delivered

    def claim(self) -> Claimed | None:
        """The next due job, leased to this courier for LEASE (committed before any SMTP)."""
        now = self.clock.now()
        with self.sessions() as db, db.begin():
            job = db.scalars(select(MailJob).where(
                MailJob.sent_at.is_(None), MailJob.failed_at.is_(None),
                MailJob.next_attempt_at <= now,
                or_(MailJob.lease_until.is_(None), MailJob.lease_until <= now),
            ).order_by(MailJob.next_attempt_at).limit(1).with_for_update(skip_locked=True)
            ).first()
            if job is None:
                return None
            job.lease_until, job.attempts = now + LEASE, job.attempts + 1
            assert job.body is not None  # dropped only with sent_at or failed_at
            return Claimed(job.id, job.recipient, job.subject, job.body, job.attempts)

    def _deliver(self, job: Claimed) -> int:
        try:
            message = self._message(job)
        except SealingError:  # sealed under a key no longer configured: it cannot go
            self._settle(job.id, failed_at=self.clock.now(), last_error="SealingError")
            log.error("a queued message is sealed under a key no longer configured")
            return 0
        try:
            self.transport.deliver(message)
        except (OSError, smtplib.SMTPException) as exc:
            self._failed(job, type(exc).__name__)
            return 0
        self._settle(job.id, sent_at=self.clock.now())
        return 1

    def _message(self, job: Claimed) -> EmailMessage:
        message = EmailMessage()
        message["From"] = self.sender
        message["To"] = job.recipient
        message["Subject"] = job.subject
        message["Message-ID"] = f"<{job.id}@fieldserver>"  # the same on every attempt
        message.set_content(self.sealer.open(job.id, job.body).decode())
        return message

    def _failed(self, job: Claimed, error: str) -> None:
        now = self.clock.now()
        log.warning("mail delivery attempt %d via %s failed: %s", job.attempts,
                    self.transport.describe(), error)
        if job.attempts >= ATTEMPTS:
            log.error("gave up delivering a message via %s", self.transport.describe())
            self._settle(job.id, failed_at=now, last_error=error)
            return
        with self.sessions() as db, db.begin():
            db.execute(update(MailJob).where(MailJob.id == job.id).values(
                lease_until=None, last_error=error,
                next_attempt_at=now + backoff(job.attempts)))

    def _settle(self, job_id: str, **values: object) -> None:
        """Delivered or given up on: the body (and its link) is no longer kept."""
        with self.sessions() as db, db.begin():
            db.execute(update(MailJob).where(MailJob.id == job_id, MailJob.sent_at.is_(None))
                       .values(body=None, lease_until=None, **values))


class MailOutbox:
    """What request handlers use: `queue` in their transaction. With a courier of its
    own (`inline`), a thread delivers right after each commit and every few seconds."""

    POLL_SECONDS = 5.0

    def __init__(self, courier: Courier, *, inline: bool = True) -> None:
        self.courier = courier
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._busy = threading.Lock()  # one claim loop at a time in this process
        self._thread: threading.Thread | None = None
        if inline:
            self._thread = threading.Thread(target=self._run, name="mail-courier", daemon=True)
            self._thread.start()

    def queue(self, db: Session, to: str, subject: str, body: str) -> str:
        """A message, sent once the caller's transaction commits; its job id."""
        job_id = str(uuid.uuid4())
        now = self.courier.clock.now()
        db.add(MailJob(id=job_id, recipient=to, subject=subject[:200],
                       body=self.courier.sealer.seal(job_id, body.encode()),
                       created_at=now, next_attempt_at=now, attempts=0))
        event.listen(db, "after_commit", lambda _session: self._wake.set(), once=True)
        return job_id

    def flush(self) -> None:
        """Deliver what is due now, after whatever this process is sending (tests)."""
        with self._busy:
            self.courier.deliver_due()

    def close(self) -> None:
        """Deliver what is due, then stop the thread."""
        self._stop.set()
        self._wake.set()
        if self._thread is not None:
            self._thread.join(timeout=60)

    def _run(self) -> None:
        while True:
            self._wake.wait(self.POLL_SECONDS)
            self._wake.clear()
            self.deliver_logged()
            if self._stop.is_set():
                return

    def deliver_logged(self) -> None:
        """One round of deliveries; a failure (the database is down) is logged by its
        type and the next round tries again: the thread never dies of it."""
        try:
            with self._busy:
                self.courier.deliver_due()
        except Exception as exc:
            log.error("mail delivery round failed: %s", type(exc).__name__)


def run_worker(courier: Courier, stop: threading.Event, poll_seconds: float = 2.0) -> None:
    """`fieldserver worker`: deliver due mail until `stop` is set."""
    outbox = MailOutbox(courier, inline=False)
    while not stop.is_set():
        outbox.deliver_logged()
        stop.wait(poll_seconds)

