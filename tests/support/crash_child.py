"""A client process for the crash test: saves or syncs until it is killed.

Reads the parent's keyring entries (JSON) on stdin. Prints `saved <id> <revision>` only
after a save has committed, so every printed line is a promise the store must keep.
"""

from __future__ import annotations

import json
import random
import sys
import uuid
from datetime import UTC, datetime
from pathlib import Path

from fieldclient.plumbing.clock import SystemClock
from fieldclient.signin.device import Device
from fieldclient.signin.session import Session
from fieldclient.storage.crypto import KdfParams
from fieldclient.sync.engine import SyncEngine
from tests.support.keyring import MemoryKeyring

MEDIC = ("medic@demo.local", "Demo-Medic-2026!")


def content(report_id: str, revision: int) -> dict[str, str]:
    return {"eNarrative.01": f"{report_id} revision {revision}", "ePatient.02": "Crashtest"}


def main(data_dir: str, mode: str, seed: int) -> None:
    keyring = MemoryKeyring()
    for service, name, value in json.load(sys.stdin):
        keyring.set_password(service, name, value)
    device = Device.open(Path(data_dir), keyring=keyring,
                         kdf=KdfParams(memory_kib=1024, time_cost=1, parallelism=1))
    session = device.sign_in(*MEDIC)
    assert isinstance(session, Session)
    rng = random.Random(seed)
    known: list[tuple[str, int]] = [(r[0], r[1]) for r in session.store.db.query(
        "SELECT id, local_revision FROM reports")]
    print("ready", flush=True)
    engine = SyncEngine(session, SystemClock(), device.events, batch_size=5)
    for _ in range(10_000):
        if mode == "sync" and rng.random() < 0.5:
            engine.run()
            print("synced", flush=True)
            continue
        if known and rng.random() < 0.3:
            index = rng.randrange(len(known))
            report_id, revision = known[index][0], known[index][1] + 1
        else:
            report_id, revision, index = str(uuid.uuid4()), 1, len(known)
            known.append((report_id, 0))
        stored = session.store.save_report(report_id, form_id="epcr", form_version=1,
                                           author_id=session.user.id, now=datetime.now(UTC),
                                           data=content(report_id, revision))
        known[index] = (report_id, stored)
        print(f"saved {report_id} {stored}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2], int(sys.argv[3]))
