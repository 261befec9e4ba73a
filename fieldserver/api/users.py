"""Users admin: /api/v1/users (permission users.manage, always scoped to the caller's agency)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Response
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from fieldserver import accounts, grants, password_links, sessions
from fieldserver.context import ServerContext
from fieldserver.deps import Ctx, Db, require
from fieldserver.errors import ApiError
from fieldserver.models import Agency, Role, User
from fieldserver.passwords import policy_problem
from fieldserver.permissions import USERS_MANAGE
from fieldserver.schemas import MAX_INT, IdInPath, SearchText, UserCreateIn, UserPatchIn
from fieldserver.sessions import Auth

router = APIRouter(prefix="/api/v1/users")
Admin = Annotated[Auth, Depends(require(USERS_MANAGE))]


def email_taken() -> ApiError:
    return ApiError(409, "email_taken", "A user with this email already exists in your "
                    "agency.")


def weak_password(reason: str) -> ApiError:
    return ApiError(400, "weak_password", reason, reason=reason)


def like_pattern(text: str) -> str:
    """A LIKE pattern matching text literally anywhere: % and _ are not wildcards here."""
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


@router.get("")
def list_users(
    admin: Admin, db: Db,
    id: Annotated[int | None, Query(ge=1, le=MAX_INT)] = None,
    email: Annotated[SearchText | None, Query(max_length=320)] = None,
    name: Annotated[SearchText | None, Query(max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
    offset: Annotated[int, Query(ge=0, le=MAX_INT)] = 0,
) -> dict[str, Any]:
    where = [User.agency_id == admin.agency_id, User.deleted_at.is_(None)]
    if id is not None:
        where.append(User.id == id)
    if email:
        where.append(User.email.ilike(like_pattern(email), escape="\\"))
    if name:
        # The database folds case on both sides (SQLite folds ASCII only).
        where.append(User.name.ilike(like_pattern(name), escape="\\"))
    total = db.scalar(select(func.count()).select_from(User).where(*where))
    users = db.scalars(select(User).where(*where).order_by(User.id).limit(limit).offset(offset))
    return {"items": [accounts.admin_user_json(u) for u in users], "total": total}


@router.post("", status_code=201)
def create_user(body: UserCreateIn, admin: Admin, ctx: Ctx, db: Db) -> dict[str, Any]:
    if body.auth_provider == "sso" and body.password:
        raise ApiError(422, "invalid_request", "SSO accounts have no password.")
    if body.password and (reason := policy_problem(body.password, body.email)):
        raise weak_password(reason)
    password_hash = ctx.hasher.hash(body.password) if body.password else None
    roles = accounts.agency_roles(db, admin.agency_id, body.role_ids)
    grants.ensure_may_assign(admin.user, roles)
    if accounts.email_taken(db, admin.agency_id, body.email):
        raise email_taken()
    user = User(agency_id=admin.agency_id, email=body.email, name=body.name,
                password_hash=password_hash, auth_provider=body.auth_provider,
                disabled=False, credential_version=1, created_at=ctx.clock.now(), roles=roles)
    db.add(user)
    _flush_or_conflict(db)
    if body.send_welcome and user.password_hash is None and user.auth_provider == "password":
        agency = db.get(Agency, user.agency_id)
        assert agency is not None
        password_links.send(db, ctx, user, agency, password_links.WELCOME)
    db.commit()
    return accounts.admin_user_json(user)


def _flush_or_conflict(db: Session) -> None:
    try:
        db.flush()
    except IntegrityError:  # a concurrent request took the email first
        db.rollback()
        raise email_taken() from None


@router.get("/{user_id}")
def get_user(user_id: IdInPath, admin: Admin, db: Db) -> dict[str, Any]:
    return accounts.admin_user_json(accounts.agency_user(db, admin.agency_id, user_id))


@router.patch("/{user_id}")
def update_user(
    user_id: IdInPath, body: UserPatchIn, admin: Admin, ctx: Ctx, db: Db
) -> dict[str, Any]:
    user = accounts.agency_user(db, admin.agency_id, user_id)
    grants.ensure_may_manage(admin.user, user)
    new_roles = _role_change(db, admin, user, body.role_ids)
    now = ctx.clock.now()
    db.commit()  # release the database while hashing, which is deliberately slow
    new_hash = _new_password_hash(ctx, user, body)
    if body.email is not None and body.email != user.email:
        if accounts.email_taken(db, admin.agency_id, body.email):
            raise email_taken()
        user.email = body.email
    if body.name is not None:
        user.name = body.name
    if new_hash is not None:
        user.password_hash = new_hash
        accounts.bump_credentials(db, [user.id])
        sessions.revoke_user(db, user.id, now)
        password_links.use_up(db, user.id, now)
    if new_roles is not None:
        user.roles = new_roles
        accounts.bump_credentials(db, [user.id])
    if body.disabled is not None and body.disabled != user.disabled:
        if body.disabled and user.id == admin.user.id:
            raise ApiError(409, "cannot_modify_self", "You cannot disable your own account.")
        user.disabled = body.disabled
        if user.disabled:
            sessions.revoke_user(db, user.id, now)
    if body.reset_mfa:
        user.mfa_secret = user.mfa_pending_secret = user.mfa_last_step = None
    accounts.ensure_admin_remains(db, admin.agency_id)
    _flush_or_conflict(db)
    db.commit()
    db.refresh(user)
    return accounts.admin_user_json(user)


def _role_change(db: Session, admin: Auth, user: User,
                 role_ids: list[int] | None) -> list[Role] | None:
    """The user's new roles if they change (None: they stay), after the grant rules."""
    if role_ids is None:
        return None
    roles = accounts.agency_roles(db, admin.agency_id, role_ids)
    changed = {r.id for r in roles} ^ {r.id for r in user.roles}
    if not changed:
        return None
    grants.ensure_not_own_roles(admin.user, user)
    grants.ensure_may_assign(admin.user, [r for r in [*roles, *user.roles] if r.id in changed])
    return roles


def _new_password_hash(ctx: ServerContext, user: User, body: UserPatchIn) -> str | None:
    if not body.password:  # blank or missing: the password stays as it is
        return None
    if user.auth_provider == "sso":
        raise ApiError(422, "invalid_request", "SSO accounts have no password.")
    if reason := policy_problem(body.password, body.email or user.email):
        raise weak_password(reason)
    return ctx.hasher.hash(body.password)


@router.delete("/{user_id}", status_code=204)
def delete_user(user_id: IdInPath, admin: Admin, ctx: Ctx, db: Db) -> Response:
    user = accounts.agency_user(db, admin.agency_id, user_id)
    if user.id == admin.user.id:
        raise ApiError(409, "cannot_modify_self", "You cannot delete your own account.")
    grants.ensure_may_manage(admin.user, user)
    now = ctx.clock.now()
    accounts.soft_delete(db, user, now)
    sessions.revoke_user(db, user.id, now)
    accounts.ensure_admin_remains(db, admin.agency_id)
    db.commit()
    return Response(status_code=204)

