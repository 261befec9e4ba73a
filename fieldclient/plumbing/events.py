"""Plain events the core publishes. The UI's one Qt adapter re-emits them as signals.

Subscribers are called on the publishing thread: a Qt subscriber must hand over to
the GUI thread itself (the adapter does, with a queued signal).
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
    locked: bool  # True when the session was locked rather than ended


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


Event = SignedIn | SignedOut | CredentialsRemoved | DeviceWiped | SyncStatus | ReportsChanged
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
