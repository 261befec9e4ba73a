"""Send to destination: the handoff PDF, made here, goes to the server, which emails the
destination facility a single-use, time-limited link to it (docs/protocol.md, "Send to
destination"). Online only: offline, the crew prints it or saves it as a PDF."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime

from fieldclient.plumbing.errors import ApiRefusal, FieldClientError
from fieldclient.signin.session import Session

NEEDS_NETWORK = ("Send to destination needs the network. Print the report or save it as "
                 "a PDF instead.")
NOT_ON_SERVER = ("This report has not reached the server yet. It is sent when it has "
                 "synced; until then, print it or save it as a PDF.")


class CannotSend(FieldClientError):
    """Offline, or no address to send to: nothing was sent."""


@dataclass(frozen=True)
class Destination:
    name: str
    email: str | None  # the agency's handoff address for that facility, if it keeps one


@dataclass(frozen=True)
class Sent:
    recipient: str
    expires_at: datetime


@contextmanager
def _held_by_the_server() -> Iterator[None]:
    """A report saved here but not uploaded yet is no report to the server (404)."""
    try:
        yield
    except ApiRefusal as refused:
        if refused.status == 404:
            raise CannotSend(NOT_ON_SERVER) from None
        raise


def looks_like_an_address(text: str) -> bool:
    """What the device can tell before asking the server (which checks it properly)."""
    local, at, domain = text.strip().rpartition("@")
    return bool(at and local and "." in domain.strip(".") and " " not in text.strip())


def destination(session: Session, report_id: str) -> Destination:
    if session.offline:
        raise CannotSend(NEEDS_NETWORK)
    path = f"/api/v1/reports/{report_id}/destination"
    with _held_by_the_server():
        found = session.authorized(lambda token: session.api.call("GET", path, token))
    return Destination(str(found.get("name") or ""), found.get("email"))


def send(session: Session, report_id: str, to: str, pdf: bytes) -> Sent:
    if session.offline:
        raise CannotSend(NEEDS_NETWORK)
    if not looks_like_an_address(to):
        raise CannotSend("Enter the facility's email address, like ed@hospital.org.")
    params = {"report_id": report_id, "to": to.strip()}
    with _held_by_the_server():
        answer = session.authorized(lambda token: session.api.send_bytes(
            "POST", "/api/v1/handoff-links", token, pdf, "application/pdf", params))
    return Sent(str(answer["recipient"]), datetime.fromisoformat(answer["expires_at"]))
