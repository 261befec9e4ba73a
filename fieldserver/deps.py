"""FastAPI dependencies: the server context, a database session, the caller and permission."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from typing import Annotated

from fastapi import Depends, Query, Request
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer
from sqlalchemy.orm import Session

from fieldserver import feed, sessions
from fieldserver.context import ServerContext
from fieldserver.errors import ApiError
from fieldserver.sessions import Auth


def get_context(request: Request) -> ServerContext:
    ctx: ServerContext = request.app.state.ctx
    return ctx


Ctx = Annotated[ServerContext, Depends(get_context)]


def get_db(ctx: Ctx) -> Iterator[Session]:
    """A session per request. Handlers commit what they mean to keep; the rest is rolled back."""
    with ctx.sessions() as db:
        yield db


Db = Annotated[Session, Depends(get_db)]

_bearer = HTTPBearer(auto_error=False)


def get_auth(
    ctx: Ctx, db: Db,
    credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_bearer)],
) -> Auth:
    if credentials is None or credentials.scheme.lower() != "bearer":
        raise ApiError(401, "unauthenticated", "Sign in first.",
                       headers={"WWW-Authenticate": "Bearer"})
    auth = sessions.authenticate(db, credentials.credentials, ctx.clock.now())
    # End this read transaction: on SQLite it holds the write lock, and the handler
    # may do slow work (Argon2) before its own first query.
    db.commit()
    if auth is None:
        raise ApiError(401, "invalid_token", "Your session has ended. Sign in again.",
                       headers={"WWW-Authenticate": "Bearer"})
    return auth


CurrentAuth = Annotated[Auth, Depends(get_auth)]


def require(permission: str) -> Callable[[Auth], Auth]:
    def check(auth: CurrentAuth) -> Auth:
        if permission not in auth.user.permission_keys:
            raise ApiError(403, "forbidden", f"This needs the permission '{permission}'.")
        return auth

    return check


def get_since(since: Annotated[str, Query(max_length=40)] = "0") -> feed.Position:
    """A change-feed cursor: one this server gave as `next_cursor` (docs/protocol.md)."""
    try:
        return feed.Position.parse(since)
    except feed.BadCursor:
        raise ApiError(422, "invalid_cursor", "'since' must be a cursor this server gave "
                       "(next_cursor), or 0.") from None


Since = Annotated[feed.Position, Depends(get_since)]
