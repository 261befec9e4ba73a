"""First run: only an admin sets a device up, against a server that is really ours."""

from __future__ import annotations

import stat
import sys
from collections.abc import Callable
from pathlib import Path

import keyring.backends.fail
import keyring.backends.null
import pytest
from keyring.errors import KeyringError

from fieldclient.plumbing.errors import KeyringUnavailable, NotSetUp, StorageError, TlsError
from fieldclient.plumbing.settings import UNDONE_REGISTRATION
from fieldclient.provisioning.device_setup import AdminSetup, DeviceSetup, SetupProblem
from fieldclient.signin.device import Device
from fieldclient.signin.refusals import Refusal, SignInRefused
from tests.client.conftest import OpenDevice, admin_setup
from tests.helpers import ADMIN, BASIC, MEDIC
from tests.support.agency import RestartableServer
from tests.support.impostors import captive_portal, untrusted_tls_server
from tests.support.keyring import MemoryKeyring
from tests.support.smtp import free_port


def server_devices(agency: RestartableServer) -> list[tuple[str, str]]:
    assert agency.live is not None
    with agency.live.as_user(*ADMIN) as admin:
        return [(d["name"], d["status"]) for d in admin.get("/api/v1/devices").json()]


class KeyringThatBreaks(MemoryKeyring):
    """Passes set-up's check, then fails when the device secret itself is written (the
    credential store stopped, or was full); `on_break` runs first."""

    def __init__(self, on_break: Callable[[], None] = lambda: None) -> None:
        super().__init__()
        self.on_break = on_break

    def set_password(self, service: str, username: str, password: str) -> None:
        if username.startswith("device-secret:"):
            self.on_break()
            raise KeyringError("The credential store stopped answering.")
        super().set_password(service, username, password)


def test_register_creates_an_owner_only_encrypted_store(
    open_device: OpenDevice, agency: RestartableServer
) -> None:
    device = open_device()
    assert not device.is_set_up
    with pytest.raises(NotSetUp):
        device.sign_in(*MEDIC)
    admin_setup(device, agency.base_url).register("Medic 7 laptop")
    assert device.is_set_up
    assert device.device_id
    files = sorted(p.name for p in device.paths.data_dir.iterdir())
    assert files == ["config.json", "store.db", "vault.bin"]
    if sys.platform != "win32":  # Windows: %LOCALAPPDATA%'s ACL, its user's only
        for path in device.paths.data_dir.iterdir():
            assert stat.S_IMODE(path.stat().st_mode) == 0o600, path
        assert stat.S_IMODE(device.paths.data_dir.stat().st_mode) == 0o700
    assert agency.live is not None
    with agency.live.as_user(*ADMIN) as admin:
        names = [d["name"] for d in admin.get("/api/v1/devices").json()]
    assert "Medic 7 laptop" in names
    assert device.sign_in(*MEDIC).mode == "online"  # type: ignore[union-attr]


def test_adopt_an_existing_device(open_device: OpenDevice, agency: RestartableServer) -> None:
    device = open_device()
    admin = admin_setup(device, agency.base_url)
    demo = next(d for d in admin.devices() if d["name"] == "Demo Laptop")
    admin.adopt(demo["device_id"])
    assert device.device_id == demo["device_id"]
    session = device.sign_in(*MEDIC)
    assert session.mode == "online"  # type: ignore[union-attr]


def test_only_an_admin_may_set_up(open_device: OpenDevice, agency: RestartableServer) -> None:
    setup = DeviceSetup(open_device())
    setup.check_server(agency.base_url)
    with pytest.raises(SignInRefused) as refused:
        setup.sign_in_admin(*BASIC)
    assert refused.value.reason is Refusal.NOT_AN_ADMIN
    with pytest.raises(SignInRefused) as wrong:
        setup.sign_in_admin(ADMIN[0], "not the password!")
    assert wrong.value.reason is Refusal.INVALID_CREDENTIALS


def test_server_address_is_checked(open_device: OpenDevice, tmp_path: Path) -> None:
    setup = DeviceSetup(open_device())
    for bad, words in (("ems.example.org", "for example"), ("ftp://x.org", "for example"),
                       ("http://ems.example.org", "https://"),
                       (f"http://127.0.0.1:{free_port()}", "Nothing answers")):
        with pytest.raises(SetupProblem, match=words):
            setup.check_server(bad)
    with captive_portal() as portal, pytest.raises(SetupProblem, match="not an agency server"):
        setup.check_server(portal)
    with untrusted_tls_server(tmp_path) as url, pytest.raises(TlsError):
        setup.check_server(url)


def test_setup_never_overwrites_existing_data(device: Device, open_device: OpenDevice,
                                              agency: RestartableServer) -> None:
    device.paths.vault.unlink()  # the key file is lost, but the data is still there
    again = open_device(device.paths.data_dir)
    with pytest.raises(StorageError, match="already holds"):
        admin_setup(again, agency.base_url).register("Replacement")
    assert device.paths.database.exists()


def test_an_interrupted_setup_can_be_redone(device: Device, open_device: OpenDevice,
                                            agency: RestartableServer) -> None:
    device.paths.vault.unlink()
    device.paths.setup_marker.touch()  # as if setup died between its two files
    again = open_device(device.paths.data_dir)
    admin_setup(again, agency.base_url).register("Second try")
    assert again.sign_in(*MEDIC).mode == "online"  # type: ignore[union-attr]


def test_provisioned_server_url(tmp_path: Path, keyring_backend: object) -> None:
    program = tmp_path / "program"
    program.mkdir()
    (program / "fieldclient.json").write_text('{"server_url": "https://ems.example.org"}')
    device = Device.open(tmp_path / "data", keyring=keyring_backend,  # type: ignore[arg-type]
                         provisioning_dir=program)
    assert device.api.base_url == "https://ems.example.org"
    device.api.close()


# What the refusal tells support to check, on each system the tests run on.
WHAT_TO_INSTALL = {"linux": r"Secret Service.*gnome-keyring",
                   "win32": r"Windows Credential Manager service is running"}


@pytest.mark.parametrize("backend", [keyring.backends.fail.Keyring(),
                                     keyring.backends.null.Keyring()],
                         ids=["fail", "null"])
def test_no_keyring_stops_setup_before_the_server_hears_of_it(
    open_device: OpenDevice, agency: RestartableServer, backend: object
) -> None:
    """Issue 13: 'Register this laptop' registered the device, then failed on the keyring;
    every retry left another orphan device. Now the first step says what is missing."""
    before = server_devices(agency)
    device = open_device(keyring=backend)
    with pytest.raises(KeyringUnavailable, match=WHAT_TO_INSTALL[sys.platform]):
        DeviceSetup(device).check_server(agency.base_url)
    # Even past the first step (the keyring went away meanwhile), nothing is registered.
    admin = admin_setup(open_device(), agency.base_url)
    stranded = AdminSetup(device, admin.token)
    with pytest.raises(KeyringUnavailable):
        stranded.register("Medic 7 laptop")
    assert server_devices(agency) == before
    assert not device.is_set_up
    assert sorted(p.name for p in device.paths.data_dir.iterdir()) == ["config.json"]


def test_a_registration_whose_store_fails_is_undone(
    open_device: OpenDevice, agency: RestartableServer
) -> None:
    before = server_devices(agency)
    device = open_device(keyring=KeyringThatBreaks())
    with pytest.raises(KeyringUnavailable):
        admin_setup(device, agency.base_url).register("Medic 7 laptop")
    assert server_devices(agency) == [*before, ("Medic 7 laptop", "revoked")]
    assert not device.paths.vault.exists() and not device.paths.database.exists()
    # The retry, with a working keyring, gets the same name: nothing holds it.
    again = open_device(device.paths.data_dir)
    admin_setup(again, agency.base_url).register("Medic 7 laptop")
    assert server_devices(agency) == [*before, ("Medic 7 laptop", "revoked"),
                                      ("Medic 7 laptop", "active")]
    assert again.sign_in(*MEDIC).mode == "online"  # type: ignore[union-attr]


def test_an_undo_that_cannot_reach_the_server_is_finished_next_time(
    open_device: OpenDevice, agency: RestartableServer
) -> None:
    before = server_devices(agency)
    device = open_device(keyring=KeyringThatBreaks(on_break=agency.stop))
    with pytest.raises(KeyringUnavailable):
        admin_setup(device, agency.base_url).register("Medic 7 laptop")
    agency.start()
    assert server_devices(agency) == [*before, ("Medic 7 laptop", "active")]  # the orphan
    again = open_device(device.paths.data_dir)
    assert again.config.get(UNDONE_REGISTRATION)
    admin_setup(again, agency.base_url).register("Medic 7 laptop")
    assert server_devices(agency) == [*before, ("Medic 7 laptop", "revoked"),
                                      ("Medic 7 laptop", "active")]
    assert again.config.get(UNDONE_REGISTRATION) == ""
