"""On Windows, the device secret lives in the real Credential Manager (keyring's
WinVaultKeyring, never the test keyring): set-up and an offline sign-in work through it,
another process's view of it finds the same secret, and a wipe removes it. The Windows
lane runs this under Windows Python; on Linux the real-window walk uses the Secret Service
(tests/ui/test_mission.py)."""

from __future__ import annotations

import sys
from collections.abc import Iterator

import pytest

from fieldclient.plumbing.settings import INSTALL_ID
from fieldclient.signin.device import Device
from fieldclient.storage.secret import SERVICE
from tests.client.conftest import OpenDevice, admin_setup
from tests.client.test_signin import online_once_then_offline, sign_in
from tests.helpers import MEDIC
from tests.support.agency import RestartableServer

pytestmark = pytest.mark.skipif(sys.platform != "win32",
                                reason="Windows Credential Manager: Windows only")


def credential_manager() -> object:
    from keyring.backends.Windows import WinVaultKeyring

    return WinVaultKeyring()


@pytest.fixture
def windows_device(open_device: OpenDevice, agency: RestartableServer) -> Iterator[Device]:
    device = open_device(keyring=credential_manager())
    admin_setup(device, agency.base_url).register("Credential Manager laptop")
    yield device
    device.wipe("end of test")  # and its entry leaves the Credential Manager


def entry_name(device: Device) -> str:
    return f"device-secret:{device.config.get(INSTALL_ID)}"


def test_the_device_secret_is_in_the_credential_manager(windows_device: Device) -> None:
    kept = credential_manager().get_password(SERVICE, entry_name(windows_device))  # type: ignore[attr-defined]
    assert kept  # a fresh backend, as another process would see it
    data_dir_text = b"".join(p.read_bytes() for p in windows_device.paths.data_dir.iterdir()
                             if p.is_file())
    assert kept.encode() not in data_dir_text  # never in the data folder


def test_offline_sign_in_through_the_credential_manager(
    windows_device: Device, open_device: OpenDevice, agency: RestartableServer
) -> None:
    online_once_then_offline(windows_device, agency, MEDIC)
    windows_device.api.close()
    again = open_device(windows_device.paths.data_dir, keyring=credential_manager())
    session = sign_in(again, *MEDIC)
    assert session.mode == "offline"
    again.sign_out()


def test_a_wipe_removes_the_entry(open_device: OpenDevice, agency: RestartableServer) -> None:
    device = open_device(keyring=credential_manager())
    admin_setup(device, agency.base_url).register("Wiped laptop")
    name = entry_name(device)
    device.wipe("lost laptop")
    assert credential_manager().get_password(SERVICE, name) is None  # type: ignore[attr-defined]
