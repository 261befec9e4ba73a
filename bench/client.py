"""Client benchmarks, each against a baseline measured in the same run:
- offline sign-in (probe the stopped server, unwrap the slot, open the SQLCipher store,
  read the first page of incidents) against a bare Argon2id derivation with the same
  parameters; goal at most 1.2x;
- pushing typical reports with the sync engine against a plain keep-alive `requests`
  loop PUTting the same payloads; goal at least 1.0x (batching should beat it).
"""

from __future__ import annotations

import os
import statistics
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path

import requests
from argon2.low_level import Type, hash_secret_raw

from bench.common import Row, timed
from fieldclient.plumbing.clock import SystemClock
from fieldclient.provisioning.device_setup import AdminSetup, DeviceSetup
from fieldclient.signin.device import Device
from fieldclient.signin.session import Session
from fieldclient.storage.crypto import PRODUCTION_KDF
from fieldclient.sync.engine import SyncEngine
from fieldserver.mail import OutboxTransport
from fieldserver.server import BackgroundServer, ServerOptions
from tests.support.keyring import MemoryKeyring  # the OS keyring is not ours to fill
from tests.support.reports import complete_report

ADMIN = ("admin@demo.local", "Demo-Admin-2026!")
MEDIC = ("medic@demo.local", "Demo-Medic-2026!")


def incidents(n: int) -> list[dict[str, str]]:
    return [{"id": f"inc-{i}", "number": f"2026-{i:06d}", "unit": "M7",
             "address": f"{i} Main St", "nature": "Fall",
             "dispatched_at": f"2026-11-{i % 28 + 1:02d}",
             "updated_at": "2026-11-22T00:00:00Z"} for i in range(n)]


@contextmanager
def medic_online(tmp: Path, name: str) -> Iterator[tuple[Device, Session, str]]:
    """A server with the demo data, a device set up as `name`, the medic signed in."""
    sock, url = BackgroundServer.listen()
    options = ServerOptions(database_url=f"sqlite:///{tmp / name}.db", public_url=url,
                            mail=OutboxTransport(tmp / f"{name}-mail"))
    device = Device.open(tmp / f"{name}-client", server_url=url, keyring=MemoryKeyring(),
                         provisioning_dir=tmp)
    with BackgroundServer(options, sock):
        admin = DeviceSetup(device).sign_in_admin(*ADMIN)
        assert isinstance(admin, AdminSetup)
        admin.register(name)
        session = device.sign_in(*MEDIC)
        assert isinstance(session, Session)
        yield device, session, url


def prepared_device(tmp: Path) -> Device:
    with medic_online(tmp, "offline-bench") as (device, session, _url):
        session.store.put_incidents(incidents(500))
        device.sign_out()
    return device  # the server is gone now: every sign-in below is offline


def bench_push(tmp: Path, count: int) -> list[Row]:
    """Push `count` typical reports with the sync engine, against a keep-alive requests loop
    PUTting the same payloads one by one."""
    with medic_online(tmp, "push-bench") as (device, session, url):
        now = datetime.now(UTC)
        payloads = [complete_report(now, ("Pat", f"Bench{i}")) for i in range(count)]
        for data in payloads:
            session.store.save_report(str(uuid.uuid4()), form_id="epcr", form_version=1,
                                      data=data, author_id=session.user.id, now=now,
                                      status="completed")
        engine = SyncEngine(session, SystemClock(), device.events)
        engine_seconds = timed(lambda: engine.run(), 1)[0]
        assert engine.outbox.pending_count() == 0
        baseline_seconds = timed(lambda: put_one_by_one(url, session, payloads), 1)[0]
        device.sign_out()
    device.api.close()
    engine_rate, baseline_rate = count / engine_seconds, count / baseline_seconds
    return [(f"sync push {count} reports", f"{engine_rate:,.0f} reports/s",
             f"{baseline_rate:,.0f} reports/s keep-alive requests PUT loop",
             f"{engine_rate / baseline_rate:.2f}x (goal >= 1.0x)")]


def put_one_by_one(url: str, session: Session, payloads: list[dict[str, object]]) -> None:
    token = session.access_token
    with requests.Session() as http:
        http.headers["Authorization"] = f"Bearer {token}"
        for data in payloads:
            report_id = str(uuid.uuid4())
            body = {"form_id": "epcr", "form_version": 1, "status": "completed",
                    "data": data, "author_id": session.user.id}
            answer = http.put(f"{url}/api/v1/reports/{report_id}", json=body, timeout=60,
                              headers={"Idempotency-Key": f"{report_id}:1"})
            answer.raise_for_status()


def run(quick: bool) -> list[Row]:
    repeat = 5 if quick else 15
    with tempfile.TemporaryDirectory() as tmp:
        device = prepared_device(Path(tmp))

        def offline_sign_in() -> None:
            session = device.sign_in(*MEDIC)
            assert isinstance(session, Session) and session.offline
            assert len(session.store.incidents(limit=50)) == 50
            device.sign_out()

        salt = os.urandom(16)

        def bare_argon2() -> None:
            hash_secret_raw(MEDIC[1].encode(), salt, time_cost=PRODUCTION_KDF.time_cost,
                            memory_cost=PRODUCTION_KDF.memory_kib,
                            parallelism=PRODUCTION_KDF.parallelism, hash_len=32, type=Type.ID)

        offline_sign_in()  # warm up
        sign_in, bare = timed(offline_sign_in, repeat), timed(bare_argon2, repeat)
        device.api.close()
        push = bench_push(Path(tmp), 200 if quick else 1000)
    p50, base = statistics.median(sign_in), statistics.median(bare)
    return [("offline sign-in p50 (to first page)", f"{p50 * 1000:.0f} ms",
             f"{base * 1000:.0f} ms bare Argon2id", f"{p50 / base:.2f}x (goal <= 1.2x)"),
            *push]
