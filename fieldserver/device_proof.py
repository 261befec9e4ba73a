"""Refresh tokens bound to the computer that signed in.

A device sign-in names an Ed25519 public key whose private half the client derives from
its keyring's device secret (never in the data folder). Each refresh of that session
signs the refresh token it trades; the server keeps the public key with the session.
A refresh token read out of a copied store is then useless on its own: without the
keyring there is no signature. The token is single-use, so a signature is too.
"""

from __future__ import annotations

import base64
import binascii

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from fieldserver.errors import ApiError

KEY_BYTES = 32


def message(device_id: str, refresh_token: str) -> bytes:
    """What the client signs (docs/protocol.md, "Refresh")."""
    return f"fieldclient refresh v1|{device_id}|{refresh_token}".encode()


def public_key(text: str) -> bytes:
    """The raw public key a sign-in names; a 422 when it is not one."""
    try:
        raw = base64.b64decode(text, validate=True)
        Ed25519PublicKey.from_public_bytes(raw)
    except (binascii.Error, ValueError):
        raise ApiError(422, "invalid_proof_key", "device_proof_key must be a base64 "
                       "Ed25519 public key.") from None
    return raw


def proved(key: bytes, device_id: str, refresh_token: str, proof: str | None) -> bool:
    if proof is None:
        return False
    try:
        signature = base64.b64decode(proof, validate=True)
        Ed25519PublicKey.from_public_bytes(key).verify(signature,
                                                       message(device_id, refresh_token))
    except (binascii.Error, ValueError, InvalidSignature):
        return False
    return True
