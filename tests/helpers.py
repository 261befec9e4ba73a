"""Small shared test helpers (accounts from the demo data, error assertions)."""

from __future__ import annotations

import base64
import hashlib
import hmac
import struct
from datetime import datetime

import httpx

from fieldserver.demo import ACCOUNTS, MFA_SECRET

PASSWORDS = {a.email: a.password for a in ACCOUNTS if a.password}
ADMIN = ("admin@demo.local", PASSWORDS["admin@demo.local"])
MEDIC = ("medic@demo.local", PASSWORDS["medic@demo.local"])
BASIC = ("basic@demo.local", PASSWORDS["basic@demo.local"])
MFA_USER = ("mfa@demo.local", PASSWORDS["mfa@demo.local"])
NEIGHBOR = ("admin@neighbor.local", PASSWORDS["admin@neighbor.local"])
SSO_EMAIL = "sso@demo.local"
GOOD_PASSWORD = "correct horse battery staple 42"


def error_code(response: httpx.Response, status: int) -> str:
    assert response.status_code == status, (response.status_code, response.text)
    body = response.json()
    assert set(body["error"]) >= {"code", "message"}
    assert body["error"]["message"]
    code: str = body["error"]["code"]
    return code


def totp(secret: str = MFA_SECRET, at: datetime | int = 0, digits: int = 6) -> str:
    """RFC 6238 TOTP, written here independently of the server's code, as a test oracle."""
    seconds = int(at.timestamp()) if isinstance(at, datetime) else at
    key = base64.b32decode(secret + "=" * (-len(secret) % 8), casefold=True)
    mac = hmac.new(key, struct.pack(">Q", seconds // 30), hashlib.sha1).digest()
    offset = mac[-1] & 0x0F
    value = struct.unpack(">I", mac[offset:offset + 4])[0] & 0x7FFFFFFF
    return str(value % 10**digits).zfill(digits)
