"""Runs sync passes on one background thread, whenever something says it should.

Triggers (the lesson of Collect, PouchDB and PowerSync: a missing trigger means sync
silently never resumes): `request()` after every local save, at sign-in and at app
start; our own health probe after every failure, on a full-jitter exponential backoff
(base 1 s, cap 5 min, never sooner than the server's Retry-After), which notices the
network coming back; and a jittered periodic timer. An unexpected error is logged,
shown in the status, and the thread keeps going.
"""

from __future__ import annotations

import logging
import random
import threading
from collections.abc import Callable

from fieldclient.plumbing.api import Reachability
from fieldclient.sync.engine import Outcome, SyncEngine

log = logging.getLogger(__name__)

UNEXPECTED = "Sync hit an unexpected problem and will try again. If it keeps happening, " \
             "tell support."


class SyncRunner:
    def __init__(self, engine_for: Callable[[], SyncEngine | None],
                 probe: Callable[[], Reachability], *, period: float = 300.0,
                 base: float = 1.0, cap: float = 300.0,
                 rng: random.Random | None = None) -> None:
        self._engine_for = engine_for  # the signed-in session's engine, or None
        self._probe = probe
        self.period, self.base, self.cap = period, base, cap
        self._rng = rng or random.Random()  # noqa: S311  (jitter, not secrets)
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._failures = 0
        self.passes = 0
        self._thread = threading.Thread(target=self._loop, name="fieldclient-sync",
                                        daemon=True)

    def start(self) -> None:
        self._thread.start()
        self.request()  # app start

    def request(self) -> None:
        """Sync soon: a report was saved, someone signed in, the network may be back."""
        self._wake.set()

    def stop(self, timeout: float = 30.0) -> None:
        self._stop.set()
        self._wake.set()
        if self._thread.is_alive():
            self._thread.join(timeout)

    def _loop(self) -> None:
        delay = 0.0
        while not self._stop.is_set():
            self._wake.wait(delay)
            self._wake.clear()
            if self._stop.is_set():
                return
            delay = self._pass()

    def _pass(self) -> float:
        engine = self._engine_for()
        if engine is None:
            return self.period  # nobody signed in: the data key is not in memory
        self.passes += 1
        try:
            online = self._probe() is Reachability.ONLINE
            outcome = engine.run() if online else Outcome(ok=False)
        except Exception:  # a bug: log it, show it, keep the worker alive
            log.exception("sync pass failed")
            engine.outbox.set_meta("last_error", UNEXPECTED)
            engine.events.publish(engine.status())
            outcome = Outcome(ok=False)
        return self.next_delay(outcome)

    def next_delay(self, outcome: Outcome) -> float:
        if outcome.ok:
            self._failures = 0
            return self.period * self._rng.uniform(0.8, 1.2)
        if outcome.needs_online_sign_in:
            return self.period  # a sign-in will request() again
        self._failures += 1
        delay = self._rng.uniform(0, min(self.cap, self.base * 2 ** self._failures))
        return max(delay, outcome.retry_after or 0.0)
