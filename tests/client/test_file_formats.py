"""The vault and config.json carry a format number and move forward by numbered steps,
as the store does: a file from an older fieldclient opens, a newer one is refused
untouched, and the vault's number is covered by its MAC."""

from __future__ import annotations

import json

import pytest

from fieldclient.plumbing.errors import StorageError, VaultTampered
from fieldclient.plumbing.settings import CONFIG_FORMAT, CONFIG_UPGRADES, INSTALL_ID
from fieldclient.signin.device import Device
from fieldclient.storage.vault import FORMAT, HEADER, UPGRADES, _mac
from tests.client.conftest import OpenDevice
from tests.client.test_signin import sign_in
from tests.helpers import MEDIC
from tests.support.agency import RestartableServer


def vault_document(device: Device) -> dict:  # type: ignore[type-arg]
    raw = device.paths.vault.read_bytes()
    assert raw.startswith(HEADER)
    return json.loads(raw[len(HEADER):])  # type: ignore[no-any-return]


def rewrite_vault(device: Device, header: bytes, body: dict) -> None:  # type: ignore[type-arg]
    secret = device.secrets.load()
    assert secret is not None
    document = {"body": body, "mac": _mac(secret.secret, body).hex()}
    device.paths.vault.write_bytes(header + json.dumps(document, sort_keys=True).encode())


def test_upgrade_steps_are_numbered_one_after_another() -> None:
    assert [n for n, _ in UPGRADES] == list(range(2, FORMAT + 1))
    assert [n for n, _ in CONFIG_UPGRADES] == list(range(1, CONFIG_FORMAT + 1))


def test_a_format_1_vault_opens_offline_and_is_written_forward(
        device: Device, agency: RestartableServer, open_device: OpenDevice) -> None:
    sign_in(device, *MEDIC)
    device.sign_out()
    body = vault_document(device)["body"]
    assert body["format"] == FORMAT
    old = {k: v for k, v in body.items() if k != "format"}  # as fieldclient 0.1 wrote it
    rewrite_vault(device, b"FIELDCLIENT-VAULT 1\n", old)
    agency.stop()
    again = open_device(device.paths.data_dir)
    assert sign_in(again, *MEDIC).offline  # the old file still opens the store
    again.sign_out()
    assert vault_document(again)["body"]["format"] == FORMAT  # saved in the newest format


def test_a_vault_from_a_newer_fieldclient_is_refused_untouched(
        device: Device, agency: RestartableServer) -> None:
    sign_in(device, *MEDIC)
    device.sign_out()
    body = vault_document(device)["body"] | {"format": FORMAT + 1, "something_new": 1}
    rewrite_vault(device, f"FIELDCLIENT-VAULT {FORMAT + 1}\n".encode(), body)
    before = device.paths.vault.read_bytes()
    with pytest.raises(StorageError, match="newer fieldclient"):
        device.sign_in(*MEDIC)
    assert device.paths.vault.read_bytes() == before


def test_a_lowered_header_number_is_caught_by_the_mac(
        device: Device, agency: RestartableServer) -> None:
    """The header is not under the MAC, the body's number is: they must agree."""
    sign_in(device, *MEDIC)
    device.sign_out()
    raw = device.paths.vault.read_bytes()
    device.paths.vault.write_bytes(raw.replace(HEADER, b"FIELDCLIENT-VAULT 1\n", 1))
    agency.stop()
    with pytest.raises(VaultTampered):
        device.sign_in(*MEDIC)


def test_config_without_a_format_opens_and_gains_one(open_device: OpenDevice) -> None:
    device = open_device()
    path = device.config.path
    values = json.loads(path.read_text())
    assert values["format"] == CONFIG_FORMAT
    del values["format"]  # config.json as fieldclient 0.1 wrote it
    path.write_text(json.dumps(values))
    again = open_device(device.paths.data_dir)
    assert again.config.get(INSTALL_ID) == values["install_id"]  # nothing lost on the way
    again.config.save()
    assert json.loads(path.read_text())["format"] == CONFIG_FORMAT


def test_config_from_a_newer_fieldclient_is_refused_untouched(open_device: OpenDevice) -> None:
    device = open_device()
    path = device.config.path
    path.write_text(json.dumps(json.loads(path.read_text()) | {"format": CONFIG_FORMAT + 1}))
    before = path.read_bytes()
    with pytest.raises(StorageError, match="newer fieldclient"):
        open_device(device.paths.data_dir)
    assert path.read_bytes() == before
