"""Killed at random points during saves and sync (SIGKILL; on Windows, TerminateProcess):
nothing saved is lost, nothing doubled."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
import time
from pathlib import Path

import pytest

from fieldclient.signin.device import Device
from fieldclient.sync.engine import SyncEngine
from tests.client.test_signin import sign_in
from tests.helpers import MEDIC
from tests.support.agency import RestartableServer
from tests.support.clock import FakeClock
from tests.support.crash_child import content
from tests.support.keyring import MemoryKeyring

ROOT = Path(__file__).resolve().parents[2]
TRIALS = int(os.environ.get("FIELDCLIENT_CRASH_TRIALS", "100"))


def run_and_kill(data_dir: Path, keyring: MemoryKeyring, mode: str, seed: int,
                 rng: random.Random) -> dict[str, int]:
    """Start a child, let it work a random while, kill it; return what it promised."""
    child = subprocess.Popen(
        [sys.executable, "-m", "tests.support.crash_child", str(data_dir), mode, str(seed)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
        cwd=ROOT)
    assert child.stdin is not None and child.stdout is not None
    child.stdin.write(json.dumps([[s, n, v] for (s, n), v in keyring.entries.items()]))
    child.stdin.close()
    lines_before_kill = rng.randint(1, 40)
    promised: dict[str, int] = {}
    killed = False
    for count, line in enumerate(child.stdout):  # after the kill: what is left in the pipe
        if line.startswith("saved "):
            _, report_id, revision = line.split()
            promised[report_id] = int(revision)
        if count >= lines_before_kill and not killed:
            time.sleep(rng.uniform(0, 0.01))  # land anywhere in the next operation
            child.kill()  # SIGKILL, or TerminateProcess: no chance to clean up
            killed = True
    child.wait(timeout=30)
    child.stdout.close()
    return promised


@pytest.mark.slow
def test_kill_during_saves_and_sync_loses_and_doubles_nothing(
    device: Device, agency: RestartableServer, keyring_backend: MemoryKeyring,
    clock: FakeClock
) -> None:
    sign_in(device, *MEDIC)
    device.sign_out()
    rng = random.Random(2026)
    promised: dict[str, int] = {}
    for trial in range(TRIALS):
        mode = "sync" if trial % 2 else "save"
        for report_id, revision in run_and_kill(device.paths.data_dir, keyring_backend, mode,
                                                trial, rng).items():
            promised[report_id] = max(revision, promised.get(report_id, 0))
    assert len(promised) > TRIALS

    session = sign_in(device, *MEDIC)
    for report_id, revision in promised.items():
        report = session.store.report(report_id)
        assert report is not None, "a saved report was lost"
        # A kill between commit and print leaves newer revisions than were promised.
        assert report.local_revision >= revision
        assert report.data == content(report_id, report.local_revision)
    engine = SyncEngine(session, clock, device.events)
    assert engine.run().ok and engine.outbox.pending_count() == 0

    server = agency.stored_reports()
    assert set(server) >= set(promised)
    for report_id, report in server.items():
        local = session.store.report(report_id)
        assert local is not None and report.data == local.data
        datas = [json.dumps(data, sort_keys=True) for data in report.revisions]
        assert len(datas) == len(set(datas)), "the server holds a duplicate revision"
