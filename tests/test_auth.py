"""Sign-in, MFA, rate limiting, sessions: POST /auth/login, /auth/mfa, /auth/refresh, ..."""

from __future__ import annotations

import base64
import os

from sqlalchemy import select

from fieldclient.storage.crypto import DeviceProof
from fieldserver.models import User
from fieldserver.passwords import Argon2Params, Hasher
from tests.helpers import (
    ADMIN,
    BASIC,
    MEDIC,
    MFA_USER,
    SSO_EMAIL,
    error_code,
    totp,
)
from tests.support.server import LiveServer


def test_login_returns_tokens_user_and_agency(server: LiveServer) -> None:
    response = server.login(*MEDIC)
    assert response.status_code == 200
    body = response.json()
    assert body["access_token"] and body["refresh_token"]
    assert body["expires_in"] == 900
    user = body["user"]
    assert user["email"] == "medic@demo.local"
    assert user["roles"][0]["name"] == "Offline Medic"
    assert set(user["permissions"]) == {"epcr.access", "offline.login"}
    assert user["auth_provider"] == "password"
    assert user["mfa_enabled"] is False
    assert user["credential_version"] == 1
    assert body["agency"] == {
        "id": body["agency"]["id"], "name": "Demo County EMS", "offline_login_enabled": True,
        "offline_max_days": 14, "auto_lock_minutes": 15,
    }
    assert body["device_key"] is None


def test_device_key_only_for_an_active_device_of_the_users_agency(server: LiveServer) -> None:
    with server.as_user(*ADMIN) as admin:
        created = admin.post("/api/v1/devices", json={"name": "Medic 7 laptop"}).json()
    body = server.login(*MEDIC, device_id=created["device_id"]).json()
    assert body["device_key"] == created["device_key"]
    assert len(base64.b64decode(body["device_key"])) == 32

    assert server.login(*MEDIC, device_id="no-such-device").json()["device_key"] is None
    with server.as_user(*ADMIN) as admin:
        assert admin.delete(f"/api/v1/devices/{created['device_id']}",
                            params={"force": "true"}).status_code == 204
    assert server.login(*MEDIC, device_id=created["device_id"]).json()["device_key"] is None


def test_device_key_is_not_given_to_another_agency(server: LiveServer) -> None:
    from tests.helpers import NEIGHBOR

    body = server.login(*NEIGHBOR, device_id=server.demo_device_id).json()
    assert body["device_key"] is None


def test_unknown_email_and_wrong_password_get_the_same_answer(server: LiveServer) -> None:
    wrong = server.login("medic@demo.local", "not the password at all")
    unknown = server.login("nobody@demo.local", "not the password at all")
    assert error_code(wrong, 401) == "invalid_credentials"
    assert wrong.json() == unknown.json()


def test_email_is_matched_case_insensitively(server: LiveServer) -> None:
    assert server.login("  MEDIC@Demo.Local ", MEDIC[1]).status_code == 200


def test_sso_account_cannot_use_a_password(server: LiveServer) -> None:
    assert error_code(server.login(SSO_EMAIL, "anything at all 123"), 403) == "sso_required"


def test_disabled_account_is_refused(server: LiveServer) -> None:
    with server.as_user(*ADMIN) as admin:
        basic = admin.get("/api/v1/users", params={"email": "basic@"}).json()["items"][0]
        admin.patch(f"/api/v1/users/{basic['id']}", json={"disabled": True}).raise_for_status()
    assert error_code(server.login(*BASIC), 403) == "account_disabled"
    # A wrong password on a disabled account says nothing about it being disabled.
    assert error_code(server.login(BASIC[0], "wrong password here"), 401) == "invalid_credentials"


def test_mfa_login_needs_a_valid_code(server: LiveServer) -> None:
    first = server.login(*MFA_USER, device_id=server.demo_device_id)
    assert error_code(first, 401) == "mfa_required"
    mfa_token = first.json()["error"]["mfa_token"]
    with server.client() as c:
        wrong = c.post("/api/v1/auth/mfa", json={"mfa_token": mfa_token, "code": "000000"})
        assert error_code(wrong, 401) == "invalid_mfa_code"
        ok = c.post("/api/v1/auth/mfa",
                    json={"mfa_token": mfa_token, "code": totp(at=server.clock.now())})
        assert ok.status_code == 200, ok.text
        assert ok.json()["user"]["mfa_enabled"] is True
        assert ok.json()["device_key"] is not None  # the device id carried through
        again = c.post("/api/v1/auth/mfa",
                       json={"mfa_token": mfa_token, "code": totp(at=server.clock.now())})
        assert error_code(again, 401) == "invalid_mfa_token"


def test_an_mfa_code_cannot_be_replayed(server: LiveServer) -> None:
    code = totp(at=server.clock.now())
    with server.client() as c:
        for expected in (200, 401):
            token = server.login(*MFA_USER).json()["error"]["mfa_token"]
            response = c.post("/api/v1/auth/mfa", json={"mfa_token": token, "code": code})
            assert response.status_code == expected


def test_mfa_challenge_expires(server: LiveServer) -> None:
    token = server.login(*MFA_USER).json()["error"]["mfa_token"]
    server.clock.advance(minutes=6)
    with server.client() as c:
        response = c.post("/api/v1/auth/mfa",
                          json={"mfa_token": token, "code": totp(at=server.clock.now())})
    assert error_code(response, 401) == "invalid_mfa_token"


def test_rate_limit_after_five_failures_with_retry_after(server: LiveServer) -> None:
    for _ in range(5):
        assert error_code(server.login(MEDIC[0], "wrong password!!"), 401) == "invalid_credentials"
    limited = server.login(*MEDIC)  # even the right password waits
    assert error_code(limited, 429) == "rate_limited"
    retry_after = int(limited.headers["Retry-After"])
    assert 14 * 60 < retry_after <= 15 * 60
    assert server.login(*BASIC).status_code == 200  # other accounts are unaffected
    server.clock.advance(seconds=retry_after)
    assert server.login(*MEDIC).status_code == 200


def test_unknown_emails_are_limited_the_same_way(server: LiveServer) -> None:
    answers = [server.login("ghost@demo.local", "wrong password!!") for _ in range(6)]
    known = [server.login("medic@demo.local", "wrong password!!") for _ in range(6)]
    assert [r.status_code for r in answers] == [r.status_code for r in known]
    assert answers[-1].json() == known[-1].json()


def test_refresh_rotates_and_reuse_revokes_the_family(server: LiveServer) -> None:
    first = server.login(*MEDIC).json()
    with server.client() as c:
        second = c.post("/api/v1/auth/refresh", json={"refresh_token": first["refresh_token"]})
        assert second.status_code == 200
        pair = second.json()
        assert pair["refresh_token"] != first["refresh_token"]
        assert c.get("/api/v1/me", headers=_bearer(pair)).status_code == 200
        # The old refresh token shows up again: someone copied it.
        reuse = c.post("/api/v1/auth/refresh", json={"refresh_token": first["refresh_token"]})
        assert error_code(reuse, 401) == "invalid_token"
        assert error_code(c.get("/api/v1/me", headers=_bearer(pair)), 401) == "invalid_token"
        third = c.post("/api/v1/auth/refresh", json={"refresh_token": pair["refresh_token"]})
        assert error_code(third, 401) == "invalid_token"


def test_refresh_token_is_bound_to_its_device(server: LiveServer) -> None:
    device, proof = server.demo_device_id, DeviceProof.from_secret(os.urandom(32))
    assert device is not None
    pair = server.login(*MEDIC, device_id=device, device_proof_key=proof.public_key).json()
    signed = proof.sign_refresh(device, pair["refresh_token"])
    with server.client() as c:
        elsewhere = c.post("/api/v1/auth/refresh", json={"refresh_token": pair["refresh_token"],
                                                         "proof": signed})
        assert error_code(elsewhere, 401) == "invalid_token"
        here = c.post("/api/v1/auth/refresh", json={
            "refresh_token": pair["refresh_token"], "device_id": device, "proof": signed})
        assert here.status_code == 200


def test_a_proof_key_must_be_an_ed25519_key(server: LiveServer) -> None:
    for key in ("not base64!", base64.b64encode(b"short").decode()):
        answer = server.login(*MEDIC, device_id=server.demo_device_id, device_proof_key=key)
        assert error_code(answer, 422) == "invalid_proof_key"


def test_refresh_fails_after_the_device_is_revoked(server: LiveServer) -> None:
    device, proof = server.demo_device_id, DeviceProof.from_secret(os.urandom(32))
    assert device is not None
    pair = server.login(*MEDIC, device_id=device, device_proof_key=proof.public_key).json()
    with server.as_user(*ADMIN) as admin:
        admin.delete(f"/api/v1/devices/{device}", params={"force": "true"}).raise_for_status()
    with server.client() as c:
        response = c.post("/api/v1/auth/refresh",
                          json={"refresh_token": pair["refresh_token"], "device_id": device,
                                "proof": proof.sign_refresh(device, pair["refresh_token"])})
        assert error_code(response, 401) == "invalid_token"
        assert error_code(c.get("/api/v1/me", headers=_bearer(pair)), 401) == "invalid_token"


def test_access_token_expires(server: LiveServer) -> None:
    pair = server.login(*MEDIC).json()
    server.clock.advance(seconds=pair["expires_in"] + 1)
    with server.client() as c:
        assert error_code(c.get("/api/v1/me", headers=_bearer(pair)), 401) == "invalid_token"
        refreshed = c.post("/api/v1/auth/refresh", json={"refresh_token": pair["refresh_token"]})
        assert c.get("/api/v1/me", headers=_bearer(refreshed.json())).status_code == 200


def test_logout_ends_the_session(server: LiveServer) -> None:
    pair = server.login(*MEDIC).json()
    with server.client() as c:
        assert c.post("/api/v1/auth/logout", headers=_bearer(pair)).status_code == 204
        assert error_code(c.get("/api/v1/me", headers=_bearer(pair)), 401) == "invalid_token"
        refresh = c.post("/api/v1/auth/refresh", json={"refresh_token": pair["refresh_token"]})
        assert error_code(refresh, 401) == "invalid_token"


def test_me_requires_a_token(server: LiveServer) -> None:
    with server.client() as c:
        assert error_code(c.get("/api/v1/me"), 401) == "unauthenticated"
        bogus = c.get("/api/v1/me", headers={"Authorization": "Bearer nope"})
        assert error_code(bogus, 401) == "invalid_token"
    with server.as_user(*MEDIC) as medic:
        assert medic.get("/api/v1/me").json()["email"] == "medic@demo.local"


def test_hash_is_upgraded_on_login_when_parameters_change(server: LiveServer) -> None:
    old = Hasher(Argon2Params(memory_kib=512, time_cost=1, parallelism=1))
    with server.ctx.sessions() as db, db.begin():
        user = db.scalars(select(User).where(User.email == MEDIC[0])).one()
        user.password_hash = old.hash(MEDIC[1])
    assert server.login(*MEDIC).status_code == 200
    with server.ctx.sessions() as db:
        stored = db.scalars(select(User.password_hash).where(User.email == MEDIC[0])).one()
    assert stored is not None and "m=1024" in stored
    assert server.login(*MEDIC).status_code == 200


def test_mfa_enrolment(server: LiveServer) -> None:
    with server.as_user(*MEDIC) as medic:
        setup = medic.post("/api/v1/auth/mfa/setup").json()
        assert setup["otpauth_uri"].startswith("otpauth://totp/")
        assert error_code(medic.post("/api/v1/auth/mfa/confirm", json={"code": "123456"}),
                          400) == "invalid_mfa_code"
        code = totp(setup["secret"], server.clock.now())
        assert medic.post("/api/v1/auth/mfa/confirm", json={"code": code}).status_code == 204
        assert error_code(medic.post("/api/v1/auth/mfa/setup"), 409) == "mfa_already_enabled"
    assert error_code(server.login(*MEDIC), 401) == "mfa_required"


def test_mfa_confirm_without_setup(server: LiveServer) -> None:
    with server.as_user(*MEDIC) as medic:
        response = medic.post("/api/v1/auth/mfa/confirm", json={"code": "123456"})
        assert error_code(response, 409) == "mfa_not_started"


def _bearer(pair: dict[str, str]) -> dict[str, str]:
    return {"Authorization": f"Bearer {pair['access_token']}"}
