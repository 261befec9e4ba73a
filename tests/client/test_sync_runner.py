"""Triggers, backoff and the Qt bridge: sync resumes by itself."""

from __future__ import annotations

import random
import threading
import uuid
from typing import Any

from fieldclient.plumbing.api import Reachability
from fieldclient.plumbing.events import SyncStatus
from fieldclient.signin.device import Device
from fieldclient.sync.engine import Outcome, SyncEngine
from fieldclient.sync.qt_worker import SyncBridge
from fieldclient.sync.runner import UNEXPECTED, SyncRunner
from tests.client.conftest import OpenDevice
from tests.client.test_signin import sign_in
from tests.client.test_sync import on_server, save
from tests.helpers import MEDIC
from tests.support.agency import RestartableServer
from tests.support.clock import FakeClock


def runner_for(device: Device, clock: FakeClock, **options: Any) -> SyncRunner:
    def engine_for() -> SyncEngine | None:
        session = device.session
        return None if session is None else SyncEngine(session, clock, device.events)
    return SyncRunner(engine_for, device.probe, **options)


def wait_for_status(device: Device, accept: Any) -> threading.Event:
    done = threading.Event()
    device.events.subscribe(lambda e: done.set() if isinstance(e, SyncStatus) and accept(e)
                            else None)
    return done


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
    all_synced = wait_for_status(restarted, lambda s: s.pending == 0 and not s.running)
    runner = runner_for(restarted, clock)
    sign_in(restarted, *MEDIC)
    runner.start()  # app start: no user action beyond signing in
    try:
        assert all_synced.wait(30)
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
    synced = wait_for_status(device, lambda s: s.pending == 0 and not s.running)
    runner = runner_for(device, clock, base=0.05, cap=0.2)
    runner.start()
    try:
        agency.start()  # nobody tells the runner: its probe notices
        assert synced.wait(30)
        assert runner.passes >= 1
    finally:
        runner.stop()
    assert on_server(agency, report_id) is not None


def test_backoff_is_full_jitter_capped_and_honours_retry_after() -> None:
    runner = SyncRunner(lambda: None, lambda: Reachability.OFFLINE, base=1, cap=300,
                        rng=random.Random(1))
    delays = [runner.next_delay(Outcome(ok=False)) for _ in range(12)]
    assert all(0 <= d <= min(300, 2 ** (i + 1)) for i, d in enumerate(delays))
    assert max(delays[8:]) > 10  # it does grow
    assert runner.next_delay(Outcome(ok=False, retry_after=120)) >= 120
    periodic = runner.next_delay(Outcome(ok=True))
    assert 240 <= periodic <= 360
    assert runner.next_delay(Outcome(ok=False)) <= 2  # success reset the backoff


def test_an_unexpected_error_is_shown_and_the_worker_keeps_going(
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
    runner = SyncRunner(lambda: Flaky(session, clock, device.events), device.probe,
                        base=0.01, cap=0.05)
    runner.start()
    try:
        assert shown.wait(30)
        assert synced.wait(30)
    finally:
        runner.stop()


def test_qt_bridge_delivers_status_on_the_gui_thread(
    device: Device, agency: RestartableServer, clock: FakeClock, qtbot: Any
) -> None:
    from PySide6.QtCore import QThread

    session = sign_in(device, *MEDIC)
    save(session, clock, str(uuid.uuid4()))
    runner = runner_for(device, clock)
    bridge = SyncBridge(device.events, runner)
    threads: list[Any] = []
    bridge.statusChanged.connect(lambda _s: threads.append(QThread.currentThread()))
    try:
        with qtbot.waitSignal(bridge.statusChanged, timeout=30000,
                              check_params_cb=lambda s: s.pending == 0 and not s.running):
            runner.start()
    finally:
        runner.stop()
        bridge.close()
    assert threads and all(t is bridge.thread() for t in threads)
