"""Broken stores get a clear message and a safe state: nothing is replaced or lost."""

from __future__ import annotations

import contextlib
import hashlib
import json
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from fieldclient.plumbing.errors import (
    DatabaseUnreadable,
    DiskFull,
    KeyringUnavailable,
    StoreClosed,
    VaultTampered,
)
from fieldclient.provisioning.device_setup import DeviceSetup
from fieldclient.signin.device import Device
from fieldclient.storage.vault import HEADER
from tests.client.conftest import OpenDevice, admin_setup
from tests.client.test_signin import online_once_then_offline, refusal, sign_in
from tests.helpers import MEDIC
from tests.support.agency import RestartableServer
from tests.support.clock import FakeClock
from tests.support.keyring import BrokenKeyring


def fingerprint(directory: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(directory.iterdir()) if p.is_file()}


def test_corrupt_database(device: Device, agency: RestartableServer) -> None:
    sign_in(device, *MEDIC)
    device.sign_out()
    with device.paths.database.open("r+b") as db:
        db.write(b"\xa5" * 4096)  # the first page: header and schema
    before = fingerprint(device.paths.data_dir)
    for state in ("online", "offline"):
        with pytest.raises(DatabaseUnreadable, match="cannot be read"):
            device.sign_in(*MEDIC)
        assert device.session is None
        if state == "online":
            agency.stop()
    after = fingerprint(device.paths.data_dir)
    assert after.pop("vault.bin") and before.pop("vault.bin")  # counters may move
    assert after == before


def test_missing_vault_never_becomes_a_fresh_store(device: Device,
                                                   agency: RestartableServer) -> None:
    sign_in(device, *MEDIC)
    device.sign_out()
    device.paths.vault.unlink()
    before = fingerprint(device.paths.data_dir)
    with pytest.raises(VaultTampered, match="key file is missing"):
        device.sign_in(*MEDIC)
    assert fingerprint(device.paths.data_dir) == before


@pytest.mark.parametrize("damage", ["truncate", "empty", "edit", "garbage"])
def test_damaged_or_edited_vault_is_refused(device: Device, agency: RestartableServer,
                                            damage: str) -> None:
    online_once_then_offline(device, agency, MEDIC)
    for _ in range(3):
        refusal(device, MEDIC[0], "wrong guess 123")
    raw = device.paths.vault.read_bytes()
    if damage == "truncate":
        raw = raw[: len(raw) // 2]
    elif damage == "empty":
        raw = b""
    elif damage == "garbage":
        raw = HEADER + b"\x00\xff" * 100
    else:  # reset the failed-attempt counter by hand
        document = json.loads(raw[len(HEADER):])
        for entry in document["body"]["users"].values():
            entry["failed"] = 0
        raw = HEADER + json.dumps(document, sort_keys=True).encode()
    device.paths.vault.write_bytes(raw)
    with pytest.raises(VaultTampered, match="altered or damaged"):
        device.sign_in(*MEDIC)


def test_an_old_copy_of_the_vault_is_refused(device: Device,
                                             agency: RestartableServer) -> None:
    online_once_then_offline(device, agency, MEDIC)
    saved = device.paths.vault.read_bytes()  # before any failure
    for _ in range(4):
        refusal(device, MEDIC[0], "wrong guess 123")
    device.paths.vault.write_bytes(saved)
    with pytest.raises(VaultTampered):
        device.sign_in(*MEDIC)


def test_keyring_unavailable(open_device: OpenDevice, agency: RestartableServer,
                             device: Device) -> None:
    broken = open_device(device.paths.data_dir, keyring=BrokenKeyring())
    with pytest.raises(KeyringUnavailable, match="credential store is not available"):
        broken.sign_in(*MEDIC)
    fresh = open_device(device.paths.data_dir.parent / "fresh", keyring=BrokenKeyring())
    with pytest.raises(KeyringUnavailable):  # set-up's first step (tests/client/test_setup.py)
        DeviceSetup(fresh).check_server(agency.base_url)
    assert sorted(p.name for p in fresh.paths.data_dir.iterdir()) == ["config.json"]


@contextlib.contextmanager
def small_disk(path: Path, size: str) -> Iterator[Path]:
    if sys.platform == "win32":
        pytest.skip("a full-disk test mounts a small tmpfs: Linux only")
    path.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size},mode=0700",
                              "tmpfs", str(path)], capture_output=True, check=False)
    if mounted.returncode != 0:
        pytest.skip("a full-disk test needs to mount a small tmpfs (run as root)")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


def fill(disk: Path) -> Path:
    filler = disk / "filler"
    # Unbuffered: a buffered file keeps the write that failed and raises it again on close.
    with filler.open("wb", buffering=0) as out, contextlib.suppress(OSError):
        while True:
            out.write(b"\0" * 65536)
    return filler


def test_disk_full_on_save(open_device: OpenDevice, agency: RestartableServer,
                           tmp_path: Path, clock: FakeClock) -> None:
    with small_disk(tmp_path / "disk", "4m") as disk:
        device = open_device(disk / "data")
        admin_setup(device, agency.base_url).register("Small disk")
        session = sign_in(device, *MEDIC)
        first = str(uuid.uuid4())
        session.store.save_report(first, form_id="epcr", form_version=1, author_id=1,
                                  now=clock.now(), data={"eNarrative.01": "saved before"})
        filler = fill(disk)
        with pytest.raises(DiskFull, match="disk is full"):
            for i in range(200):  # until a page no longer fits
                session.store.save_report(str(uuid.uuid4()), form_id="epcr", form_version=1,
                                          author_id=1, now=clock.now(),
                                          data={"eNarrative.01": "x" * 20000 + str(i)})
        filler.unlink()
        session.store.save_report(first, form_id="epcr", form_version=1, author_id=1,
                                  now=clock.now(), data={"eNarrative.01": "saved after"})
        report = session.store.report(first)
        assert report is not None and report.local_revision == 2
        device.sign_out()
        agency.stop()
        assert sign_in(device, *MEDIC).store.report(first).data == {  # type: ignore[union-attr]
            "eNarrative.01": "saved after"}
        device.sign_out()


def test_disk_full_on_sign_in(open_device: OpenDevice, agency: RestartableServer,
                              tmp_path: Path) -> None:
    with small_disk(tmp_path / "disk", "4m") as disk:
        device = open_device(disk / "data")
        admin_setup(device, agency.base_url).register("Small disk")
        online_once_then_offline(device, agency, MEDIC)
        fill(disk)
        with pytest.raises(DiskFull):
            device.sign_in(MEDIC[0], "wrong guess 123")  # the counter cannot be saved
        assert device.paths.vault.read_bytes().startswith(HEADER)  # old vault intact


def test_work_that_outlives_a_sign_out_fails_in_words(device: Device) -> None:
    """Admin Tools and sync calls still running at a sign-out or wipe are expected failures."""
    store = sign_in(device, *MEDIC).store
    device.sign_out()
    with pytest.raises(StoreClosed, match="signed out"):
        store.cached_users()
    with pytest.raises(StoreClosed):
        store.audit("late", None, device.clock.now())
