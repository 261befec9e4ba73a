"""A clock the tests can move. It starts at real time, so TOTP codes line up."""

from __future__ import annotations

import threading
from datetime import UTC, datetime, timedelta


class FakeClock:
    def __init__(self, start: datetime | None = None) -> None:
        self._now = start or datetime.now(UTC)
        self._passed = 0.0
        self._lock = threading.Lock()

    def now(self) -> datetime:
        with self._lock:
            return self._now

    def monotonic(self) -> float:
        with self._lock:
            return self._passed

    def advance(self, **delta: float) -> None:
        """Time passes (forward), or the wall clock is set back (a negative delta: no time
        passes for `monotonic`)."""
        step = timedelta(**delta)
        with self._lock:
            self._now += step
            self._passed += max(0.0, step.total_seconds())
