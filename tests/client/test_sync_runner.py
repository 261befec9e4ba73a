"""The sync thread: triggers, backoff, probing while offline, and a loop that cannot die."""

from __future__ import annotations

import random
import threading
from typing import Any

from fieldclient.plumbing.api import Reachability
from fieldclient.plumbing.events import ConnectivityChanged, SyncStatus
from fieldclient.signin.device import Device
from fieldclient.sync.engine import Outcome, SyncEngine
from fieldclient.sync.runner import UNEXPECTED, SyncRunner
from fieldclient.sync.runner import runner_for as wire
from tests.client.conftest import OpenDevice
from tests.client.test_signin import sign_in
from tests.client.test_sync import on_server, save
from tests.helpers import MEDIC
from tests.support.agency import RestartableServer
from tests.support.clock import FakeClock
from tests.support.fault_proxy import FaultProxy


def runner_for(device: Device, clock: FakeClock, bugs: list[BaseException] | None = None,
               **options: Any) -> SyncRunner:
    """Wired as the app wires it (fieldclient.sync.runner.runner_for)."""
    assert device.clock is clock
    return wire(device, on_bug=bugs.append if bugs is not None else None, **options)


def wait_for(device: Device, kind: type, accept: Any = lambda _e: True) -> threading.Event:
    done = threading.Event()
    device.events.subscribe(lambda e: done.set() if isinstance(e, kind) and accept(e)
                            else None)
    return done


def wait_for_status(device: Device, accept: Any) -> threading.Event:
    return wait_for(device, SyncStatus, accept)


def all_synced(status: SyncStatus) -> bool:
    return status.pending == 0 and not status.running


def test_a_queue_left_pending_syncs_after_restart_and_sign_in(
    device: Device, agency: RestartableServer, open_device: OpenDevice, clock: FakeClock
) -> None:
    sign_in(device, *MEDIC)
    device.sign_out()
    agency.stop()
    session = sign_in(device, *MEDIC)
    waiting = [save(session, clock) for _ in range(3)]
    device.sign_out()  # the app closes with three reports not synced
    agency.start()
    restarted = open_device(device.paths.data_dir)
    synced = wait_for_status(restarted, all_synced)
    runner = runner_for(restarted, clock)
    sign_in(restarted, *MEDIC)
    runner.start()  # app start: no user action beyond signing in
    try:
        assert synced.wait(30)
    finally:
        runner.stop()
    assert all(on_server(agency, r) is not None for r in waiting)


def test_sync_resumes_when_the_server_comes_back(
    device: Device, agency: RestartableServer, clock: FakeClock
) -> None:
    sign_in(device, *MEDIC)
    device.sign_out()
    agency.stop()
    session = sign_in(device, *MEDIC)
    report_id = save(session, clock)
    offline = wait_for(device, ConnectivityChanged, lambda e: e.state == "offline")
    online = wait_for(device, ConnectivityChanged, lambda e: e.online)
    synced = wait_for_status(device, all_synced)
    runner = runner_for(device, clock, offline_every=0.2)
    runner.start()
    try:
        assert offline.wait(30)
        agency.start()  # nobody tells the runner: its probe notices
        assert online.wait(30)
        assert synced.wait(30)
    finally:
        runner.stop()
    assert on_server(agency, report_id) is not None


def test_while_offline_it_probes_every_ten_seconds_at_most() -> None:
    runner = SyncRunner(lambda _c: None, lambda: Reachability.OFFLINE, _Bus(),
                        rng=random.Random(3))
    delays = [runner.next_delay(Outcome(ok=False, offline=True)) for _ in range(50)]
    assert all(5 <= d <= 10 for d in delays)  # jittered, never the 5-minute backoff cap
    assert len(set(delays)) > 40


def test_backoff_is_full_jitter_capped_and_honours_retry_after() -> None:
    runner = SyncRunner(lambda _c: None, lambda: Reachability.OFFLINE, _Bus(), base=1,
                        cap=300, rng=random.Random(1))
    delays = [runner.next_delay(Outcome(ok=False)) for _ in range(12)]
    assert all(0 <= d <= min(300, 2 ** (i + 1)) for i, d in enumerate(delays))
    assert max(delays[8:]) > 10  # it does grow
    assert runner.next_delay(Outcome(ok=False, retry_after=120)) >= 120
    periodic = runner.next_delay(Outcome(ok=True))
    assert 240 <= periodic <= 360
    assert runner.next_delay(Outcome(ok=False)) <= 2  # success reset the backoff


def test_a_bug_in_a_pass_is_shown_reported_and_the_loop_goes_on(
    device: Device, agency: RestartableServer, clock: FakeClock
) -> None:
    session = sign_in(device, *MEDIC)
    save(session, clock)
    calls = {"n": 0}

    class Flaky(SyncEngine):
        def run(self) -> Outcome:
            calls["n"] += 1
            if calls["n"] == 1:
                raise RuntimeError("a bug")
            return super().run()

    shown = wait_for_status(device, lambda s: s.last_error == UNEXPECTED)
    synced = wait_for_status(device, lambda s: s.pending == 0 and s.last_error is None)
    bugs: list[BaseException] = []
    runner = SyncRunner(lambda cancelled: Flaky(session, clock, device.events),
                        device.probe, device.events, on_bug=bugs.append, base=0.01, cap=0.05)
    runner.start()
    try:
        assert shown.wait(30)
        assert synced.wait(30)
        assert runner.alive
    finally:
        runner.stop()
    assert [type(b) for b in bugs] == [RuntimeError]


def test_a_bug_outside_the_engine_does_not_kill_the_thread_either(
    device: Device, clock: FakeClock
) -> None:
    probes = {"n": 0}

    def probe() -> Reachability:
        probes["n"] += 1
        if probes["n"] == 1:
            raise KeyError("a bug in the probe")
        return Reachability.ONLINE

    bugs: list[BaseException] = []
    runner = SyncRunner(lambda _c: None, probe, device.events, on_bug=bugs.append,
                        base=0.01, cap=0.02, idle_period=0.05)
    runner.start()
    try:
        deadline = threading.Event()
        for _ in range(200):
            if probes["n"] >= 3:
                break
            deadline.wait(0.05)
        assert probes["n"] >= 3 and runner.alive
    finally:
        runner.stop()
    assert [type(b) for b in bugs] == [KeyError]


def test_sign_out_during_a_pass_then_sign_in_again_still_syncs(
    device: Device, agency: RestartableServer, clock: FakeClock
) -> None:
    """Issue 12, finding 1: a sign-out closing the store mid-pass killed the sync thread
    (StoreClosed escaped the engine's own error handler), and nothing synced again."""
    proxy = FaultProxy(agency.port)
    bugs: list[BaseException] = []
    try:
        device.set_server_url(proxy.url)
        session = sign_in(device, *MEDIC)
        first = save(session, clock)
        runner = runner_for(device, clock, bugs, offline_every=0.2)
        runner.end_wait = 0.5  # the sign-out below outwaits a hung request
        proxy.gate.clear()     # the pass's requests hang on the network
        runner.start()
        _wait_until(lambda: runner.passes >= 1)
        device.sign_out()      # the store closes while the pass waits for an answer
        proxy.gate.set()
        session = sign_in(device, *MEDIC)
        second = save(session, clock)
        synced = wait_for_status(device, all_synced)
        runner.request()
        assert synced.wait(30)
        assert runner.alive
        runner.stop()
    finally:
        proxy.close()
    assert bugs == []
    assert on_server(agency, first) is not None and on_server(agency, second) is not None


def test_lock_waits_for_the_pass_to_reach_its_next_step(
    device: Device, agency: RestartableServer, clock: FakeClock
) -> None:
    """A pass in progress stops at its next step before the store closes."""
    session = sign_in(device, *MEDIC)
    for _ in range(3):
        save(session, clock)
    steps: list[str] = []
    in_pass, release = threading.Event(), threading.Event()

    class Slow(SyncEngine):
        def _push(self) -> None:
            in_pass.set()
            release.wait(30)
            steps.append("push finished")
            super()._push()

    def engine_for(cancelled: Any) -> SyncEngine | None:
        now = device.session
        return None if now is None else Slow(now, clock, device.events, cancelled=cancelled)

    runner = SyncRunner(engine_for, device.probe, device.events)
    device.guard_session_end(runner.end_session)
    runner.start()
    try:
        assert in_pass.wait(30)
        locker = threading.Thread(target=device.lock)
        locker.start()
        _wait_until(lambda: runner._cancel.is_set())
        assert device.session is session  # not closed while the pass holds it
        release.set()
        locker.join(30)
        assert device.session is None and steps and set(steps) == {"push finished"}
        assert runner.alive
        assert session.store.db._closed
        runner.stop()
        # Stopped at its next step: nothing was claimed for upload after the lock began.
        again = sign_in(device, *MEDIC)
        states = {r for (r,) in again.store.db.query("SELECT sync_state FROM reports")}
        assert states == {"not_synced"}
    finally:
        release.set()
        runner.stop()


class _Bus:
    def publish(self, event: Any) -> None:
        pass


def _wait_until(condition: Any, seconds: float = 30) -> None:
    pause = threading.Event()
    for _ in range(int(seconds / 0.02)):
        if condition():
            return
        pause.wait(0.02)
    raise AssertionError("condition not met in time")
