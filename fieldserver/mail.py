"""Outgoing mail: an outbox folder (the default) or an SMTP server.

Messages are handed to a background sender so that a request never waits on
SMTP, and so forgot-password answers in the same time whether or not the email
exists. Message bodies carry set-password links: they are never logged.
"""

from __future__ import annotations

import logging
import os
import queue
import smtplib
import ssl
import threading
import time
import uuid
from email.message import EmailMessage
from pathlib import Path
from typing import Protocol

log = logging.getLogger(__name__)


class Transport(Protocol):
    def deliver(self, message: EmailMessage) -> None: ...

    def describe(self) -> str: ...


class OutboxTransport:
    """Writes each message as an .eml file, owner-only, atomically."""

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        directory.mkdir(parents=True, exist_ok=True, mode=0o700)

    def deliver(self, message: EmailMessage) -> None:
        name = f"{uuid.uuid4().hex}.eml"
        tmp = self.directory / f".{name}.tmp"
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as out:
            out.write(message.as_bytes())
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, self.directory / name)

    def describe(self) -> str:
        return f"outbox folder {self.directory}"


class StartTlsMissing(smtplib.SMTPException):
    """The SMTP server did not offer STARTTLS (or a man in the middle removed it)."""


class SmtpTransport:
    """SMTP with STARTTLS, its certificate verified against the system's trust store.

    STARTTLS is required: a server that does not offer it (or an attacker on the path
    who strips the offer) gets no message, since the messages carry set-password links.
    `insecure=True` (`--smtp-insecure`) sends in clear where STARTTLS is missing; it is
    meant only for a test server on loopback.
    """

    def __init__(self, host: str, port: int, *, insecure: bool = False) -> None:
        self.host = host
        self.port = port
        self.insecure = insecure

    def deliver(self, message: EmailMessage) -> None:
        with smtplib.SMTP(self.host, self.port, timeout=30) as smtp:
            smtp.ehlo()
            if smtp.has_extn("starttls"):
                smtp.starttls(context=ssl.create_default_context())
                smtp.ehlo()
            elif not self.insecure:
                raise StartTlsMissing("the SMTP server offered no STARTTLS")
            smtp.send_message(message)

    def describe(self) -> str:
        return f"SMTP {self.host}:{self.port}" + (" (insecure: no STARTTLS required)"
                                                   if self.insecure else "")


class MailQueue:
    """A single background thread that delivers queued messages, retrying briefly."""

    ATTEMPTS = 3

    def __init__(self, transport: Transport, sender: str) -> None:
        self.transport = transport
        self.sender = sender
        self._queue: queue.Queue[EmailMessage | None] = queue.Queue()
        self._thread = threading.Thread(target=self._run, name="mail-sender", daemon=True)
        self._thread.start()

    def send(self, to: str, subject: str, body: str) -> None:
        message = EmailMessage()
        message["From"] = self.sender
        message["To"] = to
        message["Subject"] = subject
        message.set_content(body)
        self._queue.put(message)

    def flush(self) -> None:
        """Block until every message queued so far was delivered or given up on."""
        self._queue.join()

    def close(self) -> None:
        """Deliver what is queued, then stop."""
        self._queue.put(None)
        self._thread.join(timeout=60)

    def _run(self) -> None:
        while True:
            message = self._queue.get()
            try:
                if message is None:
                    return
                self._deliver(message)
            finally:
                self._queue.task_done()

    def _deliver(self, message: EmailMessage) -> None:
        for attempt in range(1, self.ATTEMPTS + 1):
            try:
                self.transport.deliver(message)
                return
            except (OSError, smtplib.SMTPException) as exc:
                log.warning(
                    "mail delivery attempt %d via %s failed: %s",
                    attempt, self.transport.describe(), type(exc).__name__,
                )
                time.sleep(attempt)
        log.error("gave up delivering a message via %s", self.transport.describe())
