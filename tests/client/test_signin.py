"""Sign-in rules: online first; offline only after an online sign-in here; every refusal."""

from __future__ import annotations

from pathlib import Path

import pytest

from fieldclient.plumbing.errors import TlsError
from fieldclient.plumbing.events import Locked, SignedIn
from fieldclient.signin.device import Device, MfaPending
from fieldclient.signin.refusals import Refusal, SignInRefused
from fieldclient.signin.session import Session
from fieldclient.storage.vault import Vault
from tests.client.conftest import OpenDevice
from tests.helpers import ADMIN, BASIC, MEDIC, MFA_USER, SSO_EMAIL, totp
from tests.support.agency import RestartableServer
from tests.support.clock import FakeClock
from tests.support.impostors import captive_portal, untrusted_tls_server


def sign_in(device: Device, email: str, password: str) -> Session:
    result = device.sign_in(email, password)
    assert isinstance(result, Session), result
    return result


def refusal(device: Device, email: str, password: str) -> SignInRefused:
    with pytest.raises(SignInRefused) as refused:
        device.sign_in(email, password)
    assert str(refused.value)  # always a message for the person
    return refused.value


def vault(device: Device) -> Vault:
    return Vault.load(device.paths.vault, device.secrets)


def online_once_then_offline(device: Device, agency: RestartableServer,
                             *accounts: tuple[str, str]) -> None:
    for account in accounts:
        sign_in(device, *account)
        device.sign_out()
    agency.stop()


def test_online_sign_in_caches_what_offline_needs(device: Device) -> None:
    events: list[object] = []
    device.events.subscribe(events.append)
    session = sign_in(device, *MEDIC)
    assert session.mode == "online" and session.access_token
    assert session.user.email == MEDIC[0]
    assert session.user.permissions == ["epcr.access", "offline.login"]
    assert [u.email for u in session.store.cached_users()] == [MEDIC[0]]
    assert session.store.refresh_token(session.user.id)
    assert [e.event for e in session.store.audit_events()] == ["online_sign_in"]
    entry = vault(device).entry(MEDIC[0])
    assert entry is not None and entry.offline == "allowed" and entry.slot is not None
    assert events == [SignedIn(session.user.id, "online")]


def test_offline_sign_in_lands_with_the_same_data(device: Device,
                                                  agency: RestartableServer) -> None:
    user_id = sign_in(device, *MEDIC).user.id
    device.sign_out()
    agency.stop()
    session = sign_in(device, *MEDIC)
    assert session.mode == "offline" and session.offline and session.access_token is None
    assert session.user.id == user_id and session.user.name == "Morgan Medic"
    last = session.store.audit_events()[-1]
    assert (last.event, last.detail) == ("offline_sign_in", "offline session; MFA not checked")


def test_online_is_used_whenever_the_server_answers(device: Device) -> None:
    sign_in(device, *MEDIC)
    device.sign_out()
    assert sign_in(device, *MEDIC).mode == "online"


def test_online_refusal_never_falls_back_to_offline(device: Device) -> None:
    sign_in(device, *MEDIC)
    device.sign_out()
    refused = refusal(device, MEDIC[0], "the old password!")
    assert refused.reason is Refusal.INVALID_CREDENTIALS
    entry = vault(device).entry(MEDIC[0])
    assert entry is not None and entry.failed == 0  # the slot was never tried


def test_captive_portal_counts_as_offline(device: Device) -> None:
    sign_in(device, *MEDIC)
    device.sign_out()
    with captive_portal() as portal:
        device.set_server_url(portal)
        assert sign_in(device, *MEDIC).mode == "offline"


def test_tls_failure_is_an_error_never_offline(device: Device, tmp_path: Path) -> None:
    """Without this user's offline slot here, a certificate failure is an error."""
    with untrusted_tls_server(tmp_path) as url:
        device.set_server_url(url)
        with pytest.raises(TlsError, match="certificate"):
            device.sign_in(*MEDIC)
    assert device.session is None


def test_finding_06_an_intercepted_network_still_lets_the_crew_work_offline(
    device: Device, tmp_path: Path
) -> None:
    """Issue 14, finding 6: behind hotel Wi-Fi that intercepts TLS, a crew member with
    an offline slot here signs in offline, told why; the interceptor got nothing but a
    failed handshake (no request, no password)."""
    sign_in(device, *MEDIC)
    device.sign_out()
    with untrusted_tls_server(tmp_path) as url:
        device.set_server_url(url)
        session = sign_in(device, *MEDIC)
    assert session.offline and "intercepting" in session.why_offline
    device.sign_out()
    with untrusted_tls_server(tmp_path) as url:
        device.set_server_url(url)
        with pytest.raises(TlsError):  # an account with no slot here: the error stands
            device.sign_in(*ADMIN)


def test_no_account_on_this_device(device: Device, agency: RestartableServer) -> None:
    online_once_then_offline(device, agency, MEDIC)
    assert refusal(device, *BASIC).reason is Refusal.NO_ACCOUNT
    assert "sign in online once on this device" in str(refusal(device, *BASIC)).lower()


def test_no_offline_permission(device: Device, agency: RestartableServer) -> None:
    online_once_then_offline(device, agency, BASIC)
    assert refusal(device, *BASIC).reason is Refusal.NO_OFFLINE_PERMISSION


def test_agency_turned_offline_off(device: Device, agency: RestartableServer) -> None:
    assert agency.live is not None
    with agency.live.as_user(*ADMIN) as admin:
        admin.patch("/api/v1/agency", json={"offline_login_enabled": False}).raise_for_status()
    online_once_then_offline(device, agency, MEDIC)
    assert refusal(device, *MEDIC).reason is Refusal.AGENCY_OFFLINE_DISABLED


def test_sso_account_refused_offline(device: Device, agency: RestartableServer) -> None:
    assert refusal(device, SSO_EMAIL, "whatever it is 1").reason is Refusal.SSO_ACCOUNT
    agency.stop()
    assert refusal(device, SSO_EMAIL, "whatever it is 1").reason is Refusal.SSO_ACCOUNT


def test_offline_access_expires(device: Device, agency: RestartableServer,
                                clock: FakeClock) -> None:
    online_once_then_offline(device, agency, MEDIC)
    clock.advance(days=14, hours=-1)
    sign_in(device, *MEDIC)
    device.sign_out()
    clock.advance(hours=2)
    refused = refusal(device, *MEDIC)
    assert refused.reason is Refusal.EXPIRED and "14 days" in str(refused)


def test_clock_moved_back_counts_as_expired(device: Device, agency: RestartableServer,
                                            clock: FakeClock) -> None:
    online_once_then_offline(device, agency, MEDIC)
    clock.advance(hours=-23)
    sign_in(device, *MEDIC)  # a small step back is tolerated
    device.sign_out()
    clock.advance(hours=-2)
    assert refusal(device, *MEDIC).reason is Refusal.CLOCK_MOVED_BACK


def test_lockout_delays_then_disables_until_online(
    device: Device, agency: RestartableServer, clock: FakeClock
) -> None:
    online_once_then_offline(device, agency, MEDIC)
    for left in (9, 8, 7, 6):
        refused = refusal(device, MEDIC[0], "wrong guess 123")
        assert (refused.reason, refused.attempts_left) == (Refusal.WRONG_PASSWORD, left)
    for delay in (30, 60, 120, 240, 480):
        refused = refusal(device, MEDIC[0], "wrong guess 123")
        assert (refused.reason, refused.retry_after) == (Refusal.LOCKED_FOR_NOW, delay)
        # While waiting, even the right password is not tried.
        assert refusal(device, *MEDIC).reason is Refusal.LOCKED_FOR_NOW
        clock.advance(seconds=delay)
    assert refusal(device, MEDIC[0], "wrong guess 123").reason is Refusal.LOCKED
    clock.advance(days=1)
    assert refusal(device, *MEDIC).reason is Refusal.LOCKED
    agency.start()
    sign_in(device, *MEDIC)  # online sign-in unlocks
    events = [e.event for e in device.session.store.audit_events()]  # type: ignore[union-attr]
    assert events.count("offline_sign_in_failed") == 10
    assert "offline_locked" in events
    device.sign_out()
    agency.stop()
    assert sign_in(device, *MEDIC).mode == "offline"


def test_counters_survive_a_restart(device: Device, agency: RestartableServer,
                                    open_device: OpenDevice) -> None:
    online_once_then_offline(device, agency, MEDIC)
    for _ in range(3):
        refusal(device, MEDIC[0], "wrong guess 123")
    again = open_device(device.paths.data_dir)
    assert refusal(again, MEDIC[0], "wrong guess 123").attempts_left == 6


def test_mfa_online_then_offline_without_mfa(device: Device, agency: RestartableServer,
                                             clock: FakeClock) -> None:
    pending = device.sign_in(*MFA_USER)
    assert isinstance(pending, MfaPending)
    with pytest.raises(SignInRefused) as wrong:
        device.complete_mfa(pending, "000000")
    assert wrong.value.reason is Refusal.INVALID_MFA_CODE
    session = device.complete_mfa(pending, totp(at=clock.now()))
    assert session.mode == "online"
    assert session.store.audit_events()[-1].detail == "with MFA"
    device.sign_out()
    agency.stop()
    assert sign_in(device, *MFA_USER).mode == "offline"  # no code asked offline


def test_three_users_share_a_device_each_with_their_own_slot(
    device: Device, agency: RestartableServer, clock: FakeClock
) -> None:
    assert agency.live is not None
    with agency.live.as_user(*ADMIN) as admin:
        medic_role = next(r for r in admin.get("/api/v1/roles").json()
                          if r["name"] == "Offline Medic")
        admin.post("/api/v1/users", json={"email": "third@demo.local", "name": "Third",
                                          "password": "third user password",
                                          "role_ids": [medic_role["id"]]}).raise_for_status()
    third = ("third@demo.local", "third user password")
    pending = device.sign_in(*MFA_USER)
    assert isinstance(pending, MfaPending)
    device.complete_mfa(pending, totp(at=clock.now()))
    device.sign_out()
    online_once_then_offline(device, agency, MEDIC, third)
    for account in (MEDIC, MFA_USER, third):
        assert sign_in(device, *account).user.email == account[0]
        device.sign_out()
    # A user's password opens only that user's slot.
    assert refusal(device, MEDIC[0], third[1]).reason is Refusal.WRONG_PASSWORD


def test_least_recently_used_is_evicted_beyond_the_cap(
    device: Device, agency: RestartableServer, clock: FakeClock
) -> None:
    from fieldclient.plumbing.settings import MAX_CACHED_USERS

    device.config.set(MAX_CACHED_USERS, 2)
    for account in (MEDIC, MFA_USER, BASIC):
        result = device.sign_in(*account)
        if isinstance(result, MfaPending):
            result = device.complete_mfa(result, totp(at=clock.now()))
        clock.advance(minutes=1)
        device.sign_out()
    session = sign_in(device, *BASIC)
    assert {u.email for u in session.store.cached_users()} == {MFA_USER[0], BASIC[0]}
    assert "evicted" in [e.event for e in session.store.audit_events()]
    device.sign_out()
    agency.stop()
    assert refusal(device, *MEDIC).reason is Refusal.NO_ACCOUNT
    assert sign_in(device, *MFA_USER).mode == "offline"


def test_lock_unlock_and_auto_lock(device: Device, agency: RestartableServer,
                                   clock: FakeClock) -> None:
    events: list[object] = []
    device.events.subscribe(events.append)
    session = sign_in(device, *MEDIC)
    clock.advance(minutes=14)
    device.touch()
    clock.advance(minutes=14)
    assert device.lock_if_idle() is False
    clock.advance(minutes=2)
    assert device.lock_if_idle() is True
    assert device.session is None and device.locked_email == MEDIC[0]
    assert events[-1] == Locked(session.user.id, MEDIC[0])
    agency.stop()
    assert sign_in(device, *MEDIC).mode == "offline"  # unlocking is signing in again
    device.sign_out()
    assert device.session is None and device.locked_email is None


def test_online_sign_in_caches_the_epcr_form(device: Device, agency: RestartableServer) -> None:
    session = sign_in(device, *MEDIC)
    cached = session.store.latest_form("epcr")
    assert cached is not None
    version, etag, definition = cached
    assert version == 3 and etag and definition["nemsis_version"] == "3.5.1.250403CP1"
    device.sign_out()
    session = sign_in(device, *MEDIC)  # unchanged: 304, nothing rewritten
    assert session.store.latest_form("epcr") == cached
    device.sign_out()
    agency.stop()
    offline = sign_in(device, *MEDIC)
    assert offline.store.latest_form("epcr") == cached  # ready without ever opening an ePCR


def test_no_network_call_is_made_while_the_keyslots_are_locked(
        device: Device, agency: RestartableServer) -> None:
    """A sign-in waiting on a slow network must not hold the vault's lock: the sync
    thread's credential check and an admin's change would queue behind it."""
    import threading

    from tests.support.fault_proxy import FaultProxy

    sign_in(device, *MEDIC)
    device.sign_out()
    proxy = FaultProxy(agency.port)
    try:
        device.set_server_url(proxy.url)
        proxy.gate.clear()  # every request now hangs on the network
        signing_in = threading.Thread(target=lambda: device.sign_in(*MEDIC))
        signing_in.start()
        for _ in range(500):  # until the sign-in is waiting on the network
            if proxy.counts:
                break
            threading.Event().wait(0.01)
        assert proxy.counts and signing_in.is_alive()
        assert device.keyslots.lock.acquire(blocking=False)  # free while it waits
        device.keyslots.lock.release()
        proxy.gate.set()
        signing_in.join(30)
        assert device.session is not None
    finally:
        proxy.gate.set()
        proxy.close()
