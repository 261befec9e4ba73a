"""Client-core benchmark: offline sign-in against a bare Argon2id derivation.

Offline sign-in = probe the (stopped) server, unwrap the slot, open the SQLCipher
store, read the first page of incidents. Goal: at most 1.2x the bare Argon2id cost
with the same parameters, i.e. everything but the KDF is nearly free.
"""

from __future__ import annotations

import os
import statistics
import tempfile
from pathlib import Path

from argon2.low_level import Type, hash_secret_raw

from bench.common import Row, timed
from fieldclient.device import Device
from fieldclient.session import Session
from fieldclient.setup import AdminSetup, DeviceSetup
from fieldclient.storage.crypto import PRODUCTION_KDF
from fieldserver.mail import OutboxTransport
from fieldserver.server import BackgroundServer, ServerOptions
from tests.support.keyring import MemoryKeyring  # the OS keyring is not ours to fill

ADMIN = ("admin@demo.local", "Demo-Admin-2026!")
MEDIC = ("medic@demo.local", "Demo-Medic-2026!")


def incidents(n: int) -> list[dict[str, str]]:
    return [{"id": f"inc-{i}", "number": f"2026-{i:06d}", "unit": "M7",
             "address": f"{i} Main St", "nature": "Fall",
             "dispatched_at": f"2026-11-{i % 28 + 1:02d}",
             "updated_at": "2026-11-22T00:00:00Z"} for i in range(n)]


def prepared_device(tmp: Path) -> Device:
    sock, url = BackgroundServer.listen()
    options = ServerOptions(database_url=f"sqlite:///{tmp / 'server.db'}", public_url=url,
                            mail=OutboxTransport(tmp / "mail"))
    device = Device.open(tmp / "client", server_url=url, keyring=MemoryKeyring(),
                         provisioning_dir=tmp)
    with BackgroundServer(options, sock):
        setup = DeviceSetup(device)
        admin = setup.sign_in_admin(*ADMIN)
        assert isinstance(admin, AdminSetup)
        admin.register("Bench laptop")
        session = device.sign_in(*MEDIC)
        assert isinstance(session, Session)
        session.store.put_incidents(incidents(500))
        device.sign_out()
    return device  # the server is gone now: every sign-in below is offline


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
    p50, base = statistics.median(sign_in), statistics.median(bare)
    return [("offline sign-in p50 (to first page)", f"{p50 * 1000:.0f} ms",
             f"{base * 1000:.0f} ms bare Argon2id", f"{p50 / base:.2f}x (goal <= 1.2x)")]
