"""TOTP second factor. A code is accepted once: a replayed code is refused."""

from __future__ import annotations

import hmac
from datetime import datetime

import pyotp

STEP_SECONDS = 30


def new_secret() -> str:
    return str(pyotp.random_base32())


def provisioning_uri(secret: str, email: str, issuer: str) -> str:
    return str(pyotp.TOTP(secret).provisioning_uri(name=email, issuer_name=issuer))


def matching_step(secret: str, code: str, now: datetime, last_step: int | None) -> int | None:
    """The time step the code belongs to (one step of drift allowed), or None."""
    code = code.strip().replace(" ", "")
    if not code.isdigit():
        return None
    totp = pyotp.TOTP(secret)
    current = int(now.timestamp()) // STEP_SECONDS
    for step in (current - 1, current, current + 1):
        if last_step is not None and step <= last_step:
            continue
        if hmac.compare_digest(str(totp.at(step * STEP_SECONDS)), code):
            return step
    return None
