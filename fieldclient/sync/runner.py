"""Runs sync passes on one background thread, whenever something says it should.

Triggers (the lesson of Collect, PouchDB and PowerSync: a missing trigger means sync
silently never resumes): `request()` after every local save, at sign-in, at app start
and when the OS says the network changed; our own health probe, every ≤ 10 s (with
jitter) while the server cannot be reached, so a returning network is noticed at once;
a full-jitter exponential backoff after server errors (never sooner than Retry-After);
a jittered periodic timer; and, between passes, a probe every 30 s, so the status line
follows a network that drops.

The loop cannot die: a bug inside a pass is logged (type and stack, no PHI), shown in
the status line, handed to `on_bug`, and the loop goes on. A session that ends during
a pass (sign-out, lock, wipe) is not an error: `end_session` lets the pass stop at its
next step before the store closes.
"""

from __future__ import annotations

import logging
import random
import threading
import time
import traceback
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from fieldclient.plumbing.api import Reachability
from fieldclient.plumbing.errors import StoreClosed, TlsError
from fieldclient.plumbing.events import (
    OFFLINE,
    ONLINE,
    UNTRUSTED,
    WRONG_SERVER,
    ConnectivityChanged,
    EventBus,
)
from fieldclient.sync.engine import Outcome, PassCancelled, SyncEngine

if TYPE_CHECKING:
    from fieldclient.signin.device import Device

log = logging.getLogger(__name__)

UNEXPECTED = "Sync hit an unexpected problem and will try again. If it keeps happening, " \
             "tell support."
WRONG_SERVER_MESSAGE = ("Something answered at the agency server's address, but it is not "
                        "the agency server (a Wi-Fi sign-in page?).")
STATES = {Reachability.ONLINE: ONLINE, Reachability.OFFLINE: OFFLINE,
          Reachability.WRONG_SERVER: WRONG_SERVER}
END_WAIT = 5.0  # seconds a sign-out waits, at most, for a pass to reach its next step


class SyncRunner:
    def __init__(self, engine_for: Callable[[Callable[[], bool]], SyncEngine | None],
                 probe: Callable[[], Reachability], events: EventBus, *,
                 on_bug: Callable[[BaseException], None] | None = None,
                 period: float = 300.0, idle_period: float = 60.0, offline_every: float = 10.0,
                 probe_every: float = 30.0,
                 base: float = 1.0, cap: float = 300.0,
                 rng: random.Random | None = None) -> None:
        # engine_for(cancelled): the signed-in session's engine, or None
        self._engine_for = engine_for
        self._probe = probe
        self._events = events
        self._on_bug = on_bug or (lambda _exc: None)
        self.period, self.idle_period, self.offline_every = period, idle_period, offline_every
        self.probe_every = probe_every  # between passes, to notice a dropped network
        self.base, self.cap = base, cap
        self.end_wait = END_WAIT
        self._rng = rng or random.Random()  # noqa: S311  (jitter, not secrets)
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._cancel = threading.Event()
        # Held for a whole pass; RLock: a wipe from inside a pass (credential check) goes on.
        self._pass_lock = threading.RLock()
        self._failures = 0
        self._connectivity: ConnectivityChanged | None = None
        self.passes = 0
        self._thread = threading.Thread(target=self._loop, name="fieldclient-sync",
                                        daemon=True)

    # --- control (any thread) ------------------------------------------------------------
    def start(self) -> None:
        self._thread.start()
        self.request()  # app start

    def request(self) -> None:
        """Sync soon: a report was saved, someone signed in, the network may be back."""
        self._wake.set()

    def stop(self, timeout: float = 30.0) -> None:
        self._stop.set()
        self._cancel.set()
        self._wake.set()
        if self._thread.is_alive():
            self._thread.join(timeout)

    @property
    def alive(self) -> bool:
        return self._thread.is_alive()

    def end_session(self, close: Callable[[], None]) -> None:
        """Close the session's store once no pass uses it: a running pass stops at its next
        step. Should a request hang past `end_wait`, the store closes anyway; the pass then
        meets a closed store, which only means the session ended, and every upload without
        an answer is resent byte for byte next time (idempotent on the server)."""
        self._cancel.set()
        acquired = self._pass_lock.acquire(timeout=self.end_wait)
        try:
            close()
        finally:
            self._cancel.clear()
            if acquired:
                self._pass_lock.release()

    # --- the loop (sync thread) ---------------------------------------------------------
    def _loop(self) -> None:
        next_pass = time.monotonic()
        while not self._stop.is_set():
            woken = self._wake.wait(max(0.0, min(next_pass - time.monotonic(),
                                                 self.probe_every)))
            self._wake.clear()
            if self._stop.is_set():
                return
            try:
                if woken or time.monotonic() >= next_pass:
                    next_pass = time.monotonic() + self._pass()
                elif self._network_came_back():
                    next_pass = time.monotonic()  # push at once: the network is back
            except BaseException as exc:  # the loop must outlive any bug
                next_pass = time.monotonic() + self._bug(exc)

    def _network_came_back(self) -> bool:
        """Between passes, a probe only: the status line follows a dropped network."""
        was_online = self._connectivity is not None and self._connectivity.online
        return self._check_network().online and not was_online

    def _pass(self) -> float:
        if self._cancel.is_set():
            return 0.05  # a session is ending: let it close first, then look again
        with self._pass_lock:
            self.passes += 1
            connectivity = self._check_network()
            engine = self._engine_for(self._cancel.is_set)
            if engine is None:  # nobody signed in: the data key is not in memory
                return self._idle_delay(connectivity)
            try:
                if not connectivity.online:
                    engine.show_status()  # what waits to sync, while nothing can
                    return self.next_delay(Outcome(ok=False, offline=True))
                return self.next_delay(engine.run())
            except (StoreClosed, PassCancelled):
                return self._idle_delay(connectivity)  # the session ended: not an error
            except Exception:
                engine.show_problem(UNEXPECTED)  # in the status line; _bug does the rest
                raise

    def _check_network(self) -> ConnectivityChanged:
        try:
            reach = self._probe()
        except TlsError as exc:
            now = ConnectivityChanged(UNTRUSTED, str(exc))
        else:
            now = ConnectivityChanged(STATES[reach], WRONG_SERVER_MESSAGE
                                      if reach is Reachability.WRONG_SERVER else "")
        if now != self._connectivity:
            self._connectivity = now
            self._events.publish(now)
        return now

    def _bug(self, exc: BaseException) -> float:
        # Type and stack only: an exception's message can quote data.
        log.error("sync pass failed: %s\n%s", type(exc).__name__,
                  "".join(traceback.format_tb(exc.__traceback__)))
        self._failures += 1
        try:
            self._on_bug(exc)
        except Exception:
            log.exception("the bug handler failed")
        return self._backoff()

    # --- timing -----------------------------------------------------------------------------
    def _idle_delay(self, connectivity: ConnectivityChanged) -> float:
        return self.idle_period if connectivity.online else self._offline_delay()

    def _offline_delay(self) -> float:
        return self.offline_every * self._rng.uniform(0.5, 1.0)

    def _backoff(self) -> float:
        return self._rng.uniform(0, min(self.cap, self.base * 2 ** min(self._failures, 30)))

    def next_delay(self, outcome: Outcome) -> float:
        if outcome.ok:
            self._failures = 0
            return self.period * self._rng.uniform(0.8, 1.2)
        if outcome.needs_online_sign_in:
            return self.period  # a sign-in will request() again
        if outcome.offline:  # probe again soon: the first push follows the network's return
            return max(self._offline_delay(), outcome.retry_after or 0.0)
        self._failures += 1
        return max(self._backoff(), outcome.retry_after or 0.0)


def runner_for(device: Device, *, on_bug: Callable[[BaseException], None] | None = None,
               **options: Any) -> SyncRunner:
    """The sync thread for a device, wired once for the app, the tests and the benchmarks:
    passes run on the signed-in session; sign-out, lock and wipe close the store through
    the runner; a sign-in asks for a pass."""
    from fieldclient.plumbing.events import SignedIn

    def engine_for(cancelled: Callable[[], bool]) -> SyncEngine | None:
        session = device.session
        return None if session is None else SyncEngine(
            session, device.clock, device.events, after_contact=device.check_credentials,
            cancelled=cancelled)

    runner = SyncRunner(engine_for, device.probe, device.events, on_bug=on_bug, **options)
    device.guard_session_end(runner.end_session)
    device.events.subscribe(lambda event: runner.request()
                            if isinstance(event, SignedIn) else None)
    return runner
