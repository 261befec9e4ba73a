"""HTTP client for the agency server (docs/protocol.md). No Qt; never logs secrets.

One `requests.Session` (keep-alive) for the device's life; every call has a timeout.
TLS certificates are always verified, against the operating system's certificate store
(truststore: the Windows store, where an agency's internal CA is installed; OpenSSL's
system store on Linux), never against a bundle shipped with the client. A failure raises
TlsError and is shown as such, never taken as "offline".
"""

from __future__ import annotations

import threading
from enum import Enum
from typing import TYPE_CHECKING, Any

from fieldclient.plumbing.errors import ApiRefusal, ServerUnreachable, TlsError

if TYPE_CHECKING:
    import requests

UNREACHABLE = "The agency server cannot be reached."
TLS_FAILED = ("The agency server's security certificate could not be verified, so "
              "fieldclient will not talk to it. Check the date and time, or ask support.")


class Reachability(Enum):
    ONLINE = "online"
    OFFLINE = "offline"
    WRONG_SERVER = "wrong_server"  # something answered, but not a fieldserver (captive portal?)


class Api:
    def __init__(self, base_url: str, *, timeout: float = 20.0,
                 probe_timeout: float = 3.0) -> None:
        self.base_url = base_url.rstrip("/")
        self._timeout = timeout
        self._probe_timeout = probe_timeout
        self._session: requests.Session | None = None
        self._lock = threading.Lock()

    @property
    def _http(self) -> requests.Session:
        """Made on first use: importing requests costs ~100 ms, kept off the start-up path."""
        with self._lock:
            if self._session is None:
                from fieldclient.plumbing.http_session import new_session

                self._session = new_session()
            return self._session

    def rebase(self, base_url: str) -> None:
        """Talk to another address from now on (device set-up). A request still under way
        on another thread finishes against the old one."""
        with self._lock:
            self.base_url = base_url.rstrip("/")

    def close(self) -> None:
        with self._lock:
            if self._session is not None:
                self._session.close()
            self._session = None

    # --- reachability -------------------------------------------------------------
    def probe(self) -> Reachability:
        """Does our own server answer /health with the expected JSON, quickly?"""
        try:
            response = self._send("GET", "/api/v1/health", timeout=self._probe_timeout)
        except ServerUnreachable:
            return Reachability.OFFLINE
        try:
            body = response.json()
        except ValueError:
            return Reachability.WRONG_SERVER
        ok = (response.status_code == 200 and isinstance(body, dict)
              and body.get("status") == "ok" and body.get("api_version") == 1)
        return Reachability.ONLINE if ok else Reachability.WRONG_SERVER

    # --- calls ----------------------------------------------------------------------
    def login(self, email: str, password: str, device_id: str | None, *,
              proof_key: str | None = None, agency_id: int | None = None) -> dict[str, Any]:
        """`proof_key`: the device's refresh-signing public key (with device_id).
        `agency_id`: the agency chosen after a 409 choose_agency."""
        body: dict[str, Any] = {"email": email, "password": password, "device_id": device_id}
        if proof_key is not None:
            body["device_proof_key"] = proof_key
        if agency_id is not None:
            body["agency_id"] = agency_id
        return self._object("POST", "/api/v1/auth/login", json=body)

    def mfa(self, mfa_token: str, code: str) -> dict[str, Any]:
        return self._object("POST", "/api/v1/auth/mfa",
                            json={"mfa_token": mfa_token, "code": code})

    def refresh(self, refresh_token: str, device_id: str | None,
                proof: str | None = None) -> dict[str, Any]:
        return self._object("POST", "/api/v1/auth/refresh", json={
            "refresh_token": refresh_token, "device_id": device_id, "proof": proof})

    def logout(self, token: str) -> None:
        self._json("POST", "/api/v1/auth/logout", token=token)

    def me(self, token: str) -> dict[str, Any]:
        return self._object("GET", "/api/v1/me", token=token)

    def forgot_password(self, email: str) -> None:
        self._json("POST", "/api/v1/auth/password/forgot", json={"email": email})

    def change_password(self, token: str, current: str, new: str) -> None:
        self._json("POST", "/api/v1/auth/password/change", token=token,
                   json={"current_password": current, "new_password": new})

    def credential_check(self, token: str, device_id: str, users: list[tuple[int, int]],
                         unsynced: int | None = None) -> dict[str, Any]:
        """Are these cached users still valid, and this device? `unsynced`: the reports
        and drafts here the server does not have (a revoke waits for them)."""
        payload: dict[str, Any] = {
            "users": [{"user_id": u, "credential_version": v} for u, v in users]}
        if unsynced is not None:
            payload["unsynced_reports"] = unsynced
        return self._object("POST", f"/api/v1/devices/{device_id}/credential-check",
                            token=token, json=payload)

    def form(self, token: str, form_id: str, etag: str | None,
             version: int | None = None) -> tuple[str | None, dict[str, Any] | None]:
        """The current definition (or the version asked for) and its ETag, or (etag, None)
        when ours is current."""
        headers = {"Authorization": f"Bearer {token}"}
        if etag:
            headers["If-None-Match"] = etag
        path = f"/api/v1/forms/{form_id}" + ("" if version is None else f"/{int(version)}")
        response = self._send("GET", path, headers=headers)
        if response.status_code == 304:
            return etag, None
        if response.status_code >= 400:
            raise _refusal(response)
        return response.headers.get("ETag"), response.json()

    def upload_reports(self, token: str, items: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """POST /reports/batch: per item {id, status, body}, as a PUT of each would answer."""
        answer = self._object("POST", "/api/v1/reports/batch", token=token,
                              json={"items": items})
        results: list[dict[str, Any]] = answer["results"]
        return results

    def put_addendum(self, token: str, report_id: str, addendum_id: str, text: str,
                     written_at: str) -> dict[str, Any]:
        """PUT /reports/{id}/addenda/{addendum id}: a repeat is the same addendum."""
        return self._object("PUT", f"/api/v1/reports/{report_id}/addenda/{addendum_id}",
                            token=token, json={"text": text, "written_at": written_at})

    def put_signature(self, token: str, report_id: str, signature_id: str,
                      body: dict[str, Any]) -> dict[str, Any]:
        """PUT /reports/{id}/signatures/{signature id}: a repeat is the same signature."""
        return self._object("PUT", f"/api/v1/reports/{report_id}/signatures/{signature_id}",
                            token=token, json=body)

    def put_audit_events(self, token: str, events: list[dict[str, Any]]) -> dict[str, Any]:
        """POST /audit/events: this user's prints, saves and views; a repeat is one."""
        return self._object("POST", "/api/v1/audit/events", token=token,
                            json={"events": events})

    def unlock_report(self, token: str, report_id: str, reason: str) -> dict[str, Any]:
        """POST /reports/{id}/unlock (reports.unlock): the report as it is now."""
        return self._object("POST", f"/api/v1/reports/{report_id}/unlock", token=token,
                            json={"reason": reason})

    def changes(self, token: str, what: str, since: str | None) -> dict[str, Any]:
        """GET /incidents or /reports since a cursor: {items, next_cursor}."""
        return self._object("GET", f"/api/v1/{what}", token=token,
                            params={"since": since} if since else None)

    def devices(self, token: str) -> list[dict[str, Any]]:
        answer = self._json("GET", "/api/v1/devices", token=token)
        if not isinstance(answer, list):
            raise ApiRefusal(502, "bad_response", "The server's answer was not understood.")
        return answer

    def register_device(self, token: str, name: str) -> dict[str, Any]:
        return self._object("POST", "/api/v1/devices", token=token, json={"name": name})

    def revoke_device(self, token: str, device_id: str) -> None:
        """At once (force): used only to undo a registration no store was made for."""
        self._json("DELETE", f"/api/v1/devices/{device_id}", token=token,
                   params={"force": "true"})

    def adopt_device(self, token: str, device_id: str) -> dict[str, Any]:
        return self._object("POST", f"/api/v1/devices/{device_id}/adopt", token=token)

    def call(self, method: str, path: str, token: str, *, json: dict[str, Any] | None = None,
             params: dict[str, Any] | None = None) -> Any:
        """Any other endpoint (Admin Tools, fieldclient/admin.py): JSON in, JSON out."""
        return self._json(method, path, token=token, json=json, params=params)

    def upload(self, path: str, token: str, *, filename: str, content: bytes,
               fields: dict[str, str]) -> dict[str, Any]:
        """A multipart file upload. Answers the JSON body for 2xx, and for a 422 that lists
        `errors` (a checked import's problems by row); any other refusal raises ApiRefusal."""
        response = self._send("POST", path, headers={"Authorization": f"Bearer {token}"},
                              files={"file": (filename, content)}, data=fields)
        body = _body(response)
        if response.status_code >= 400 and not (response.status_code == 422 and "errors" in body):
            raise _refusal(response)
        return body

    def put_xml(self, path: str, token: str, content: bytes) -> Any:
        """A NEMSIS document (application/xml) in, JSON out."""
        return self.send_bytes("PUT", path, token, content, "application/xml")

    def send_bytes(self, method: str, path: str, token: str, content: bytes, kind: str,
                   params: dict[str, Any] | None = None) -> Any:
        """A raw body of this media type in, JSON out."""
        response = self._send(method, path, headers={"Authorization": f"Bearer {token}",
                                                     "Content-Type": kind},
                              data=content, params=params)
        if response.status_code >= 400:
            raise _refusal(response)
        return _body(response)

    def download(self, path: str, token: str, params: dict[str, Any] | None = None) -> bytes:
        response = self._send("GET", path, headers={"Authorization": f"Bearer {token}"},
                              params=params)
        if response.status_code >= 400:
            raise _refusal(response)
        return response.content

    # --- plumbing ---------------------------------------------------------------------
    def _object(self, method: str, path: str, *, token: str | None = None,
                json: dict[str, Any] | None = None,
                params: dict[str, Any] | None = None) -> dict[str, Any]:
        answer = self._json(method, path, token=token, json=json, params=params)
        if not isinstance(answer, dict):
            raise ApiRefusal(502, "bad_response", "The server's answer was not understood.")
        return answer

    def _json(self, method: str, path: str, *, token: str | None = None,
              json: dict[str, Any] | None = None,
              params: dict[str, Any] | None = None) -> Any:
        headers = {"Authorization": f"Bearer {token}"} if token else {}
        response = self._send(method, path, json=json, headers=headers, params=params)
        if response.status_code >= 400:
            raise _refusal(response)
        return response.json() if response.content else None

    def _send(self, method: str, path: str, *, timeout: float | None = None,
              **kwargs: Any) -> requests.Response:
        import requests

        url = self.base_url + path
        try:
            return self._http.request(method, url, timeout=timeout or self._timeout,
                                      allow_redirects=False, **kwargs)
        except requests.exceptions.SSLError:
            raise TlsError(TLS_FAILED) from None
        except (requests.ConnectionError, requests.Timeout,
                requests.exceptions.ChunkedEncodingError) as exc:
            if _is_tls_failure(exc):
                raise TlsError(TLS_FAILED) from None
            raise ServerUnreachable(UNREACHABLE) from None


def _body(response: requests.Response) -> dict[str, Any]:
    try:
        body = response.json()
    except ValueError:
        return {}
    return body if isinstance(body, dict) else {}


def _refusal(response: requests.Response) -> ApiRefusal:
    try:
        error = response.json()["error"]
        code, message = str(error["code"]), str(error["message"])
        extra = {k: v for k, v in error.items() if k not in ("code", "message")}
    except (ValueError, KeyError, TypeError):
        code, message, extra = "http_error", f"The server answered {response.status_code}.", {}
    if "Retry-After" in response.headers:
        extra["retry_after"] = response.headers["Retry-After"]
    return ApiRefusal(response.status_code, code, message, **extra)


def _is_tls_failure(exc: BaseException) -> bool:
    import ssl

    seen: BaseException | None = exc
    while seen is not None:
        if isinstance(seen, ssl.SSLError):
            return True
        seen = seen.__cause__ or seen.__context__
    return False
