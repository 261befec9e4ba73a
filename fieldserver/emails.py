"""Email address syntax. Deliverability is the mail server's business, not ours."""

from __future__ import annotations

import re

_LOCAL = re.compile(r"^[A-Za-z0-9!#$%&'*+/=?^_`{|}~.-]{1,64}$")
_LABEL = re.compile(r"^(?!-)[A-Za-z0-9-]{1,63}(?<!-)$")


def normalize_email(raw: str) -> str | None:
    """The address in canonical (lower-case) form, or None if it is not an address."""
    email = raw.strip().lower()
    local, at, domain = email.rpartition("@")
    if not at or len(email) > 254 or not _LOCAL.match(local):
        return None
    if local.startswith(".") or local.endswith(".") or ".." in local:
        return None
    labels = domain.split(".")
    if len(labels) < 2 or not all(_LABEL.match(label) for label in labels):
        return None
    return email
