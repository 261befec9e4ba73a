"""Device keys at rest: sealed (AES-256-GCM) under a server key that is not in the
database, so a stolen database, or a backup of it, hands out no device key.

Keys come from configuration, newest first: `FIELDSERVER_SEALING_KEYS` (environment) or
a file (`--sealing-key-file`), one `id:base64-of-32-bytes` per line or comma. Rotation:
put a new key first and keep the old ones after it; at start-up every device key sealed
under an older key (or stored before sealing existed, in clear) is sealed again under
the newest, after which the old keys can be dropped. With none configured, fieldserver
makes a key file beside its database: fine for a demo, but in production keep the key
apart from the database (a secrets manager, an environment the backups do not hold).
"""

from __future__ import annotations

import base64
import os
import secrets
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.hazmat.primitives.ciphers.aead import AESGCM

MAGIC = b"FS1"
ENVIRONMENT = "FIELDSERVER_SEALING_KEYS"


class SealingError(ValueError):
    """The sealing configuration cannot be used; the message says why (never a key)."""


@dataclass(frozen=True)
class Sealer:
    keys: tuple[tuple[str, bytes], ...] = field(repr=False)  # newest first

    def __post_init__(self) -> None:
        if not self.keys:
            raise SealingError("No sealing key is configured.")
        for key_id, key in self.keys:
            if not key_id.isalnum() or len(key_id) > 32 or len(key) != 32:
                raise SealingError(f"Sealing key '{key_id[:32]}' is not an id (letters and "
                                   "digits) with a base64 key of 32 bytes.")

    @classmethod
    def generated(cls) -> Sealer:
        return cls(((secrets.token_hex(4), secrets.token_bytes(32)),))

    @classmethod
    def parse(cls, text: str) -> Sealer:
        entries = [e.strip() for e in text.replace(",", "\n").splitlines() if e.strip()]
        keys = []
        for entry in entries:
            key_id, _, encoded = entry.partition(":")
            try:
                keys.append((key_id, base64.b64decode(encoded, validate=True)))
            except ValueError:
                raise SealingError(f"Sealing key '{key_id[:32]}' is not valid base64.") from None
        return cls(tuple(keys))

    @classmethod
    def configured(cls, key_file: Path | None, default_file: Path) -> Sealer:
        """The environment, else the given file, else the default file (made if absent)."""
        if text := os.environ.get(ENVIRONMENT, "").strip():
            return cls.parse(text)
        path = key_file or default_file
        if key_file is None and not path.exists():
            made = cls.generated()
            key_id, key = made.keys[0]
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w") as out:
                out.write(f"{key_id}:{base64.b64encode(key).decode()}\n")
            return made
        try:
            return cls.parse(path.read_text())
        except OSError as exc:
            raise SealingError(f"The sealing key file cannot be read: {exc.strerror}.") from None

    @property
    def current_id(self) -> str:
        return self.keys[0][0]

    def seal(self, device_id: str, plain: bytes) -> bytes:
        key_id, key = self.keys[0]
        nonce = os.urandom(12)
        sealed = AESGCM(key).encrypt(nonce, plain, device_id.encode())
        return MAGIC + bytes([len(key_id)]) + key_id.encode() + nonce + sealed

    def open(self, device_id: str, stored: bytes) -> bytes:
        if not stored.startswith(MAGIC):
            return stored  # from before sealing: resealed at the next start
        length = stored[len(MAGIC)]
        start = len(MAGIC) + 1
        key_id, rest = stored[start:start + length].decode(), stored[start + length:]
        key = dict(self.keys).get(key_id)
        if key is None:
            raise SealingError(f"A device key is sealed under '{key_id}', which is not "
                               "configured: keep old keys after the new one until start-up "
                               "has sealed everything again.")
        return AESGCM(key).decrypt(rest[:12], rest[12:], device_id.encode())

    def is_current(self, stored: bytes) -> bool:
        key_id = self.current_id.encode()
        return stored.startswith(MAGIC + bytes([len(key_id)]) + key_id)


def reseal(sealer: Sealer, rows: Iterable[tuple[str, bytes]]) -> dict[str, bytes]:
    """The rows (device id, stored key) not sealed under the newest key, sealed anew."""
    return {device_id: sealer.seal(device_id, sealer.open(device_id, stored))
            for device_id, stored in rows if not sealer.is_current(stored)}
