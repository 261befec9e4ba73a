"""A signed-in user: the open store and, when online, server tokens that refresh themselves."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from functools import partial
from typing import Any, TypeVar

from fieldclient.plumbing.api import Api
from fieldclient.plumbing.errors import ApiRefusal
from fieldclient.storage import crypto
from fieldclient.storage.crypto import DeviceProof
from fieldclient.storage.store import CachedUser, LocalStore

T = TypeVar("T")

ONLINE = "online"
OFFLINE = "offline"


@dataclass
class Session:
    """`token_key` (from the user's own slot) seals their refresh token in the store, so
    a later offline sign-in can sync; without a slot the token lives in memory only.
    `proof` signs each refresh: the server takes a device session's token only with it."""

    user: CachedUser
    mode: str
    store: LocalStore
    device_id: str
    api: Api
    proof: DeviceProof
    access_token: str | None = field(default=None, repr=False)
    why_offline: str = ""  # said on screen when an offline session is not for want of network
    token_key: bytes | None = field(default=None, repr=False)
    refresh_token: str | None = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    @property
    def offline(self) -> bool:
        return self.mode == OFFLINE

    def refresh_form(self, now: datetime, form_id: str = "epcr") -> None:
        """Keep the current form definition in the store (a matching ETag costs a 304),
        and every older version a report here was written on, so each opens offline on
        its own form."""
        cached = self.store.latest_form(form_id)
        etag, definition = self.authorized(
            lambda token: self.api.form(token, form_id, cached[1] if cached else None))
        if definition is not None:
            self.store.put_form(form_id, int(definition["version"]), etag, definition, now)
        for version in self.store.missing_form_versions(form_id):
            etag, definition = self.authorized(partial(self._form_version, form_id, version))
            if definition is not None:
                self.store.put_form(form_id, version, etag, definition, now, current=False)

    def _form_version(self, form_id: str, version: int,
                      token: str) -> tuple[str | None, dict[str, Any] | None]:
        return self.api.form(token, form_id, None, version)

    def authorized(self, call: Callable[[str], T]) -> T:
        """Run an API call with a valid access token, refreshing it once when needed.

        Raises ServerUnreachable when offline, ApiRefusal(invalid_token) when the
        refresh token is gone too (the user must sign in online to sync).
        """
        token = self.access_token or self._refresh()
        try:
            return call(token)
        except ApiRefusal as refusal:
            if refusal.status != 401:
                raise
            return call(self._refresh())

    def keep_refresh_token(self, token: str) -> None:
        """Hold the newest refresh token; sealed into the store under the user's key."""
        self.refresh_token = token
        if self.token_key is None:
            self.store.drop_refresh_token(self.user.id)  # none left readable from before
        else:
            self.store.put_refresh_token(self.user.id, crypto.wrap(
                self.token_key, token.encode(), self._aad()))

    def _refresh(self) -> str:
        with self._lock:
            refresh_token = self.refresh_token or self._sealed_token()
            if refresh_token is None:
                raise ApiRefusal(401, "invalid_token", "Sign in online to sync.")
            pair = self.api.refresh(refresh_token, self.device_id,
                                    self.proof.sign_refresh(self.device_id, refresh_token))
            self.keep_refresh_token(str(pair["refresh_token"]))
            self.access_token = str(pair["access_token"])
            return self.access_token

    def _sealed_token(self) -> str | None:
        sealed = self.store.refresh_token(self.user.id)
        if sealed is None or self.token_key is None:
            return None
        token = crypto.unwrap(self.token_key, sealed, self._aad())
        return token.decode() if token is not None else None

    def _aad(self) -> bytes:
        return f"refresh-token|{self.device_id}|{self.user.id}".encode()
