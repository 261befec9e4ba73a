"""Users admin: create, welcome email, search, edit, delete and recreate."""

from __future__ import annotations

import httpx
import pytest

from tests.helpers import BASIC, GOOD_PASSWORD, error_code
from tests.support.server import LiveServer, link_in
from tests.support.smtp import Inbox


def role_id(admin: httpx.Client, name: str) -> int:
    with_roles = admin.get("/api/v1/users", params={"email": "admin@demo"}).json()["items"][0]
    roles = {r["name"]: r["id"] for r in with_roles["roles"]}
    if name in roles:
        return roles[name]
    medic = admin.get("/api/v1/users", params={"email": "medic@"}).json()["items"][0]
    basic = admin.get("/api/v1/users", params={"email": "basic@"}).json()["items"][0]
    roles |= {r["name"]: r["id"] for r in medic["roles"] + basic["roles"]}
    return roles[name]


def find(admin: httpx.Client, email: str) -> dict[str, object]:
    items = admin.get("/api/v1/users", params={"email": email}).json()["items"]
    assert len(items) == 1, items
    found: dict[str, object] = items[0]
    return found


def test_admin_creates_user_who_sets_password_from_welcome_email(
    server: LiveServer, admin: httpx.Client, inbox: Inbox
) -> None:
    created = admin.post("/api/v1/users", json={
        "email": "New.Medic@Demo.Local", "name": "Nia Newcomer",
        "role_ids": [role_id(admin, "Offline Medic")]})
    assert created.status_code == 201, created.text
    user = created.json()
    assert user["email"] == "new.medic@demo.local"
    assert user["password_set"] is False
    assert user["permissions"] == ["epcr.access", "offline.login"]
    message = inbox.wait_for("new.medic@demo.local")
    assert "Demo County EMS" in message["Subject"]
    link = link_in(message)
    page = httpx.get(link)
    assert "Set your password" in page.text
    token = link.split("token=")[1]
    done = httpx.post(f"{server.base_url}/reset-password",
                      data={"token": token, "password": GOOD_PASSWORD, "confirm": GOOD_PASSWORD})
    assert done.status_code == 200
    signed_in = server.login("new.medic@demo.local", GOOD_PASSWORD)
    assert signed_in.status_code == 200
    assert signed_in.json()["user"]["id"] == user["id"]


def test_welcome_link_lasts_72_hours(server: LiveServer, admin: httpx.Client, inbox: Inbox) -> None:
    admin.post("/api/v1/users", json={"email": "late@demo.local", "name": "Lee Late"})
    link = link_in(inbox.wait_for("late@demo.local"))
    server.clock.advance(hours=71)
    assert httpx.get(link).status_code == 200
    server.clock.advance(hours=2)
    assert httpx.get(link).status_code == 400


def test_user_created_with_password_gets_no_welcome(
    server: LiveServer, admin: httpx.Client, inbox: Inbox
) -> None:
    created = admin.post("/api/v1/users", json={
        "email": "ready@demo.local", "name": "Ready Rae", "password": GOOD_PASSWORD})
    assert created.status_code == 201 and created.json()["password_set"] is True
    server.ctx.mail.flush()
    assert inbox.to("ready@demo.local") == []
    assert server.login("ready@demo.local", GOOD_PASSWORD).status_code == 200


def test_create_refusals(admin: httpx.Client) -> None:
    taken = admin.post("/api/v1/users", json={"email": "MEDIC@demo.local", "name": "Dup"})
    assert error_code(taken, 409) == "email_taken"
    weak = admin.post("/api/v1/users", json={"email": "w@demo.local", "name": "W",
                                             "password": "password"})
    assert error_code(weak, 400) == "weak_password"
    role = admin.post("/api/v1/users", json={"email": "r@demo.local", "name": "R",
                                             "role_ids": [99999]})
    assert error_code(role, 422) == "unknown_role"
    sso_pw = admin.post("/api/v1/users", json={"email": "s@demo.local", "name": "S",
                                               "auth_provider": "sso", "password": GOOD_PASSWORD})
    assert error_code(sso_pw, 422) == "invalid_request"
    bad_email = admin.post("/api/v1/users", json={"email": "not-an-email", "name": "N"})
    assert error_code(bad_email, 422) == "invalid_request"
    blank_name = admin.post("/api/v1/users", json={"email": "b@demo.local", "name": "   "})
    assert error_code(blank_name, 422) == "invalid_request"
    assert admin.get("/api/v1/users", params={"email": "@demo.local"}).json()["total"] == 5


def test_sso_account_can_be_created_and_is_refused_password_sign_in(
    server: LiveServer, admin: httpx.Client, inbox: Inbox
) -> None:
    created = admin.post("/api/v1/users", json={"email": "sso2@demo.local", "name": "S2",
                                                "auth_provider": "sso"})
    assert created.status_code == 201 and created.json()["auth_provider"] == "sso"
    assert error_code(server.login("sso2@demo.local", GOOD_PASSWORD), 403) == "sso_required"
    server.ctx.mail.flush()
    assert inbox.to("sso2@demo.local") == []  # nothing to set


def test_search_by_id_email_and_name(admin: httpx.Client) -> None:
    medic = find(admin, "medic@demo")
    by_id = admin.get("/api/v1/users", params={"id": medic["id"]}).json()
    assert by_id["total"] == 1 and by_id["items"][0]["email"] == "medic@demo.local"
    assert admin.get("/api/v1/users", params={"name": "MORGAN"}).json()["items"][0]["id"] == \
        medic["id"]
    everyone = admin.get("/api/v1/users").json()
    assert everyone["total"] == 5  # the neighbor agency's admin is not listed
    page = admin.get("/api/v1/users", params={"limit": 2, "offset": 2}).json()
    assert page["total"] == 5 and [u["id"] for u in page["items"]] == \
        [u["id"] for u in everyone["items"][2:4]]
    assert error_code(admin.get("/api/v1/users", params={"id": "abc"}), 422) == "invalid_request"


@pytest.mark.parametrize("needle", ["%", "_", "'", "\"; DROP TABLE users; --", "\\",
                                    "<b>", "' OR '1'='1", "%%", "\\%"])
def test_search_treats_meta_characters_literally(admin: httpx.Client, needle: str) -> None:
    for field in ("email", "name"):
        response = admin.get("/api/v1/users", params={field: needle})
        assert response.status_code == 200
        assert response.json()["total"] == 0
    assert admin.get("/api/v1/users").json()["total"] == 5


def test_control_characters_in_search_are_refused(admin: httpx.Client) -> None:
    for needle in ("\x00", "a\x07b"):
        response = admin.get("/api/v1/users", params={"name": needle})
        assert error_code(response, 422) == "invalid_request"


def test_unicode_and_meta_character_names_round_trip(admin: httpx.Client) -> None:
    for name in ("José Ñúñez-Øster", "李小龍", "O'Brien <b>\"&\"</b> %_; --"):
        email = f"u{abs(hash(name)) % 10**6}@demo.local"
        created = admin.post("/api/v1/users", json={"email": email, "name": name})
        assert created.status_code == 201 and created.json()["name"] == name
        found = admin.get("/api/v1/users", params={"name": name}).json()["items"]
        assert [u["email"] for u in found] == [email]


def test_patch_with_blank_password_keeps_the_password(
    server: LiveServer, admin: httpx.Client
) -> None:
    basic = find(admin, "basic@")
    for body in ({"name": "Blake B.", "password": ""}, {"name": "Blake Basic"}):
        response = admin.patch(f"/api/v1/users/{basic['id']}", json=body)
        assert response.status_code == 200
        assert response.json()["name"] == body["name"]
    assert server.login(*BASIC).status_code == 200
    assert server.login(*BASIC).json()["user"]["credential_version"] == 1


def test_patch_password_roles_and_mfa(server: LiveServer, admin: httpx.Client) -> None:
    basic = find(admin, "basic@")
    session = server.as_user(*BASIC)
    changed = admin.patch(f"/api/v1/users/{basic['id']}", json={
        "password": GOOD_PASSWORD, "role_ids": [role_id(admin, "Offline Medic")]})
    assert changed.status_code == 200
    assert changed.json()["credential_version"] == 3  # password and roles each count
    assert changed.json()["permissions"] == ["epcr.access", "offline.login"]
    assert error_code(session.get("/api/v1/me"), 401) == "invalid_token"
    session.close()
    assert error_code(server.login(*BASIC), 401) == "invalid_credentials"
    assert server.login(BASIC[0], GOOD_PASSWORD).status_code == 200

    mfa_user = find(admin, "mfa@")
    assert mfa_user["mfa_enabled"] is True
    reset = admin.patch(f"/api/v1/users/{mfa_user['id']}", json={"reset_mfa": True})
    assert reset.json()["mfa_enabled"] is False
    assert server.login("mfa@demo.local", "Demo-Mfa-2026!!").status_code == 200


def test_patch_email(server: LiveServer, admin: httpx.Client) -> None:
    basic = find(admin, "basic@")
    taken = admin.patch(f"/api/v1/users/{basic['id']}", json={"email": "medic@demo.local"})
    assert error_code(taken, 409) == "email_taken"
    moved = admin.patch(f"/api/v1/users/{basic['id']}", json={"email": "blake@demo.local"})
    assert moved.json()["email"] == "blake@demo.local"
    assert server.login("blake@demo.local", BASIC[1]).status_code == 200


def test_delete_then_sign_in_refused_then_recreate_with_new_id(
    server: LiveServer, admin: httpx.Client
) -> None:
    basic = find(admin, "basic@")
    session = server.as_user(*BASIC)
    assert admin.delete(f"/api/v1/users/{basic['id']}").status_code == 204
    assert error_code(session.get("/api/v1/me"), 401) == "invalid_token"
    session.close()
    assert error_code(server.login(*BASIC), 401) == "invalid_credentials"
    assert error_code(admin.get(f"/api/v1/users/{basic['id']}"), 404) == "not_found"
    assert error_code(admin.delete(f"/api/v1/users/{basic['id']}"), 404) == "not_found"
    again = admin.post("/api/v1/users", json={"email": BASIC[0], "name": "Blake Again",
                                              "password": GOOD_PASSWORD})
    assert again.status_code == 201
    assert again.json()["id"] != basic["id"]
    assert server.login(BASIC[0], GOOD_PASSWORD).json()["user"]["id"] == again.json()["id"]


def test_admin_cannot_remove_the_last_admin_or_themselves(admin: httpx.Client) -> None:
    me = admin.get("/api/v1/me").json()
    assert error_code(admin.delete(f"/api/v1/users/{me['id']}"), 409) == "cannot_modify_self"
    assert error_code(admin.patch(f"/api/v1/users/{me['id']}", json={"disabled": True}),
                      409) == "cannot_modify_self"
    demoted = admin.patch(f"/api/v1/users/{me['id']}", json={"role_ids": []})
    assert error_code(demoted, 409) == "cannot_modify_self"  # own roles: never (grants.py)
    assert admin.get("/api/v1/me").json()["permissions"] == me["permissions"]


def test_get_user(admin: httpx.Client) -> None:
    medic = find(admin, "medic@")
    got = admin.get(f"/api/v1/users/{medic['id']}")
    assert got.status_code == 200 and got.json() == medic
    assert error_code(admin.get("/api/v1/users/999999"), 404) == "not_found"
