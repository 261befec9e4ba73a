"""First run: an administrator points the device at its server and registers it.

The store is created only on an empty data directory. A marker file makes an
interrupted setup safe to redo; real existing data is never overwritten.
"""

from __future__ import annotations

import base64
import contextlib
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from fieldclient.plumbing.api import Reachability
from fieldclient.plumbing.errors import (
    ApiRefusal,
    FieldClientError,
    ServerUnreachable,
    StorageError,
)
from fieldclient.plumbing.settings import DEVICE_ID, UNDONE_REGISTRATION
from fieldclient.signin import refusals
from fieldclient.signin.device import Device, MfaPending
from fieldclient.signin.rules import online_refusal
from fieldclient.storage.crypto import random_key
from fieldclient.storage.database import Database
from fieldclient.storage.vault import Vault

LOOPBACK = ("127.0.0.1", "localhost", "::1")


class SetupProblem(FieldClientError):
    pass


@dataclass(frozen=True)
class AgencyChoice:
    """The email and password open administrator accounts in several agencies (the
    server says so only once the password is proved): the admin picks this laptop's.
    The password waits here, in memory, for the retry."""

    email: str
    password: str = field(repr=False)
    agencies: tuple[tuple[int, str], ...]  # (id, name)


@dataclass
class AdminSetup:
    """An administrator signed in online during setup; picks or names the device.

    Nothing reaches the server before this computer has shown it can keep the store
    (a working OS keyring, an empty data directory). A registration whose store then
    fails is revoked again, so no retry leaves an orphan device (or its name) behind;
    if even the revocation cannot reach the server, the next set-up does it first.
    """

    device: Device
    token: str = field(repr=False)

    def devices(self) -> list[dict[str, Any]]:
        return [d for d in self.device.api.devices(self.token) if d["status"] == "active"]

    def register(self, name: str) -> None:
        self._ready_for_store()
        answer = self._call(lambda: self.device.api.register_device(self.token, name))
        try:
            self._create_store(answer)
        except BaseException:
            self._undo_registration(answer["device_id"])
            raise
        self._signed_out()

    def adopt(self, device_id: str) -> None:
        self._ready_for_store()
        self._create_store(self._call(lambda: self.device.api.adopt_device(self.token,
                                                                           device_id)))
        self._signed_out()

    @staticmethod
    def _call(action: Any) -> dict[str, Any]:
        try:
            result: dict[str, Any] = action()
            return result
        except ApiRefusal as refusal:
            raise SetupProblem(str(refusal)) from None

    def _ready_for_store(self) -> None:
        """Everything set-up can check before the server hears of this device."""
        self.device.secrets.check()
        _clear_interrupted_setup(self.device)
        paths = self.device.paths
        if paths.vault.exists() or paths.database.exists():
            raise StorageError("This computer already holds fieldclient data, so setup stops "
                               "rather than replace it. Ask support.")
        self._finish_earlier_undo()

    def _create_store(self, answer: dict[str, Any]) -> None:
        paths = self.device.paths
        paths.setup_marker.touch(mode=0o600)
        data_key = random_key()
        Database.open(paths.database, data_key, create=True).close()
        Vault.create(paths.vault, self.device.secrets, answer["device_id"],
                     base64.b64decode(answer["device_key"]), data_key)
        self.device.config.set(DEVICE_ID, answer["device_id"])
        self.device.config.save()
        paths.setup_marker.unlink()

    def _undo_registration(self, device_id: str) -> None:
        _clear_interrupted_setup(self.device)
        try:
            self.device.api.revoke_device(self.token, device_id)
        except FieldClientError:  # unreachable, refused, TLS: the next set-up does it
            self.device.config.set(UNDONE_REGISTRATION, device_id)
            self.device.config.save()

    def _finish_earlier_undo(self) -> None:
        left = self.device.config.get(UNDONE_REGISTRATION)
        if left:
            with contextlib.suppress(ApiRefusal):  # already gone, or another agency's
                self.device.api.revoke_device(self.token, left)
            self.device.config.set(UNDONE_REGISTRATION, "")
            self.device.config.save()

    def _signed_out(self) -> None:
        with contextlib.suppress(ApiRefusal, ServerUnreachable):
            self.device.api.logout(self.token)  # setup done: crews sign in next


class DeviceSetup:
    def __init__(self, device: Device) -> None:
        self.device = device

    def check_server(self, url: str) -> None:
        """Point the device at `url` if our server answers there. The keyring is checked
        first: without one, set-up cannot finish, so the admin learns it at once."""
        self.device.secrets.check()
        url = url.strip().rstrip("/")
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise SetupProblem("Enter the server address, for example https://ems.example.org")
        if parts.scheme == "http" and parts.hostname not in LOOPBACK:
            raise SetupProblem("Use an https:// address: patient data must not cross the "
                               "network unencrypted.")
        self.device.set_server_url(url)
        reach = self.device.probe()
        if reach is Reachability.OFFLINE:
            raise SetupProblem("Nothing answers at that address. Check it, and check that "
                               "this computer is connected.")
        if reach is Reachability.WRONG_SERVER:
            raise SetupProblem("Something answered at that address, but it is not an agency "
                               "server (a Wi-Fi sign-in page, or a wrong address?).")

    def sign_in_admin(self, email: str, password: str, agency_id: int | None = None
                      ) -> AdminSetup | MfaPending | AgencyChoice:
        try:
            body = self.device.api.login(email.strip().lower(), password, None,
                                         agency_id=agency_id)
        except ApiRefusal as refusal:
            if refusal.code == "mfa_required":
                return MfaPending(email, str(refusal.extra["mfa_token"]), password)
            if refusal.code == "choose_agency" and agency_id is None:
                return AgencyChoice(email, password, _agencies(refusal))
            raise online_refusal(refusal) from None
        return self._admin(body)

    def complete_mfa(self, pending: MfaPending, code: str) -> AdminSetup:
        try:
            body = self.device.api.mfa(pending.mfa_token, code)
        except ApiRefusal as refusal:
            raise online_refusal(refusal) from None
        return self._admin(body)

    def _admin(self, body: dict[str, Any]) -> AdminSetup:
        if "devices.manage" not in body["user"]["permissions"]:
            with contextlib.suppress(ApiRefusal, ServerUnreachable):
                self.device.api.logout(body["access_token"])
            raise refusals.not_an_admin()
        return AdminSetup(self.device, body["access_token"])


def _agencies(refusal: ApiRefusal) -> tuple[tuple[int, str], ...]:
    listed = refusal.extra.get("agencies")
    if not isinstance(listed, list) or not listed:
        raise StorageError("The server asked to choose an agency but named none. Try again.")
    return tuple((int(a["id"]), str(a["name"])) for a in listed)


def _clear_interrupted_setup(device: Device) -> None:
    """Files left by a setup that never finished hold nothing: remove them."""
    paths = device.paths
    if paths.setup_marker.exists():
        for path in [*paths.database_files(), paths.vault]:
            path.unlink(missing_ok=True)
        paths.setup_marker.unlink()
