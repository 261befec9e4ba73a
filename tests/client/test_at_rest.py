"""Nothing on disk reveals patient data, passwords or the data key."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from fieldclient.plumbing.errors import VaultTampered
from fieldclient.signin.device import Device
from fieldclient.signin.session import Session
from fieldclient.storage.crypto import PRODUCTION_KDF
from fieldclient.storage.vault import Vault
from tests.client.conftest import OpenDevice, admin_setup
from tests.client.test_signin import sign_in
from tests.helpers import ADMIN, BASIC, MEDIC
from tests.support.agency import RestartableServer
from tests.support.clock import FakeClock
from tests.support.keyring import MemoryKeyring

PATIENT = "Zebediah Quarrington"


def save_report(session: Session, report_id: str, narrative: str, now: FakeClock) -> None:
    session.store.save_report(
        report_id, form_id="epcr", form_version=1, author_id=session.user.id, now=now.now(),
        data={"ePatient.02": PATIENT.split()[1], "ePatient.03": PATIENT.split()[0],
              "eNarrative.01": narrative})


def needles(device: Device) -> dict[str, bytes]:
    vault = Vault.load(device.paths.vault, device.secrets)
    entry = vault.entry(MEDIC[0])
    assert entry is not None and entry.slot is not None
    keys = vault.unlock_slot(MEDIC[0], entry.slot, MEDIC[1])
    assert keys is not None
    data_key = keys.data_key
    found = {"data key": data_key, "data key hex": data_key.hex().encode(),
             "data key HEX": data_key.hex().upper().encode()}
    for text in (PATIENT, PATIENT.split()[1], MEDIC[1], BASIC[1], ADMIN[1]):
        found[text] = text.encode("utf-8")
        found[text + " (utf-16)"] = text.encode("utf-16-le")
    return found


def test_nothing_on_disk_reveals_phi_passwords_or_the_key(
    device: Device, agency: RestartableServer, clock: FakeClock
) -> None:
    session = sign_in(device, *MEDIC)
    save_report(session, "9f0c7c52-0000-4000-8000-000000000001", f"{PATIENT} fell", clock)
    device.sign_out()
    sign_in(device, *BASIC)
    device.sign_out()
    agency.stop()
    session = sign_in(device, *MEDIC)  # offline: edit the report, then lock
    save_report(session, "9f0c7c52-0000-4000-8000-000000000001", f"{PATIENT} fell twice", clock)
    report = session.store.report("9f0c7c52-0000-4000-8000-000000000001")
    assert report is not None and report.data["eNarrative.01"].endswith("twice")
    # While the store is open its write-ahead log holds the newest pages.
    assert_nothing_readable(device, {"store.db-wal", "store.db-shm"})
    device.lock()
    sign_in(device, *MEDIC)
    device.sign_out()
    assert_nothing_readable(device, set())


def assert_nothing_readable(device: Device, also_expected: set[str]) -> None:
    files = [p for p in device.paths.data_dir.rglob("*") if p.is_file()]
    assert {p.name for p in files} >= {"config.json", "vault.bin", "store.db", *also_expected}
    for name, needle in needles(device).items():
        for path in files:
            assert needle not in path.read_bytes(), f"{name} found in {path.name}"


def test_a_copied_data_directory_opens_nothing(
    device: Device, agency: RestartableServer, open_device: OpenDevice, tmp_path: Path
) -> None:
    sign_in(device, *MEDIC)
    device.sign_out()
    copy = tmp_path / "stolen"
    shutil.copytree(device.paths.data_dir, copy)
    elsewhere = open_device(copy, keyring=MemoryKeyring())
    for running in (True, False):
        with pytest.raises(VaultTampered, match="credential store"):
            elsewhere.sign_in(*MEDIC)
        if running:
            agency.stop()


def test_production_argon2_parameters(open_device: OpenDevice,
                                      agency: RestartableServer) -> None:
    device = open_device(kdf=PRODUCTION_KDF)
    admin_setup(device, agency.base_url).register("Production cost")
    sign_in(device, *MEDIC)
    device.sign_out()
    entry = Vault.load(device.paths.vault, device.secrets).entry(MEDIC[0])
    assert entry is not None and entry.slot is not None
    assert entry.slot.kdf == PRODUCTION_KDF
    assert (entry.slot.kdf.memory_kib, entry.slot.kdf.time_cost,
            entry.slot.kdf.parallelism) == (65536, 3, 4)
    assert len(entry.slot.salt) == 16
    agency.stop()
    assert sign_in(device, *MEDIC).mode == "offline"
