"""Admin Tools: the agency's users, roles and settings, managed from the client.

Online only, with the signed-in user's own token; the server checks every permission
and agency again (docs/protocol.md), so hiding a screen is a courtesy, not the guard.
Pure Python: the Qt screens in `ui/admin_*.py` and the tests drive the same calls.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fieldclient.plumbing.errors import ApiRefusal, FieldClientError
from fieldclient.signin.session import Session

# The screens each needs; the Admin Panel is shown to holders of any of them.
USERS, ROLES, AGENCY, DEVICES = "users.manage", "roles.manage", "agency.manage", "devices.manage"
REVIEW = "reports.review"
ADMIN_PERMISSIONS = (USERS, ROLES, AGENCY, DEVICES, REVIEW)
SEARCH_FIELDS = ("name", "email", "id")
OFFLINE_LOGIN = "offline.login"
# The recommended pattern: one small role that only adds offline sign-in, given to
# the crews who need it on top of their usual role.
OFFLINE_PRESET = ("Offline Login Access", [OFFLINE_LOGIN])
IMPORT_LIMIT = 10 * 1024 * 1024  # the server's upload limit (docs/protocol.md)
SPREADSHEET_SUFFIXES = (".csv", ".xlsx")


@dataclass(frozen=True)
class UserPage:
    items: list[dict[str, Any]]
    total: int
    offset: int


@dataclass(frozen=True)
class ImportCheck:
    """The server's answer to an import: a dry run's preview, or what was created.

    `errors` are {row, column, message}; with any, nothing was created."""

    preview: list[dict[str, Any]]
    errors: list[dict[str, Any]]
    created: list[dict[str, Any]]


class ImportFileProblem(FieldClientError):
    """The chosen file cannot be imported (size, type, unreadable); nothing was sent."""


def is_admin(permissions: list[str]) -> bool:
    return any(p in permissions for p in ADMIN_PERMISSIONS)


def server_call(session: Session, method: str, path: str, **kwargs: Any) -> Any:
    """One Admin Tools call to `/api/v1{path}` with the signed-in user's own token."""
    api = session.api
    return session.authorized(lambda token: api.call(method, f"/api/v1{path}", token, **kwargs))


class Admin:
    def __init__(self, session: Session) -> None:
        self._session = session

    def _call(self, method: str, path: str, **kwargs: Any) -> Any:
        return server_call(self._session, method, path, **kwargs)

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

    # --- bulk import -------------------------------------------------------------------
    def import_template(self, fmt: str) -> bytes:
        """The import template, "csv" or "xlsx"."""
        if fmt not in ("csv", "xlsx"):
            raise ValueError("the template comes as csv or xlsx")
        api = self._session.api
        return self._session.authorized(lambda token: api.download(
            "/api/v1/users/import/template", token, {"format": fmt}))

    def import_users(self, path: Path, *, dry_run: bool,
                     content: bytes | None = None) -> ImportCheck:
        """Check (dry_run) or import a CSV/XLSX file. All or nothing: with any error row
        the server creates no one. Size and type are checked before anything is sent.

        content: the bytes a dry run already read, so that the import sends exactly what
        was checked even if the file changed on disk since."""
        if content is None:
            content = read_import_file(path)
        api = self._session.api
        body = self._session.authorized(lambda token: api.upload(
            "/api/v1/users/import", token, filename=path.name, content=content,
            fields={"dry_run": "true" if dry_run else "false"}))
        return ImportCheck(list(body.get("preview", [])), list(body["errors"]),
                           list(body["created"]))

    # --- roles ---------------------------------------------------------------------------
    def roles(self) -> list[dict[str, Any]]:
        """[{id, name, permissions, user_count}]"""
        answer: list[dict[str, Any]] = self._call("GET", "/roles")
        return answer

    def permissions(self) -> list[dict[str, str]]:
        """The catalogue: [{key, label, description}]."""
        answer: list[dict[str, str]] = self._call("GET", "/permissions")
        return answer

    def create_role(self, name: str, permissions: list[str]) -> dict[str, Any]:
        answer: dict[str, Any] = self._call("POST", "/roles", json={
            "name": name.strip(), "permissions": permissions})
        return answer

    def update_role(self, role_id: int, *, name: str | None = None,
                    permissions: list[str] | None = None) -> dict[str, Any]:
        body: dict[str, Any] = {k: v for k, v in (("name", name), ("permissions", permissions))
                                if v is not None}
        answer: dict[str, Any] = self._call("PATCH", f"/roles/{role_id}", json=body)
        return answer

    def delete_role(self, role_id: int) -> None:
        self._call("DELETE", f"/roles/{role_id}")

    def role_members(self, role_id: int) -> list[dict[str, Any]]:
        """[{id, name, email, loses}]: `loses` is what the role alone grants them."""
        answer: list[dict[str, Any]] = self._call("GET", f"/roles/{role_id}/members")
        return answer

    def assign_role(self, role_id: int, user_ids: list[int]) -> dict[str, Any]:
        answer: dict[str, Any] = self._call("POST", f"/roles/{role_id}/members",
                                            json={"user_ids": user_ids})
        return answer

    def unassign_role(self, role_id: int, user_id: int) -> None:
        self._call("DELETE", f"/roles/{role_id}/members/{user_id}")

    def offline_preset(self) -> tuple[dict[str, Any], bool]:
        """The "Offline Login Access" role, made if missing: (role, made_now)."""
        name, permissions = OFFLINE_PRESET
        existing = next((r for r in self.roles() if r["name"].casefold() == name.casefold()),
                        None)
        if existing is not None:
            return existing, False
        return self.create_role(name, permissions), True

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


    # --- NEMSIS demographic data (DEMDataSet) -------------------------------------------
    def nemsis_agency(self) -> dict[str, Any]:
        """{state_id, number, name, state}: dAgency.01-.04 (None where not set)."""
        answer: dict[str, Any] = self._call("GET", "/nemsis/agency")
        return answer

    def facility_contacts(self) -> list[dict[str, Any]]:
        """The DEMDataSet's facilities with each one's handoff email (or None)."""
        return list(self._call("GET", "/agency/facility-contacts"))

    def set_facility_contacts(self, emails: dict[str, str]) -> list[dict[str, Any]]:
        """Replace the handoff emails, by facility code; empty ones are dropped."""
        items = [{"code": code, "email": email.strip()} for code, email in emails.items()
                 if email.strip()]
        return list(self._call("PUT", "/agency/facility-contacts", json={"items": items}))

    def set_nemsis_agency(self, **basics: str) -> dict[str, Any]:
        answer: dict[str, Any] = self._call("PUT", "/nemsis/agency", json=basics)
        return answer

    def import_dem(self, path: Path) -> dict[str, Any]:
        """Replace the agency's DEMDataSet with a file's; the server checks it whole."""
        content = read_dem_file(path)
        session = self._session
        try:
            answer: dict[str, Any] = session.authorized(
                lambda token: session.api.put_xml("/api/v1/nemsis/dem", token, content))
        except ApiRefusal as refused:
            raise DemRefused(refused) from None
        return answer


class DemRefused(FieldClientError):
    """The server refused a DEMDataSet: why, and where in the file (nothing was written)."""

    def __init__(self, refused: ApiRefusal) -> None:
        findings = refused.extra.get("findings") or []
        first = findings[0] if isinstance(findings, list) and findings else None
        where = (f" Line {first.get('line')}, {first.get('element')}: {first.get('message')}"
                 if isinstance(first, dict) else "")
        super().__init__(f"{refused}{where}")


def read_dem_file(path: Path) -> bytes:
    if path.suffix.lower() != ".xml":
        raise ImportFileProblem(f"{path.name} is not a NEMSIS XML file. Choose the agency's "
                                "DEMDataSet (.xml).")
    try:
        size = path.stat().st_size
        if size >= IMPORT_LIMIT:
            raise ImportFileProblem(f"{path.name} is {size / 1024 / 1024:.1f} MB; a "
                                    "DEMDataSet must be under 10 MB.")
        return path.read_bytes()
    except OSError as exc:
        raise ImportFileProblem(f"{path.name} could not be read ({exc.strerror}).") from None


def read_import_file(path: Path) -> bytes:
    """The file's bytes, or a plain-words ImportFileProblem (never half a file)."""
    if path.suffix.lower() not in SPREADSHEET_SUFFIXES:
        raise ImportFileProblem(f"{path.name} is not a spreadsheet. Choose a .csv or .xlsx "
                                "file, like the template.")
    try:
        size = path.stat().st_size
        if size >= IMPORT_LIMIT:
            raise ImportFileProblem(
                f"{path.name} is {size / 1024 / 1024:.1f} MB; an import file must be under "
                "10 MB. Split it into smaller files.")
        return path.read_bytes()
    except OSError as exc:
        raise ImportFileProblem(f"{path.name} could not be read ({exc.strerror}).") from None
