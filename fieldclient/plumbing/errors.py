"""Expected failures, each with a message a crew member can act on.

Anything else that escapes the core is a bug and goes to the UI's crash handler.
Messages never contain passwords, tokens, keys or patient data.
"""

from __future__ import annotations


class FieldClientError(Exception):
    """An expected failure. `str(error)` is the plain-words message for the user."""


class ServerUnreachable(FieldClientError):
    pass


class TlsError(FieldClientError):
    """The server's certificate did not verify. Never a reason to go offline."""


class ApiRefusal(FieldClientError):
    """The server answered with an error body."""

    def __init__(self, status: int, code: str, message: str, **extra: object) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.extra = extra


class StorageError(FieldClientError):
    """The device store cannot be used as it is; nothing was overwritten."""


class StoreClosed(StorageError):
    """The store was closed (sign-out, lock, wipe) while work for it was still running."""


class KeyringUnavailable(StorageError):
    pass


class VaultTampered(StorageError):
    pass


class DatabaseUnreadable(StorageError):
    pass


class DiskFull(StorageError):
    pass


class DeviceRevoked(FieldClientError):
    pass


class NotSetUp(FieldClientError):
    pass
