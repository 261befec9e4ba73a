"""Keyrings for tests: the product's throwaway one, and one that fails like 'fail'."""

from __future__ import annotations

from keyring.backend import KeyringBackend
from keyring.errors import KeyringError

from fieldclient.storage.memory_keyring import MemoryKeyring

__all__ = ["BrokenKeyring", "MemoryKeyring"]


class BrokenKeyring(KeyringBackend):
    """Like keyring's 'fail' backend on a machine with no credential store."""

    priority = -1

    def get_password(self, service: str, username: str) -> str | None:
        raise KeyringError("No recommended backend was available.")

    def set_password(self, service: str, username: str, password: str) -> None:
        raise KeyringError("No recommended backend was available.")

    def delete_password(self, service: str, username: str) -> None:
        raise KeyringError("No recommended backend was available.")
