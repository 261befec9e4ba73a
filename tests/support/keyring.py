"""An in-memory keyring. Negative priority: keyring never picks it on its own."""

from __future__ import annotations

from keyring.backend import KeyringBackend
from keyring.errors import KeyringError, PasswordDeleteError


class MemoryKeyring(KeyringBackend):
    priority = -1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.entries: dict[tuple[str, str], str] = {}

    def get_password(self, service: str, username: str) -> str | None:
        return self.entries.get((service, username))

    def set_password(self, service: str, username: str, password: str) -> None:
        self.entries[(service, username)] = password

    def delete_password(self, service: str, username: str) -> None:
        if self.entries.pop((service, username), None) is None:
            raise PasswordDeleteError("no such entry")


class BrokenKeyring(KeyringBackend):
    """Like keyring's 'fail' backend on a machine with no credential store."""

    priority = -1  # type: ignore[assignment]

    def get_password(self, service: str, username: str) -> str | None:
        raise KeyringError("No recommended backend was available.")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise KeyringError("No recommended backend was available.")

    def delete_password(self, service: str, username: str) -> None:
        raise KeyringError("No recommended backend was available.")
