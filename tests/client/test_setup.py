"""First run: only an admin sets a device up, against a server that is really ours."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from fieldclient.plumbing.errors import NotSetUp, StorageError, TlsError
from fieldclient.provisioning.device_setup import DeviceSetup, SetupProblem
from fieldclient.signin.device import Device
from fieldclient.signin.refusals import Refusal, SignInRefused
from tests.client.conftest import OpenDevice, admin_setup
from tests.helpers import ADMIN, BASIC, MEDIC
from tests.support.agency import RestartableServer
from tests.support.impostors import captive_portal, untrusted_tls_server
from tests.support.smtp import free_port


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
