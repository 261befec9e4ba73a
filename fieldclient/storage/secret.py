"""The device secret: 32 random bytes in the OS keyring, never in the data directory.

It also carries the vault's generation number, so an old copy of the vault put back
in place (to reset failed-attempt counters) is detected.
"""

from __future__ import annotations

import base64
import json
import secrets
import sys
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from fieldclient.plumbing.errors import KeyringUnavailable
from fieldclient.storage.crypto import random_key

if TYPE_CHECKING:
    from keyring.backend import KeyringBackend

SERVICE = "fieldclient"
# What is missing, and how to fix it, on each platform (shown to the admin or the crew).
FIXES = {
    "win32": "Ask support to check that the Windows Credential Manager service is "
             "running for this Windows account.",
    "darwin": "Unlock the login keychain (Keychain Access), then try again.",
    "linux": "No Secret Service keyring answers in this desktop session. Install one "
             "(Debian and Ubuntu: sudo apt-get install gnome-keyring), sign in to a "
             "desktop session that unlocks it, then try again.",
}
UNAVAILABLE = ("This computer's secure credential store is not available, so the "
               "encrypted store cannot be opened or created.")
# Backends that only look like a keyring: no store at all, or secrets in a plain file.
NOT_A_KEYRING = ("keyring.backends.fail.", "keyring.backends.null.",
                 "keyrings.alt.file.PlaintextKeyring")


def unavailable_message(platform: str = sys.platform) -> str:
    return f"{UNAVAILABLE} {FIXES.get(platform, FIXES['linux'])}"


@dataclass(frozen=True)
class DeviceSecret:
    secret: bytes = field(repr=False)
    generation: int = 0


class SecretStore:
    def __init__(self, install_id: str, backend: KeyringBackend | None = None) -> None:
        self._name = f"device-secret:{install_id}"
        self._chosen = backend
        if backend is not None:
            _prefer_local_machine(backend)

    @property
    def _backend(self) -> KeyringBackend:
        """The OS keyring, found on first use: keyring takes ~100 ms to import and look."""
        if self._chosen is None:
            import keyring

            self._chosen = keyring.get_keyring()
            _prefer_local_machine(self._chosen)
        return self._chosen

    def check(self) -> None:
        """Prove that a real OS keyring keeps a secret here: write, read back and delete
        a probe entry. Device set-up calls this before the server hears of the device."""
        from keyring.errors import KeyringError

        backend = self._backend
        kind = f"{type(backend).__module__}.{type(backend).__qualname__}"
        if kind.startswith(NOT_A_KEYRING):
            raise KeyringUnavailable(unavailable_message())
        name, value = f"probe:{self._name}", secrets.token_hex(16)
        try:
            backend.set_password(SERVICE, name, value)
            kept = backend.get_password(SERVICE, name) == value
            backend.delete_password(SERVICE, name)
        except (KeyringError, RuntimeError) as exc:
            raise KeyringUnavailable(unavailable_message()) from exc
        if not kept:
            raise KeyringUnavailable(unavailable_message())

    def load(self) -> DeviceSecret | None:
        from keyring.errors import KeyringError

        try:
            raw = self._backend.get_password(SERVICE, self._name)
        except (KeyringError, RuntimeError) as exc:
            raise KeyringUnavailable(unavailable_message()) from exc
        if raw is None:
            return None
        value = json.loads(raw)
        return DeviceSecret(base64.b64decode(value["secret"]), int(value["generation"]))

    def save(self, secret: DeviceSecret) -> None:
        from keyring.errors import KeyringError

        raw = json.dumps({"secret": base64.b64encode(secret.secret).decode(),
                          "generation": secret.generation})
        try:
            self._backend.set_password(SERVICE, self._name, raw)
        except (KeyringError, RuntimeError) as exc:
            raise KeyringUnavailable(unavailable_message()) from exc

    def create(self) -> DeviceSecret:
        secret = DeviceSecret(random_key(), 0)
        self.save(secret)
        return secret

    def delete(self) -> None:
        from keyring.errors import KeyringError, PasswordDeleteError

        try:
            self._backend.delete_password(SERVICE, self._name)
        except PasswordDeleteError:
            pass
        except (KeyringError, RuntimeError) as exc:
            raise KeyringUnavailable(unavailable_message()) from exc


def _prefer_local_machine(backend: KeyringBackend) -> None:
    """On Windows keep the secret on this PC: the default 'enterprise' persistence roams
    to every PC the Windows account signs in to, which would defeat its purpose."""
    if hasattr(backend, "persist"):
        backend.persist = "local machine"
