"""Key wrapping. The password unwraps the data key; nothing else can verify a password.

- User slot KEK = HKDF-SHA256(ikm=Argon2id(password, salt), salt=device secret).
  Without the device secret (in the OS keyring) no guess can be checked off the device.
- Escrow KEK = HKDF-SHA256(ikm=device key from the server, salt=device secret).
- A user slot wraps the data key and the user's token key (which seals their refresh
  token in the store). The refresh-signing key (Ed25519) is derived from the device
  secret alone: a token without the keyring cannot be refreshed.
- Wrapping is AES-256-GCM with a random 96-bit nonce and the slot's identity as AAD.
"""

from __future__ import annotations

import base64
import hmac
import os
from dataclasses import dataclass, field
from hashlib import sha256
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

# argon2 and cryptography are imported where they are used: together they cost ~30 ms,
# and start-up only needs them at the first sign-in (on a worker thread).

KEY_BYTES = 32


@dataclass(frozen=True)
class KdfParams:
    """Argon2id cost. Stored with each slot, so it can be raised later."""

    memory_kib: int = 64 * 1024
    time_cost: int = 3
    parallelism: int = 4


PRODUCTION_KDF = KdfParams()


@dataclass(frozen=True)
class Wrapped:
    nonce: bytes
    ciphertext: bytes


def random_key() -> bytes:
    return os.urandom(KEY_BYTES)


def hkdf(ikm: bytes, *, salt: bytes | None, info: bytes) -> bytes:
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.kdf.hkdf import HKDF

    return HKDF(algorithm=hashes.SHA256(), length=KEY_BYTES, salt=salt, info=info).derive(ikm)


def password_kek(password: str, salt: bytes, params: KdfParams, device_secret: bytes) -> bytes:
    from argon2.low_level import Type, hash_secret_raw

    stretched = hash_secret_raw(
        password.encode("utf-8"), salt, time_cost=params.time_cost,
        memory_cost=params.memory_kib, parallelism=params.parallelism,
        hash_len=KEY_BYTES, type=Type.ID,
    )
    return hkdf(stretched, salt=device_secret, info=b"fieldclient user slot v1")


def escrow_kek(device_key: bytes, device_secret: bytes) -> bytes:
    """The escrow slot's key needs both halves: the server's device key (handed only to
    a signed-in crew member of the agency) and the keyring's device secret (on this
    computer only). A copied folder plus any account opens nothing."""
    return hkdf(device_key, salt=device_secret, info=b"fieldclient escrow slot v2")


def legacy_escrow_kek(device_key: bytes) -> bytes:
    """Before issue 14: the device key alone. Opened once, then wrapped anew."""
    return hkdf(device_key, salt=None, info=b"fieldclient escrow slot v1")


@dataclass(frozen=True)
class DeviceProof:
    """Signs this device's refreshes (docs/protocol.md, "Refresh"): the server accepts a
    device session's refresh token only with this signature, and the key is derived from
    the keyring's device secret, which never lies in the data folder."""

    seed: bytes = field(repr=False)

    @classmethod
    def from_secret(cls, device_secret: bytes) -> DeviceProof:
        return cls(hkdf(device_secret, salt=None, info=b"fieldclient refresh proof v1"))

    def _key(self) -> Ed25519PrivateKey:
        from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

        return Ed25519PrivateKey.from_private_bytes(self.seed)

    @property
    def public_key(self) -> str:
        from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

        raw = self._key().public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
        return base64.b64encode(raw).decode()

    def sign_refresh(self, device_id: str, refresh_token: str) -> str:
        message = f"fieldclient refresh v1|{device_id}|{refresh_token}".encode()
        return base64.b64encode(self._key().sign(message)).decode()


def wrap(kek: bytes, data_key: bytes, aad: bytes) -> Wrapped:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    nonce = os.urandom(12)
    return Wrapped(nonce, AESGCM(kek).encrypt(nonce, data_key, aad))


def unwrap(kek: bytes, wrapped: Wrapped, aad: bytes) -> bytes | None:
    """The data key, or None when the KEK is wrong (wrong password) or the slot was altered."""
    from cryptography.exceptions import InvalidTag
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

    try:
        return AESGCM(kek).decrypt(wrapped.nonce, wrapped.ciphertext, aad)
    except InvalidTag:
        return None


def mac(key: bytes, message: bytes) -> bytes:
    return hmac.new(key, message, sha256).digest()


def same(a: bytes, b: bytes) -> bool:
    return hmac.compare_digest(a, b)
