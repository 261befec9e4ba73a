"""TOTP second factor. A code is accepted once: a replayed code is refused."""

from __future__ import annotations

import base64
import hmac
from datetime import datetime

import pyotp

STEP_SECONDS = 30
RFC4226_MIN_BYTES = 10


class _StoredTOTP(pyotp.TOTP):
    """pyotp refuses secrets under 112 bits (NIST SP 800-63B-4). Secrets we generate are
    160 bits; this accepts stored ones down to RFC 4226's 80 bits, which the published
    demo secret needs and which authenticator apps enrolled elsewhere may hold."""

    def byte_secret(self) -> bytes:
        secret = self.secret
        decoded = base64.b32decode(secret + "=" * (-len(secret) % 8), casefold=True)
        if len(decoded) < RFC4226_MIN_BYTES:
            raise ValueError("TOTP secret shorter than 80 bits")
        return decoded


def new_secret() -> str:
    return pyotp.random_base32()


def provisioning_uri(secret: str, email: str, issuer: str) -> str:
    return _StoredTOTP(secret).provisioning_uri(name=email, issuer_name=issuer)


def matching_step(secret: str, code: str, now: datetime, last_step: int | None) -> int | None:
    """The time step the code belongs to (one step of drift allowed), or None."""
    code = code.strip().replace(" ", "")
    if not code.isdigit():
        return None
    totp = _StoredTOTP(secret)
    current = int(now.timestamp()) // STEP_SECONDS
    for step in (current - 1, current, current + 1):
        if last_step is not None and step <= last_step:
            continue
        if hmac.compare_digest(totp.at(step * STEP_SECONDS), code):
            return step
    return None
