"""Throttling of guesses: 5 failures in 15 minutes per bucket, then 429 with Retry-After.

A bucket is what one attacker must not guess at without limit, named so that an
attacker elsewhere cannot use it to lock someone out:
- `password(email, device)`: password guesses for an account from one registered
  device. An anonymous attacker (no device, or a device id that is not registered)
  fills `password(email, None)` only, so crews on their own laptops still sign in.
- `two_step(user)`: wrong authenticator codes for an account, across challenges; a
  correct password does not empty it.
- `password_change(user)`: wrong current passwords of a signed-in user.
- `imports(user)`: every user import by an admin, dry runs included (30 an hour).
Failures are counted whether or not the account exists, so the answers never tell which
emails are real.

Parallel guesses are bounded: an attempt is *reserved* (a row written and committed)
before the slow check, and it proceeds only if its bucket holds no more than the limit
counting itself. The k-th reservation to commit sees at least k rows, so at most
`attempts` of any burst get checked. A success releases its reservation; a failure
keeps it as the failure it is.
"""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import ColumnElement, delete, func, select
from sqlalchemy.orm import Session

from fieldserver.context import RateLimit
from fieldserver.errors import ApiError
from fieldserver.models import Device, FailedAttempt, User


def password(email: str, device_id: str | None) -> str:
    return f"password\0{email}\0{device_id or '-'}"


def two_step(user_id: int) -> str:
    return f"two-step\0{user_id}"


def password_change(user_id: int) -> str:
    return f"password-change\0{user_id}"


def imports(user_id: int) -> str:
    """Every user import (dry runs included) by one admin: never released."""
    return f"imports\0{user_id}"


def _key(bucket: str) -> str:
    return hashlib.sha256(bucket.encode()).hexdigest()


@dataclass(frozen=True)
class Reservation:
    bucket: str
    row_id: int


def reserve(db: Session, bucket: str, now: datetime, limit: RateLimit) -> Reservation:
    """Count this attempt before it is checked; 429 if the bucket is already full.
    Commits the session (the reservation must be visible to parallel requests)."""
    key = _key(bucket)
    _forget(db, FailedAttempt.at <= now - limit.window)
    row = FailedAttempt(bucket=key, at=now)
    db.add(row)
    db.commit()
    count, oldest = db.execute(
        select(func.count(), func.min(FailedAttempt.at)).where(
            FailedAttempt.bucket == key, FailedAttempt.at > now - limit.window)
    ).one()
    if count > limit.attempts:
        _forget(db, FailedAttempt.id == row.id)
        db.commit()  # a refused attempt is not a failure: the lock-out ends on time
        raise limited(oldest, now, limit)
    return Reservation(key, row.id)


def failures(db: Session, bucket: str, now: datetime, limit: RateLimit) -> int:
    return db.scalar(select(func.count()).where(
        FailedAttempt.bucket == _key(bucket), FailedAttempt.at > now - limit.window)) or 0


def limited(oldest: datetime, now: datetime, limit: RateLimit) -> ApiError:
    retry_after = max(1, math.ceil((oldest + limit.window - now).total_seconds()))
    return ApiError(
        429, "rate_limited",
        f"Too many failed attempts. Try again in {math.ceil(retry_after / 60)} minutes.",
        headers={"Retry-After": str(retry_after)},
    )


def release(db: Session, reservation: Reservation) -> None:
    """The attempt succeeded: it was not a failure."""
    _forget(db, FailedAttempt.id == reservation.row_id)


def clear(db: Session, bucket: str) -> None:
    """Forget a bucket's failures (the account's password was just proved or reset)."""
    _forget(db, FailedAttempt.bucket == _key(bucket))


def _forget(db: Session, which: ColumnElement[bool]) -> None:
    """Delete these rows, skipping any that another request is deleting right now.

    Rows here are only ever inserted and deleted, so a locked row is one on its way out.
    Waiting for it instead made two sign-ins that clear the same bucket wait on each
    other's rows in opposite orders: a deadlock on PostgreSQL. (SQLite has no row locks:
    there writers queue.)"""
    doomed = select(FailedAttempt.id).where(which).with_for_update(skip_locked=True)
    db.execute(delete(FailedAttempt).where(FailedAttempt.id.in_(doomed.scalar_subquery())))


def clear_passwords(db: Session, user: User) -> None:
    """The account's password was reset: its password buckets start empty again, the
    device-less one and that of every active device of its agency."""
    devices = db.scalars(select(Device.id).where(Device.agency_id == user.agency_id,
                                                 Device.revoked_at.is_(None)))
    for device_id in [None, *devices]:
        clear(db, password(user.email, device_id))
