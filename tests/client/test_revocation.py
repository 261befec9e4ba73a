"""Whenever online, the device asks about every cached user, and obeys the answer."""

from __future__ import annotations

from typing import Any

import httpx
import pytest

from fieldclient.plumbing.errors import ApiRefusal, DeviceRevoked, NotSetUp
from fieldclient.plumbing.events import CredentialsRemoved, DeviceWiped
from fieldclient.signin.device import Device
from fieldclient.signin.refusals import Refusal
from tests.client.test_signin import online_once_then_offline, refusal, sign_in
from tests.helpers import ADMIN, BASIC, GOOD_PASSWORD, MEDIC
from tests.support.agency import RestartableServer
from tests.support.keyring import MemoryKeyring


def as_admin(agency: RestartableServer) -> httpx.Client:
    assert agency.live is not None
    return agency.live.as_user(*ADMIN)


def user_id(admin: httpx.Client, email: str) -> int:
    found: int = admin.get("/api/v1/users", params={"email": email}).json()["items"][0]["id"]
    return found


def make_offline_medic(admin: httpx.Client, email: str) -> tuple[str, str]:
    role = next(r for r in admin.get("/api/v1/roles").json() if r["name"] == "Offline Medic")
    admin.post("/api/v1/users", json={"email": email, "name": email.split("@")[0],
                                      "password": GOOD_PASSWORD, "role_ids": [role["id"]]}
               ).raise_for_status()
    return email, GOOD_PASSWORD


@pytest.mark.parametrize(("change", "reason"), [
    ("password", Refusal.CREDENTIALS_CHANGED),
    ("permission", Refusal.NO_OFFLINE_PERMISSION),
    ("disabled", Refusal.NO_ACCOUNT),
    ("deleted", Refusal.NO_ACCOUNT),
])
def test_each_credential_status_removes_offline_access(
    device: Device, agency: RestartableServer, change: str, reason: Refusal
) -> None:
    with as_admin(agency) as admin:
        victim = make_offline_medic(admin, "victim@demo.local")
    sign_in(device, *victim)
    device.sign_out()
    events: list[Any] = []
    device.events.subscribe(events.append)
    with as_admin(agency) as admin:
        vid = user_id(admin, "victim@")
        body: dict[str, Any] = {
            "password": {"password": "a brand new password"},
            "disabled": {"disabled": True},
            "permission": {"role_ids": [next(r["id"] for r in admin.get("/api/v1/roles").json()
                                             if r["name"] == "User")]},
        }.get(change, {})
        if change == "deleted":
            admin.delete(f"/api/v1/users/{vid}").raise_for_status()
        else:
            admin.patch(f"/api/v1/users/{vid}", json=body).raise_for_status()
    session = sign_in(device, *MEDIC)  # any online contact checks every cached user
    assert events[-1] == CredentialsRemoved((vid,))
    assert [u.email for u in session.store.cached_users()] == [MEDIC[0]]
    assert session.store.refresh_token(vid) is None
    assert ("offline_access_removed", vid) in [(e.event, e.user_id)
                                               for e in session.store.audit_events()]
    device.sign_out()
    agency.stop()
    assert refusal(device, *victim).reason is reason
    assert sign_in(device, *MEDIC).mode == "offline"  # others keep their access


def test_permission_removed_on_the_server_refuses_offline_after_next_contact(
    device: Device, agency: RestartableServer
) -> None:
    sign_in(device, *MEDIC)
    device.sign_out()
    with as_admin(agency) as admin:
        role = next(r for r in admin.get("/api/v1/roles").json() if r["name"] == "Offline Medic")
        admin.patch(f"/api/v1/roles/{role['id']}",
                    json={"permissions": ["epcr.access"]}).raise_for_status()
    online_once_then_offline(device, agency, BASIC)  # the next online contact, by anyone
    assert refusal(device, *MEDIC).reason is Refusal.NO_OFFLINE_PERMISSION


def test_the_users_own_online_sign_in_refreshes_their_slot(
    device: Device, agency: RestartableServer
) -> None:
    sign_in(device, *MEDIC)
    device.sign_out()
    with as_admin(agency) as admin:
        admin.patch(f"/api/v1/users/{user_id(admin, 'medic@')}",
                    json={"password": GOOD_PASSWORD}).raise_for_status()
    online_once_then_offline(device, agency, (MEDIC[0], GOOD_PASSWORD))
    assert sign_in(device, MEDIC[0], GOOD_PASSWORD).mode == "offline"
    device.sign_out()
    assert refusal(device, *MEDIC).reason is Refusal.WRONG_PASSWORD


def test_revoked_device_is_wiped(device: Device, agency: RestartableServer,
                                 keyring_backend: MemoryKeyring) -> None:
    sign_in(device, *MEDIC)
    device.sign_out()
    events: list[Any] = []
    device.events.subscribe(events.append)
    with as_admin(agency) as admin:
        admin.delete(f"/api/v1/devices/{device.device_id}").raise_for_status()
    with pytest.raises(DeviceRevoked, match="erased"):
        device.sign_in(*MEDIC)
    assert isinstance(events[-1], DeviceWiped)
    assert sorted(p.name for p in device.paths.data_dir.iterdir()) == ["config.json"]
    assert keyring_backend.entries == {}
    assert device.session is None
    with pytest.raises(NotSetUp):
        device.sign_in(*MEDIC)


def test_revocation_while_signed_in_ends_the_session_then_wipes(
    device: Device, agency: RestartableServer
) -> None:
    sign_in(device, *MEDIC)
    with as_admin(agency) as admin:
        admin.delete(f"/api/v1/devices/{device.device_id}").raise_for_status()
    # The server ended this device's sessions: the token cannot even be refreshed.
    with pytest.raises(ApiRefusal) as ended:
        device.check_credentials()
    assert ended.value.code == "invalid_token"
    device.sign_out()
    with pytest.raises(DeviceRevoked):
        device.sign_in(*MEDIC)
    assert device.session is None and not device.paths.database.exists()
