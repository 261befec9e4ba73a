"""Issue 14's findings on the client side (docs/security.md), against a real fieldserver."""

from __future__ import annotations

import json
import os
import shutil
from pathlib import Path

import pytest

from fieldclient.plumbing.errors import StoreClosed
from fieldclient.signin.device import THROTTLED, Device
from fieldclient.signin.refusals import Refusal
from fieldclient.storage import crypto
from fieldclient.storage.crypto import DeviceProof, Wrapped
from fieldclient.storage.database import Database
from fieldclient.storage.vault import Vault, _decode_wrapped
from tests.client.conftest import OpenDevice
from tests.client.test_signin import online_once_then_offline, refusal, sign_in
from tests.helpers import ADMIN, BASIC, MEDIC
from tests.support.agency import RestartableServer
from tests.support.clock import FakeClock


def test_finding_05_a_throttled_account_signs_in_offline_on_its_own_laptop(
    device: Device, agency: RestartableServer
) -> None:
    sign_in(device, *MEDIC)
    device.sign_out()
    for _ in range(5):  # someone at this laptop guessed; the server now says rate_limited
        assert refusal(device, MEDIC[0], "a wrong guess 123").reason \
            is Refusal.INVALID_CREDENTIALS
    session = sign_in(device, *MEDIC)
    assert session.offline and session.why_offline == THROTTLED
    device.sign_out()
    # The offline slot's own counters still hold: a wrong password there is refused.
    wrong = refusal(device, MEDIC[0], "another wrong guess")
    assert (wrong.reason, wrong.attempts_left) == (Refusal.WRONG_PASSWORD, 9)


def test_finding_13_setting_the_clock_back_never_extends_offline_access(
    device: Device, agency: RestartableServer, clock: FakeClock
) -> None:
    online_once_then_offline(device, agency, MEDIC)  # 14 offline days from now
    clock.advance(days=13, hours=20)
    sign_in(device, *MEDIC)  # the device has now seen day 13, hour 20
    device.sign_out()
    clock.advance(hours=-23)  # set back, within the 24 h tolerance
    clock.advance(hours=5)  # five hours really pass: the wall clock reads day 13, 2 h
    assert refusal(device, *MEDIC).reason is Refusal.EXPIRED


def test_finding_13_the_tolerated_step_back_gains_nothing(
    device: Device, agency: RestartableServer, clock: FakeClock, open_device: OpenDevice
) -> None:
    online_once_then_offline(device, agency, MEDIC)
    clock.advance(days=14, hours=1)  # one hour past the end of offline access, the laptop off
    clock.advance(hours=-23)  # the crew sets the clock back before the client starts
    device = open_device(device.paths.data_dir)  # a new start: it saw no time pass
    sign_in(device, *MEDIC)  # nothing seen says otherwise: allowed (the known limit)
    device.sign_out()
    for _ in range(3):  # but again and again: each step back is measured from what was seen
        clock.advance(hours=-20)
        clock.advance(hours=21)  # and real time passes meanwhile
    # Refused: the clock now reads more than a day behind what the device has seen.
    assert refusal(device, *MEDIC).reason in (Refusal.EXPIRED, Refusal.CLOCK_MOVED_BACK)


def attacker_device_key(agency: RestartableServer, email: str, password: str,
                        device_id: str) -> bytes | None:
    """What the server hands any account that names a copied folder's device id."""
    import base64

    assert agency.live is not None
    answer = agency.live.login(email, password, device_id=device_id)
    assert answer.status_code == 200, answer.text
    key = answer.json()["device_key"]
    return base64.b64decode(key) if key else None


def escrow_of_copied_folder(folder: Path) -> tuple[str, Wrapped]:
    """Read the vault as an attacker does: no keyring, so no MAC check, just the JSON."""
    import json

    raw = (folder / "vault.bin").read_bytes()
    body = json.loads(raw.split(b"\n", 1)[1])["body"]
    return body["device_id"], _decode_wrapped(body["escrow"])


def test_finding_01_a_copied_folder_and_any_account_open_nothing(
    device: Device, agency: RestartableServer, tmp_path: Path
) -> None:
    sign_in(device, *MEDIC)
    device.sign_out()
    copied = tmp_path / "copied"
    shutil.copytree(device.paths.data_dir, copied)  # the keyring does not come along
    device_id, escrow = escrow_of_copied_folder(copied)
    assert json.loads((copied / "config.json").read_text())["device_id"] == device_id
    # An account with no ePCR access gets no key for the device.
    assert agency.live is not None
    with agency.live.as_user(*ADMIN) as admin:
        made = admin.post("/api/v1/users", json={
            "email": "clerk@demo.local", "name": "Clerk", "password": "a long clerk password 1",
            "send_welcome": False})
        assert made.status_code == 201, made.text
    assert attacker_device_key(agency, "clerk@demo.local", "a long clerk password 1",
                               device_id) is None
    # Any crew account gets the key, and still opens nothing without the device secret.
    key = attacker_device_key(agency, *BASIC, device_id)
    assert key is not None
    aad = f"escrow|{device_id}".encode()
    assert crypto.unwrap(crypto.legacy_escrow_kek(key), escrow, aad) is None
    assert crypto.unwrap(crypto.escrow_kek(key, os.urandom(32)), escrow, aad) is None


def test_finding_01_an_escrow_slot_from_before_is_wrapped_anew(
    device: Device, agency: RestartableServer
) -> None:
    assert agency.live is not None
    key = attacker_device_key(agency, *MEDIC, device.device_id)
    assert key is not None
    with device.keyslots.editing() as vault:  # as fieldclient wrote it before issue 14
        data_key = vault.unlock_with_device_key(key)
        assert data_key is not None
        vault.body.escrow = crypto.wrap(crypto.legacy_escrow_kek(key), data_key,
                                        f"escrow|{device.device_id}".encode())
    assert not sign_in(device, *MEDIC).offline  # the old slot still opens the store
    device.sign_out()
    _, escrow = escrow_of_copied_folder(device.paths.data_dir)
    aad = f"escrow|{device.device_id}".encode()
    assert crypto.unwrap(crypto.legacy_escrow_kek(key), escrow, aad) is None  # wrapped anew


def test_finding_01_an_account_without_epcr_access_cannot_open_the_device(
    device: Device, agency: RestartableServer
) -> None:
    assert agency.live is not None
    with agency.live.as_user(*ADMIN) as admin:
        admin.post("/api/v1/users", json={"email": "clerk@demo.local", "name": "Clerk",
                                          "password": "a long clerk password 1",
                                          "send_welcome": False})
    refused = refusal(device, "clerk@demo.local", "a long clerk password 1")
    assert refused.reason is Refusal.NO_EPCR_ACCESS and "patient care reports" in str(refused)
    assert device.session is None


def insiders_view(device: Device, email: str, password: str) -> tuple[list[str], DeviceProof]:
    """A crew member of a shared laptop, as an attacker: their own password opens their
    slot and so the store; the laptop's keyring is theirs too. Every value in the store."""
    vault = Vault.load(device.paths.vault, device.secrets)
    entry = vault.entry(email)
    assert entry is not None and entry.slot is not None
    keys = vault.unlock_slot(email, entry.slot, password)
    assert keys is not None
    db = Database.open(device.paths.database, keys.data_key)
    tables = [r[0] for r in db.query("SELECT name FROM sqlite_master WHERE type = 'table'")]
    rows = [row for table in tables for row in db.query(f"SELECT * FROM {table}")]  # noqa: S608
    db.close()
    values = [v.decode("latin-1") if isinstance(v, bytes) else v
              for row in rows for v in row if isinstance(v, str | bytes)]
    return values, vault.device_proof()


def test_finding_01_a_shared_laptop_gives_no_one_the_admins_session(
    device: Device, agency: RestartableServer
) -> None:
    sign_in(device, *ADMIN)
    device.sign_out()
    sign_in(device, *MEDIC)
    device.sign_out()
    values, proof = insiders_view(device, *MEDIC)
    candidates = {v for v in values if 16 <= len(v) <= 512}
    assert candidates
    assert agency.live is not None
    with agency.live.client() as c:  # each value as a refresh token, signed and not
        answers = [c.post("/api/v1/auth/refresh", json={
            "refresh_token": value, "device_id": device.device_id, **signed}).status_code
            for value in candidates
            for signed in ({}, {"proof": proof.sign_refresh(device.device_id, value)})]
    assert 200 not in answers and 401 in answers
    # The admin's own refresh token, sealed under their slot, still serves them: signed
    # in offline, then the network returns, and their session is refreshed.
    agency.stop()
    session = sign_in(device, *ADMIN)
    assert session.offline
    agency.start()
    assert session.authorized(device.api.me)["email"] == ADMIN[0]


def test_finding_08_a_revoke_waits_for_the_reports_on_the_device(
    device: Device, agency: RestartableServer, clock: FakeClock
) -> None:
    from tests.client.test_revocation import as_admin
    from tests.client.test_sync import engine, on_server, save

    session, device_id = sign_in(device, *MEDIC), device.device_id
    report_id = save(session, clock, data={"eNarrative.01": "not uploaded yet"})
    device.check_credentials()  # every sync pass says what the device still holds
    with as_admin(agency) as admin:
        listed = {d["device_id"]: d for d in admin.get("/api/v1/devices").json()}
        assert listed[device.device_id]["unsynced_reports"] == 1  # shown before confirming
        answer = admin.delete(f"/api/v1/devices/{device.device_id}")
        assert answer.status_code == 202 and answer.json()["status"] == "revoking"
    assert device.paths.database.exists()  # nothing destroyed
    # The crew's next sync pass, wired as the app wires it: the upload, then the device
    # says none wait, the revoke completes, and the wipe ends the session under the pass
    # (StoreClosed, which the sync runner takes as "the session ended").
    with pytest.raises(StoreClosed):
        engine(device, session, clock, after_contact=device.check_credentials).run()
    assert on_server(agency, report_id)["data"] == {"eNarrative.01": "not uploaded yet"}  # type: ignore[index]
    assert not device.paths.database.exists() and device.session is None  # then wiped
    with as_admin(agency) as admin:
        listed = {d["device_id"]: d for d in admin.get("/api/v1/devices").json()}
        assert listed[device_id]["status"] == "revoked"


def test_finding_08_a_stolen_laptop_is_revoked_at_once(
    device: Device, agency: RestartableServer, clock: FakeClock
) -> None:
    from tests.client.test_revocation import as_admin
    from tests.client.test_sync import save

    session = sign_in(device, *MEDIC)
    save(session, clock)
    device.check_credentials()
    with as_admin(agency) as admin:
        answer = admin.delete(f"/api/v1/devices/{device.device_id}", params={"force": "true"})
        assert answer.status_code == 204
        listed = {d["device_id"]: d for d in admin.get("/api/v1/devices").json()}
        assert listed[device.device_id]["status"] == "revoked"
