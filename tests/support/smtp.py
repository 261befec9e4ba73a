"""A real SMTP server on loopback (aiosmtpd) that collects what it receives."""

from __future__ import annotations

import email
import email.policy
import socket
import threading
from collections.abc import Callable
from email.message import EmailMessage
from typing import Any

from aiosmtpd.controller import Controller


class Inbox:
    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self._changed = threading.Condition()

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        message = email.message_from_bytes(envelope.content, policy=email.policy.default)
        with self._changed:
            self.messages.append(message)  # type: ignore[arg-type]
            self._changed.notify_all()
        return "250 OK"

    def wait_for(self, to: str, timeout: float = 10.0,
                 where: Callable[[EmailMessage], bool] = lambda m: True) -> EmailMessage:
        """The first message to `to` that matches; waits on delivery, not on a sleep."""
        def found() -> EmailMessage | None:
            return next((m for m in self.messages if m["To"] == to and where(m)), None)

        with self._changed:
            if not self._changed.wait_for(lambda: found() is not None, timeout):
                raise AssertionError(f"no mail to {to} within {timeout} s")
            message = found()
            assert message is not None
            return message

    def to(self, address: str) -> list[EmailMessage]:
        with self._changed:
            return [m for m in self.messages if m["To"] == address]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port: int = s.getsockname()[1]
        return port


class SmtpServer:
    def __init__(self) -> None:
        self.inbox = Inbox()
        self.host = "127.0.0.1"
        self.port = free_port()
        self._controller = Controller(self.inbox, hostname=self.host, port=self.port)

    def __enter__(self) -> SmtpServer:
        self._controller.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._controller.stop()
