"""Sessions starting and ending while sync passes race them: nothing dies, nothing is lost
or doubled (issue 12: a sign-out or lock during a pass killed the sync thread for good)."""

from __future__ import annotations

import random
import threading

import pytest

from fieldclient.plumbing.events import SyncStatus
from fieldclient.signin.device import Device
from tests.client.test_signin import sign_in
from tests.client.test_sync import save
from tests.client.test_sync_runner import runner_for
from tests.helpers import MEDIC
from tests.support.agency import RestartableServer
from tests.support.clock import FakeClock
from tests.support.fault_proxy import FaultProxy

ROUNDS = 200


@pytest.mark.slow
def test_200_rounds_of_sign_in_save_sign_out_and_lock_with_sync_racing(
        device: Device, agency: RestartableServer, clock: FakeClock) -> None:
    proxy = FaultProxy(agency.port, fault_rate=0.5, faults=("delay",))
    proxy.delay = 0.01
    bugs: list[BaseException] = []
    rng = random.Random(12)
    saved: list[str] = []
    try:
        device.set_server_url(proxy.url)
        # Passes as often as they can go: every sign-in, save and timer races the session.
        runner = runner_for(device, clock, bugs, period=0.02, idle_period=0.02,
                            offline_every=0.05, base=0.01, cap=0.05, probe_every=0.02)
        runner.start()
        for _ in range(ROUNDS):
            session = sign_in(device, *MEDIC)
            saved.append(save(session, clock))
            runner.request()
            if rng.random() < 0.5:
                device.lock()
            else:
                device.sign_out()
        assert runner.alive
        session = sign_in(device, *MEDIC)
        done = threading.Event()
        device.events.subscribe(lambda e: done.set() if isinstance(e, SyncStatus)
                                and e.pending == 0 and not e.running else None)
        runner.request()
        assert done.wait(60)
        assert runner.alive
        runner.stop()
        device.sign_out()
    finally:
        proxy.close()
    assert bugs == []
    held = agency.stored_reports()
    revisions = [len(held[report_id].revisions) for report_id in saved if report_id in held]
    assert revisions == [1] * ROUNDS  # each once, one revision each
