"""Operations on users and roles shared by the API, the importer and the demo seed."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from fieldserver.errors import ApiError, not_found
from fieldserver.models import Agency, Role, RolePermission, User, UserRole
from fieldserver.permissions import OFFLINE_LOGIN, USERS_MANAGE


def user_json(user: User) -> dict[str, Any]:
    return {
        "id": user.id,
        "email": user.email,
        "name": user.name,
        "roles": [{"id": r.id, "name": r.name} for r in user.roles],
        "permissions": user.permission_keys,
        "auth_provider": user.auth_provider,
        "mfa_enabled": user.mfa_enabled,
        "credential_version": user.credential_version,
    }


def admin_user_json(user: User) -> dict[str, Any]:
    return {
        **user_json(user),
        "disabled": user.disabled,
        "password_set": user.password_hash is not None,
        "created_at": user.created_at.isoformat(),
    }


def agency_json(agency: Agency) -> dict[str, Any]:
    return {
        "id": agency.id,
        "name": agency.name,
        "offline_login_enabled": agency.offline_login_enabled,
        "offline_max_days": agency.offline_max_days,
        "auto_lock_minutes": agency.auto_lock_minutes,
    }


def live_users_by_email(db: Session, email: str) -> list[User]:
    """Every live account with this email, one per agency at most, oldest first."""
    return list(db.scalars(
        select(User).where(User.email == email, User.deleted_at.is_(None)).order_by(User.id)))


def agency_user(db: Session, agency_id: int, user_id: int) -> User:
    """A live user of this agency; another agency's user is simply not found."""
    user = db.get(User, user_id)
    if user is None or user.agency_id != agency_id or user.deleted_at is not None:
        raise not_found("user")
    return user


def agency_role(db: Session, agency_id: int, role_id: int) -> Role:
    role = db.get(Role, role_id)
    if role is None or role.agency_id != agency_id:
        raise not_found("role")
    return role


def agency_roles(db: Session, agency_id: int, role_ids: Iterable[int]) -> list[Role]:
    wanted = sorted(set(role_ids))
    roles = list(db.scalars(
        select(Role).where(Role.agency_id == agency_id, Role.id.in_(wanted)).order_by(Role.id)
    ))
    missing = set(wanted) - {r.id for r in roles}
    if missing:
        raise ApiError(422, "unknown_role",
                       f"No such role in this agency: {', '.join(map(str, sorted(missing)))}.")
    return roles


def email_taken(db: Session, agency_id: int, email: str) -> bool:
    """Within this agency only: another agency's accounts are not this agency's business."""
    return any(u.agency_id == agency_id for u in live_users_by_email(db, email))


def bump_credentials(db: Session, user_ids: Iterable[int]) -> None:
    """Tell devices that cached credentials for these users are stale."""
    ids = list(set(user_ids))
    if ids:
        db.execute(
            update(User).where(User.id.in_(ids))
            .values(credential_version=User.credential_version + 1)
        )


def role_member_ids(db: Session, role_id: int) -> list[int]:
    return list(db.scalars(select(UserRole.user_id).where(UserRole.role_id == role_id)))


def ensure_admin_remains(db: Session, agency_id: int) -> None:
    """Refuse a change that would leave the agency with nobody able to manage users."""
    db.flush()
    admins = db.scalar(
        select(func.count(func.distinct(User.id)))
        .join(UserRole, UserRole.user_id == User.id)
        .join(RolePermission, RolePermission.role_id == UserRole.role_id)
        .where(
            User.agency_id == agency_id,
            User.deleted_at.is_(None),
            User.disabled.is_(False),
            RolePermission.key == USERS_MANAGE,
        )
    )
    if not admins:
        raise ApiError(409, "last_admin",
                       "This would leave the agency with no one who can manage users.")


def offline_allowed(user: User, agency: Agency) -> bool:
    return (
        agency.offline_login_enabled
        and OFFLINE_LOGIN in user.permission_keys
        and user.auth_provider == "password"
    )


def soft_delete(db: Session, user: User, now: datetime) -> None:
    user.deleted_at = now
    db.execute(delete(UserRole).where(UserRole.user_id == user.id))
