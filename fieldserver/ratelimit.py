"""Per-account sign-in throttling: 5 failures in 15 minutes, then 429 with Retry-After.

Failures are counted by email whether or not the account exists, so the
answers never tell an attacker which emails are real.
"""

from __future__ import annotations

import math
from datetime import datetime

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from fieldserver.context import RateLimit
from fieldserver.errors import ApiError
from fieldserver.models import LoginFailure


def check(db: Session, email: str, now: datetime, limit: RateLimit) -> None:
    since = now - limit.window
    count, oldest = db.execute(
        select(func.count(), func.min(LoginFailure.at)).where(
            LoginFailure.email == email, LoginFailure.at > since
        )
    ).one()
    if count < limit.attempts:
        return
    retry_after = max(1, math.ceil((oldest + limit.window - now).total_seconds()))
    raise ApiError(
        429, "rate_limited",
        f"Too many failed sign-in attempts. Try again in {math.ceil(retry_after / 60)} minutes.",
        headers={"Retry-After": str(retry_after)},
    )


def record_failure(db: Session, email: str, now: datetime, limit: RateLimit) -> None:
    db.execute(delete(LoginFailure).where(LoginFailure.at <= now - limit.window))
    db.add(LoginFailure(email=email, at=now))


def clear(db: Session, email: str) -> None:
    db.execute(delete(LoginFailure).where(LoginFailure.email == email))
