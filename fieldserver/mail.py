"""How outgoing mail leaves: an outbox folder (the default) or an SMTP server.

Messages are queued in the database first (mail_outbox.py), so a request never waits on
SMTP and forgot-password answers in the same time whether or not the email exists.
Message bodies carry set-password links: they are never logged.
"""

from __future__ import annotations

import os
import smtplib
import ssl
import uuid
from email.message import EmailMessage
from pathlib import Path
from typing import Protocol

DEFAULT_SENDER = "fieldserver <no-reply@fieldserver.invalid>"


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
