"""Admin Tools: the agency's users, roles and settings, managed from the client.

Online only, with the signed-in user's own token; the server checks every permission
and agency again (docs/protocol.md), so hiding a screen is a courtesy, not the guard.
Pure Python: the Qt screens in `ui/admin_*.py` and the tests drive the same calls.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from fieldclient.session import Session

# The screens each needs; the Admin Panel is shown to holders of any of them.
USERS, ROLES, AGENCY, DEVICES = "users.manage", "roles.manage", "agency.manage", "devices.manage"
ADMIN_PERMISSIONS = (USERS, ROLES, AGENCY, DEVICES)
SEARCH_FIELDS = ("name", "email", "id")


@dataclass(frozen=True)
class UserPage:
    items: list[dict[str, Any]]
    total: int
    offset: int


def is_admin(permissions: list[str]) -> bool:
    return any(p in permissions for p in ADMIN_PERMISSIONS)


class Admin:
    def __init__(self, session: Session) -> None:
        self._session = session

    def _call(self, method: str, path: str, **kwargs: Any) -> Any:
        api = self._session.api
        return self._session.authorized(
            lambda token: api.call(method, f"/api/v1{path}", token, **kwargs))

    # --- users ---------------------------------------------------------------------------
    def users(self, text: str = "", field: str = "name", *, offset: int = 0,
              limit: int = 50) -> UserPage:
        """One page of users; `text` searches `field` (name, email or id) on the server."""
        if field not in SEARCH_FIELDS:
            raise ValueError(f"search field must be one of {SEARCH_FIELDS}")
        params: dict[str, Any] = {"limit": limit, "offset": offset}
        if text.strip():
            params[field] = text.strip()
        answer = self._call("GET", "/users", params=params)
        return UserPage(list(answer["items"]), int(answer["total"]), offset)

    def create_user(self, email: str, name: str, role_ids: list[int],
                    password: str = "") -> dict[str, Any]:
        """Without a password, the server emails a welcome link to set one."""
        body: dict[str, Any] = {"email": email.strip(), "name": name.strip(),
                                "role_ids": role_ids}
        if password:
            body["password"] = password
        answer: dict[str, Any] = self._call("POST", "/users", json=body)
        return answer

    def update_user(self, user_id: int, *, name: str | None = None,
                    role_ids: list[int] | None = None, disabled: bool | None = None,
                    reset_mfa: bool = False, password: str = "") -> dict[str, Any]:
        """A blank password leaves the password as it is."""
        body: dict[str, Any] = {k: v for k, v in (("name", name), ("role_ids", role_ids),
                                                 ("disabled", disabled)) if v is not None}
        if reset_mfa:
            body["reset_mfa"] = True
        if password:
            body["password"] = password
        answer: dict[str, Any] = self._call("PATCH", f"/users/{user_id}", json=body)
        return answer

    def delete_user(self, user_id: int) -> None:
        self._call("DELETE", f"/users/{user_id}")

    # --- roles ---------------------------------------------------------------------------
    def roles(self) -> list[dict[str, Any]]:
        answer: list[dict[str, Any]] = self._call("GET", "/roles")
        return answer

    # --- agency --------------------------------------------------------------------------
    def agency(self) -> dict[str, Any]:
        """{name, offline_login_enabled, offline_max_days, auto_lock_minutes}"""
        answer: dict[str, Any] = self._call("GET", "/agency")
        return answer

    def update_agency(self, *, offline_login_enabled: bool, offline_max_days: int,
                      auto_lock_minutes: int) -> dict[str, Any]:
        answer: dict[str, Any] = self._call("PATCH", "/agency", json={
            "offline_login_enabled": offline_login_enabled,
            "offline_max_days": offline_max_days, "auto_lock_minutes": auto_lock_minutes})
        return answer
