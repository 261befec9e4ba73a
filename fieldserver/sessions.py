"""Access and refresh tokens. A sign-in opens a family; refresh rotates within it.

Presenting a refresh token twice means it was copied: the whole family is revoked.
"""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from fieldserver import device_proof
from fieldserver.context import Lifetimes
from fieldserver.errors import ApiError
from fieldserver.models import AccessToken, Device, RefreshToken, SessionFamily, User
from fieldserver.secrets_util import new_token, token_hash

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class TokenPair:
    access_token: str
    refresh_token: str
    expires_in: int

    def as_json(self) -> dict[str, str | int]:
        return {
            "access_token": self.access_token,
            "refresh_token": self.refresh_token,
            "expires_in": self.expires_in,
        }


@dataclass(frozen=True)
class Auth:
    """The caller of an authenticated request."""

    user: User
    family_id: str
    device_id: str | None

    @property
    def agency_id(self) -> int:
        return self.user.agency_id


def invalid_token(message: str = "Your session has ended. Sign in again.") -> ApiError:
    return ApiError(401, "invalid_token", message)


def start(
    db: Session, user: User, device_id: str | None, now: datetime, ttl: Lifetimes,
    proof_key: bytes | None = None,
) -> TokenPair:
    """Open a family. On a device, `proof_key` is the key its refreshes must be signed
    with; a device session without one cannot be refreshed (sign in again)."""
    family = SessionFamily(id=str(uuid.uuid4()), user_id=user.id, device_id=device_id,
                           created_at=now, proof_key=proof_key if device_id else None)
    db.add(family)
    db.flush()  # the tokens reference it, and the unit of work cannot tell
    return _issue(db, family.id, now, ttl)


def _issue(db: Session, family_id: str, now: datetime, ttl: Lifetimes) -> TokenPair:
    access, refresh = new_token(), new_token()
    db.add(AccessToken(token_hash=token_hash(access), family_id=family_id,
                       expires_at=now + ttl.access))
    db.add(RefreshToken(token_hash=token_hash(refresh), family_id=family_id,
                        expires_at=now + ttl.refresh))
    return TokenPair(access, refresh, int(ttl.access.total_seconds()))


def authenticate(db: Session, access_token: str, now: datetime) -> Auth | None:
    row = db.execute(
        select(User, SessionFamily)
        .join(SessionFamily, SessionFamily.user_id == User.id)
        .join(AccessToken, AccessToken.family_id == SessionFamily.id)
        .where(
            AccessToken.token_hash == token_hash(access_token),
            AccessToken.expires_at > now,
            SessionFamily.revoked_at.is_(None),
            User.deleted_at.is_(None),
            User.disabled.is_(False),
        )
    ).first()
    if row is None:
        return None
    user, family = row
    return Auth(user=user, family_id=family.id, device_id=family.device_id)


def rotate(
    db: Session, refresh_token: str, device_id: str | None, now: datetime, ttl: Lifetimes,
    proof: str | None = None,
) -> TokenPair:
    """Trade a refresh token for a new pair. Raises invalid_token; never reveals why.

    A device session's token needs the device's signature (`proof`), checked first:
    a token read out of a copied store, without the keyring, changes nothing at all.
    The token's row is locked (SELECT … FOR UPDATE; SQLite serializes writers anyway):
    of two uses at the same moment, the second waits, then sees the first and counts as
    reuse, so one token never gives two sessions."""
    found = db.execute(
        select(RefreshToken, SessionFamily, User)
        .join(SessionFamily, SessionFamily.id == RefreshToken.family_id)
        .join(User, User.id == SessionFamily.user_id)
        .where(RefreshToken.token_hash == token_hash(refresh_token))
        .with_for_update(of=RefreshToken)
    ).first()
    if found is None:
        raise invalid_token()
    token, family, user = found
    if family.device_id is not None and not _proved(family, refresh_token, proof):
        log.warning("refresh refused: no valid device proof (session %s)", family.id)
        raise invalid_token()
    if token.used_at is not None:
        revoke_family(db, family.id, now)
        db.commit()  # the revocation must stick even though this request fails
        raise invalid_token()
    if (
        family.revoked_at is not None
        or token.expires_at <= now
        or family.device_id != device_id
        or user.deleted_at is not None
        or user.disabled
        or not _device_active(db, family.device_id)
    ):
        raise invalid_token()
    token.used_at = now
    return _issue(db, family.id, now, ttl)


def _proved(family: SessionFamily, refresh_token: str, proof: str | None) -> bool:
    assert family.device_id is not None
    return family.proof_key is not None and device_proof.proved(
        family.proof_key, family.device_id, refresh_token, proof)


def _device_active(db: Session, device_id: str | None) -> bool:
    if device_id is None:
        return True
    device = db.get(Device, device_id)
    return device is not None and device.revoked_at is None


def revoke_family(db: Session, family_id: str, now: datetime) -> None:
    db.execute(
        update(SessionFamily)
        .where(SessionFamily.id == family_id, SessionFamily.revoked_at.is_(None))
        .values(revoked_at=now)
    )


def revoke_user(db: Session, user_id: int, now: datetime, keep: str | None = None) -> None:
    """End every session of the user, except optionally the one asking."""
    query = update(SessionFamily).where(
        SessionFamily.user_id == user_id, SessionFamily.revoked_at.is_(None)
    )
    if keep is not None:
        query = query.where(SessionFamily.id != keep)
    db.execute(query.values(revoked_at=now))


def revoke_device(db: Session, device_id: str, now: datetime) -> None:
    db.execute(
        update(SessionFamily)
        .where(SessionFamily.device_id == device_id, SessionFamily.revoked_at.is_(None))
        .values(revoked_at=now)
    )
