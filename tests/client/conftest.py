"""Client-core fixtures: an in-memory keyring, devices (the agency: tests/support/fixtures_*)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import keyring
import pytest

from fieldclient.provisioning.device_setup import AdminSetup, DeviceSetup
from fieldclient.signin.device import Device
from fieldclient.storage.crypto import KdfParams
from tests.helpers import ADMIN
from tests.support.agency import RestartableServer
from tests.support.clock import FakeClock
from tests.support.keyring import MemoryKeyring

# Cheap Argon2id for most tests; test_production_cost uses the real parameters.
TEST_KDF = KdfParams(memory_kib=1024, time_cost=1, parallelism=1)
OpenDevice = Callable[..., Device]


@pytest.fixture
def keyring_backend(monkeypatch: pytest.MonkeyPatch) -> MemoryKeyring:
    backend = MemoryKeyring()
    # Anything that asks keyring for its default gets this one, never the machine's.
    monkeypatch.setattr(keyring.core, "_keyring_backend", backend)
    return backend


@pytest.fixture
def open_device(tmp_path: Path, agency: RestartableServer, keyring_backend: MemoryKeyring,
                clock: FakeClock) -> Iterator[OpenDevice]:
    opened: list[Device] = []

    def open_(data_dir: Path | None = None, **options: Any) -> Device:
        options.setdefault("keyring", keyring_backend)
        options.setdefault("kdf", TEST_KDF)
        device = Device.open(data_dir or tmp_path / "client", server_url=agency.base_url,
                             clock=clock, provisioning_dir=tmp_path / "program", **options)
        opened.append(device)
        return device

    yield open_
    for device in opened:
        if device.session is not None:
            device.session.store.close()
        device.api.close()


def admin_setup(device: Device, url: str) -> AdminSetup:
    setup = DeviceSetup(device)
    setup.check_server(url)
    admin = setup.sign_in_admin(*ADMIN)
    assert isinstance(admin, AdminSetup)
    return admin


@pytest.fixture
def device(open_device: OpenDevice, agency: RestartableServer) -> Device:
    """A device set up by the demo admin and registered as 'Test Laptop'."""
    new = open_device()
    admin_setup(new, agency.base_url).register("Test Laptop")
    return new
