"""Plain events the core publishes. The UI's one bridge (ui/bridge/core_events.py)
re-emits each type as a signal on the GUI thread.

Subscribers are called on the publishing thread: a Qt subscriber must hand over to
the GUI thread itself (the bridge does, with queued signals). Who publishes what, and
on which thread, is drawn in docs/architecture.md ("The event spine").
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from dataclasses import dataclass

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class SignedIn:
    user_id: int
    mode: str  # "online" or "offline"


@dataclass(frozen=True)
class SignedOut:
    user_id: int


@dataclass(frozen=True)
class Locked:
    """The session was locked: the store is closed; this user's password reopens it."""

    user_id: int
    email: str


@dataclass(frozen=True)
class CredentialsRemoved:
    user_ids: tuple[int, ...]


@dataclass(frozen=True)
class DeviceWiped:
    reason: str


@dataclass(frozen=True)
class SyncStatus:
    """What the status area shows."""

    pending: int
    running: bool
    last_success: str | None   # RFC 3339
    last_error: str | None     # plain words, never patient data
    needs_online_sign_in: bool = False


@dataclass(frozen=True)
class ReportsChanged:
    """Sync changed the state of these reports (synced, conflict, rejected, pulled)."""

    report_ids: tuple[str, ...]


@dataclass(frozen=True)
class IncidentsChanged:
    """Sync stored new or changed CAD incidents."""

    count: int


ONLINE, OFFLINE, UNTRUSTED, WRONG_SERVER = "online", "offline", "untrusted", "wrong_server"


@dataclass(frozen=True)
class ConnectivityChanged:
    """What our own probe of the agency server found, when it differs from the last time.

    state: ONLINE, OFFLINE, UNTRUSTED (the certificate did not verify: never "offline")
    or WRONG_SERVER (something answered that is not a fieldserver: a captive portal?).
    """

    state: str
    message: str = ""

    @property
    def online(self) -> bool:
        return self.state == ONLINE


Event = (SignedIn | SignedOut | Locked | CredentialsRemoved | DeviceWiped | SyncStatus
         | ReportsChanged | IncidentsChanged | ConnectivityChanged)
EVENT_TYPES: tuple[type, ...] = (SignedIn, SignedOut, Locked, CredentialsRemoved, DeviceWiped,
                                 SyncStatus, ReportsChanged, IncidentsChanged,
                                 ConnectivityChanged)
Subscriber = Callable[[Event], None]


class EventBus:
    def __init__(self) -> None:
        self._subscribers: list[Subscriber] = []
        self._lock = threading.Lock()

    def subscribe(self, subscriber: Subscriber) -> Callable[[], None]:
        with self._lock:
            self._subscribers.append(subscriber)
        return lambda: self._unsubscribe(subscriber)

    def _unsubscribe(self, subscriber: Subscriber) -> None:
        with self._lock:
            self._subscribers.remove(subscriber)

    def publish(self, event: Event) -> None:
        with self._lock:
            subscribers = list(self._subscribers)
        for subscriber in subscribers:
            try:
                subscriber(event)
            except Exception:  # one broken listener must not stop the core
                log.exception("event subscriber failed on %s", type(event).__name__)
