"""Roles and permissions, agency settings, devices and credential-check."""

from __future__ import annotations

from typing import Any

import httpx

from tests.helpers import BASIC, GOOD_PASSWORD, MEDIC, SSO_EMAIL, error_code
from tests.support.server import LiveServer


def roles_by_name(admin: httpx.Client) -> dict[str, dict[str, Any]]:
    return {r["name"]: r for r in admin.get("/api/v1/roles").json()}


def user_id(admin: httpx.Client, email: str) -> int:
    found: int = admin.get("/api/v1/users", params={"email": email}).json()["items"][0]["id"]
    return found


def test_permission_catalogue_and_search(admin: httpx.Client) -> None:
    everything = admin.get("/api/v1/permissions").json()
    assert [p["key"] for p in everything] == [
        "epcr.access", "reports.unlock", "reports.review", "offline.login", "users.manage",
        "roles.manage", "agency.manage", "devices.manage", "nemsis.export"]
    offline = admin.get("/api/v1/permissions", params={"q": "offline"}).json()
    assert [p["label"] for p in offline] == ["Allow offline sign-in", "Agency settings"]
    assert admin.get("/api/v1/permissions", params={"q": "USERS"}).json()[0]["key"] == \
        "users.manage"
    assert admin.get("/api/v1/permissions", params={"q": "%_'"}).json() == []


def test_default_and_demo_roles(admin: httpx.Client) -> None:
    roles = roles_by_name(admin)
    assert set(roles) == {"Administrator", "User", "Offline Medic"}
    assert len(roles["Administrator"]["permissions"]) == 9
    assert roles["User"]["permissions"] == ["epcr.access"]
    assert roles["Offline Medic"]["user_count"] == 3


def test_role_lifecycle_raises_credential_versions(server: LiveServer, admin: httpx.Client) -> None:
    created = admin.post("/api/v1/roles", json={"name": "Offline Login Access",
                                                "permissions": ["offline.login"]})
    assert created.status_code == 201
    role = created.json()
    assert role["permissions"] == ["offline.login"] and role["user_count"] == 0
    assert error_code(admin.post("/api/v1/roles", json={"name": "offline login access"}),
                      409) == "role_name_taken"
    assert error_code(admin.post("/api/v1/roles", json={"name": "X", "permissions": ["fly"]}),
                      422) == "unknown_permission"

    basic_id = user_id(admin, "basic@")
    user_role = roles_by_name(admin)["User"]["id"]
    admin.patch(f"/api/v1/users/{basic_id}", json={"role_ids": [user_role, role["id"]]})
    assert server.login(*BASIC).json()["user"]["credential_version"] == 2
    assert "offline.login" in server.login(*BASIC).json()["user"]["permissions"]

    renamed = admin.patch(f"/api/v1/roles/{role['id']}", json={"name": "Offline"})
    assert renamed.json()["name"] == "Offline"
    assert server.login(*BASIC).json()["user"]["credential_version"] == 2  # a name is not access
    admin.patch(f"/api/v1/roles/{role['id']}", json={"permissions": []}).raise_for_status()
    after = server.login(*BASIC).json()["user"]
    assert after["credential_version"] == 3 and "offline.login" not in after["permissions"]

    assert admin.delete(f"/api/v1/roles/{role['id']}").status_code == 204
    assert server.login(*BASIC).json()["user"]["credential_version"] == 4
    assert error_code(admin.delete(f"/api/v1/roles/{role['id']}"), 404) == "not_found"


def test_role_members_say_who_loses_what_and_assignment_bumps_credentials(
        server: LiveServer, admin: httpx.Client) -> None:
    roles = roles_by_name(admin)
    preset = admin.post("/api/v1/roles", json={
        "name": "Offline Login Access", "permissions": ["offline.login"]}).json()
    basic_id, medic_id = user_id(admin, "basic@"), user_id(admin, "medic@")
    added = admin.post(f"/api/v1/roles/{preset['id']}/members",
                       json={"user_ids": [basic_id, medic_id, basic_id]})
    assert added.status_code == 200 and added.json()["user_count"] == 2
    assert server.login(*BASIC).json()["user"]["credential_version"] == 2
    assert "offline.login" in server.login(*BASIC).json()["user"]["permissions"]
    members = {m["email"]: m["loses"] for m in
               admin.get(f"/api/v1/roles/{preset['id']}/members").json()}
    # The medic's "Offline Medic" role grants offline sign-in too, so they lose nothing.
    assert members == {BASIC[0]: ["offline.login"], MEDIC[0]: []}
    again = admin.post(f"/api/v1/roles/{preset['id']}/members", json={"user_ids": [basic_id]})
    assert again.json()["user_count"] == 2
    assert server.login(*BASIC).json()["user"]["credential_version"] == 2  # nothing changed
    removed = admin.delete(f"/api/v1/roles/{preset['id']}/members/{basic_id}")
    assert removed.status_code == 204
    after = server.login(*BASIC).json()["user"]
    assert after["credential_version"] == 3 and "offline.login" not in after["permissions"]
    assert error_code(admin.post(f"/api/v1/roles/{preset['id']}/members",
                                 json={"user_ids": [999999]}), 404) == "not_found"
    assert error_code(admin.post(f"/api/v1/roles/{preset['id']}/members",
                                 json={"user_ids": []}), 422) == "invalid_request"
    administrator = roles["Administrator"]["id"]
    admin_id = user_id(admin, "admin@demo")
    assert error_code(admin.delete(f"/api/v1/roles/{administrator}/members/{admin_id}"),
                      409) == "cannot_modify_self"
    with server.as_user(*MEDIC) as medic:
        assert error_code(medic.get(f"/api/v1/roles/{preset['id']}/members"), 403) == \
            "forbidden"


def test_role_members_of_another_agency_are_not_found(server: LiveServer,
                                                      admin: httpx.Client) -> None:
    from tests.helpers import NEIGHBOR

    role = roles_by_name(admin)["User"]["id"]
    with server.as_user(*NEIGHBOR) as neighbor:
        assert error_code(neighbor.get(f"/api/v1/roles/{role}/members"), 404) == "not_found"
        theirs = roles_by_name(neighbor)
        some = next(iter(theirs.values()))["id"]
        medic_id = user_id(admin, "medic@")
        assert error_code(neighbor.post(f"/api/v1/roles/{some}/members",
                                        json={"user_ids": [medic_id]}), 404) == "not_found"


def test_roles_cannot_lock_out_every_admin(admin: httpx.Client) -> None:
    administrator = roles_by_name(admin)["Administrator"]
    stripped = admin.patch(f"/api/v1/roles/{administrator['id']}",
                           json={"permissions": ["epcr.access"]})
    assert error_code(stripped, 409) == "last_admin"
    assert error_code(admin.delete(f"/api/v1/roles/{administrator['id']}"), 409) == "last_admin"
    assert len(roles_by_name(admin)["Administrator"]["permissions"]) == 9


def test_agency_settings(server: LiveServer, admin: httpx.Client) -> None:
    assert admin.get("/api/v1/agency").json() == {
        "name": "Demo County EMS", "offline_login_enabled": True, "offline_max_days": 14,
        "auto_lock_minutes": 15}
    changed = admin.patch("/api/v1/agency", json={"offline_max_days": 30,
                                                  "auto_lock_minutes": 5})
    assert changed.json()["offline_max_days"] == 30
    assert server.login(*MEDIC).json()["agency"]["auto_lock_minutes"] == 5
    for bad in ({"offline_max_days": 0}, {"offline_max_days": 91}, {"auto_lock_minutes": 121},
                {"offline_login_enabled": "yes"}, {"name": ""}):
        assert error_code(admin.patch("/api/v1/agency", json=bad), 422) == "invalid_request"
    assert admin.get("/api/v1/agency").json()["offline_max_days"] == 30


def test_devices(server: LiveServer, admin: httpx.Client) -> None:
    listed = admin.get("/api/v1/devices").json()
    assert [d["name"] for d in listed] == ["Demo Laptop"]
    created = admin.post("/api/v1/devices", json={"name": "Medic 12"})
    assert created.status_code == 201
    assert error_code(admin.post("/api/v1/devices", json={"name": "medic 12"}),
                      409) == "device_name_taken"
    device_id = created.json()["device_id"]
    adopted = admin.post(f"/api/v1/devices/{device_id}/adopt")
    assert adopted.json() == created.json()
    # Never said what it holds: revoking, so nothing it may hold is lost (issue 14, #8).
    revoking = admin.delete(f"/api/v1/devices/{device_id}")
    assert revoking.status_code == 202 and revoking.json()["status"] == "revoking"
    assert error_code(admin.post(f"/api/v1/devices/{device_id}/adopt"), 409) == "device_revoked"
    forced = admin.delete(f"/api/v1/devices/{device_id}", params={"force": "true"})
    assert forced.status_code == 204
    assert admin.delete(f"/api/v1/devices/{device_id}").status_code == 204  # idempotent
    assert error_code(admin.post(f"/api/v1/devices/{device_id}/adopt"), 409) == "device_revoked"
    statuses = {d["name"]: d["status"] for d in admin.get("/api/v1/devices").json()}
    assert statuses == {"Demo Laptop": "active", "Medic 12": "revoked"}
    # A revoked device's name can be used again.
    assert admin.post("/api/v1/devices", json={"name": "Medic 12"}).status_code == 201


def check(server: LiveServer, client: httpx.Client, cached: dict[int, int],
          device: str | None = None) -> dict[str, Any]:
    response = client.post(
        f"/api/v1/devices/{device or server.demo_device_id}/credential-check",
        json={"users": [{"user_id": k, "credential_version": v} for k, v in cached.items()]})
    assert response.status_code == 200, response.text
    body: dict[str, Any] = response.json()
    return body


def test_credential_check_reports_every_status(server: LiveServer, admin: httpx.Client) -> None:
    ids = {email: user_id(admin, email) for email in
           ("medic@", "basic@", "mfa@", SSO_EMAIL, "admin@demo")}
    admin.post("/api/v1/users", json={"email": "gone@demo.local", "name": "Gone",
                                      "password": GOOD_PASSWORD,
                                      "role_ids": [roles_by_name(admin)["Offline Medic"]["id"]]})
    gone = user_id(admin, "gone@")
    medic_role = roles_by_name(admin)["Offline Medic"]["id"]
    admin.patch(f"/api/v1/users/{ids['mfa@']}", json={"password": GOOD_PASSWORD})
    disabled = admin.post("/api/v1/users", json={"email": "off@demo.local", "name": "Off",
                                                 "role_ids": [medic_role]}).json()["id"]
    admin.patch(f"/api/v1/users/{disabled}", json={"disabled": True})
    admin.delete(f"/api/v1/users/{gone}")
    with server.as_user(*MEDIC) as medic:  # any signed-in user of the agency may ask
        body = check(server, medic, {ids["medic@"]: 1, ids["basic@"]: 1, ids["mfa@"]: 1,
                                     disabled: 1, gone: 1, ids[SSO_EMAIL]: 1, 999999: 1})
    assert body["device"] == "active" and body["offline_max_days"] == 14
    assert {u["user_id"]: u["status"] for u in body["users"]} == {
        ids["medic@"]: "valid",
        ids["basic@"]: "offline_permission_removed",  # role "User" has no offline.login
        ids["mfa@"]: "password_changed",
        disabled: "disabled",
        gone: "deleted",
        ids[SSO_EMAIL]: "offline_permission_removed",  # SSO never signs in offline
        999999: "deleted",
    }


def test_credential_check_follows_agency_switch_and_device_revocation(
    server: LiveServer, admin: httpx.Client
) -> None:
    medic_id = user_id(admin, "medic@")
    with server.as_user(*MEDIC) as medic:
        assert check(server, medic, {medic_id: 1})["users"][0]["status"] == "valid"
        admin.patch("/api/v1/agency", json={"offline_login_enabled": False})
        assert check(server, medic, {medic_id: 1})["users"][0]["status"] == \
            "offline_permission_removed"
    device = admin.post("/api/v1/devices", json={"name": "Soon gone"}).json()["device_id"]
    admin.delete(f"/api/v1/devices/{device}")
    assert check(server, admin, {medic_id: 1}, device)["device"] == "revoking"
    admin.delete(f"/api/v1/devices/{device}", params={"force": "true"})
    assert check(server, admin, {medic_id: 1}, device)["device"] == "revoked"


def test_credential_check_of_another_agencys_device_is_not_found(server: LiveServer) -> None:
    from tests.helpers import NEIGHBOR

    with server.as_user(*NEIGHBOR) as neighbor:
        response = neighbor.post(f"/api/v1/devices/{server.demo_device_id}/credential-check",
                                 json={"users": []})
        assert error_code(response, 404) == "not_found"
