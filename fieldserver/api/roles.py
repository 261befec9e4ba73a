"""Roles and the permission catalogue: /api/v1/roles, /api/v1/permissions (roles.manage)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Response
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from fieldserver import accounts, grants, permissions
from fieldserver.deps import Db, require
from fieldserver.errors import ApiError
from fieldserver.models import Role, RolePermission, User, UserRole
from fieldserver.permissions import ROLES_MANAGE
from fieldserver.schemas import IdInPath, RoleIn, RoleMembersIn, RolePatchIn, SearchText
from fieldserver.sessions import Auth

router = APIRouter(prefix="/api/v1")
RoleAdmin = Annotated[Auth, Depends(require(ROLES_MANAGE))]


def role_json(db: Session, role: Role) -> dict[str, Any]:
    users = db.scalar(select(func.count()).where(UserRole.role_id == role.id)) or 0
    return {"id": role.id, "name": role.name, "permissions": role.permission_keys,
            "user_count": users}


def _checked_permissions(keys: list[str]) -> list[str]:
    unknown = sorted(set(keys) - permissions.KEYS)
    if unknown:
        raise ApiError(422, "unknown_permission", f"No such permission: {', '.join(unknown)}.")
    return sorted(set(keys))


def _ensure_name_free(db: Session, agency_id: int, name: str, role_id: int | None) -> None:
    clash = db.scalar(select(Role.id).where(
        Role.agency_id == agency_id, func.lower(Role.name) == name.lower()))
    if clash is not None and clash != role_id:
        raise ApiError(409, "role_name_taken", f"A role named '{name}' already exists.")


@router.get("/permissions")
def list_permissions(
    _admin: RoleAdmin, q: Annotated[SearchText, Query(max_length=100)] = ""
) -> list[dict[str, str]]:
    return [{"key": p.key, "label": p.label, "description": p.description}
            for p in permissions.search(q)]


@router.get("/roles")
def list_roles(admin: RoleAdmin, db: Db) -> list[dict[str, Any]]:
    roles = db.scalars(select(Role).where(Role.agency_id == admin.agency_id).order_by(Role.id))
    return [role_json(db, r) for r in roles]


@router.post("/roles", status_code=201)
def create_role(body: RoleIn, admin: RoleAdmin, db: Db) -> dict[str, Any]:
    keys = _checked_permissions(body.permissions)
    grants.ensure_may_grant(admin.user, keys)
    _ensure_name_free(db, admin.agency_id, body.name, None)
    role = Role(agency_id=admin.agency_id, name=body.name,
                permissions=[RolePermission(key=k) for k in keys])
    db.add(role)
    db.commit()
    return role_json(db, role)


@router.patch("/roles/{role_id}")
def update_role(role_id: IdInPath, body: RolePatchIn, admin: RoleAdmin, db: Db) -> dict[str, Any]:
    role = accounts.agency_role(db, admin.agency_id, role_id)
    grants.ensure_may_assign(admin.user, [role])  # a role that grants more is not theirs
    if body.name is not None:
        _ensure_name_free(db, admin.agency_id, body.name, role.id)
        role.name = body.name
    if body.permissions is not None:
        keys = _checked_permissions(body.permissions)
        grants.ensure_may_grant(admin.user, keys)
        if keys != role.permission_keys:
            role.permissions = [RolePermission(key=k) for k in keys]
            accounts.bump_credentials(db, accounts.role_member_ids(db, role.id))
    accounts.ensure_admin_remains(db, admin.agency_id)
    db.commit()
    db.refresh(role)
    return role_json(db, role)


@router.delete("/roles/{role_id}", status_code=204)
def delete_role(role_id: IdInPath, admin: RoleAdmin, db: Db) -> Response:
    role = accounts.agency_role(db, admin.agency_id, role_id)
    grants.ensure_may_assign(admin.user, [role])
    accounts.bump_credentials(db, accounts.role_member_ids(db, role.id))
    db.delete(role)
    accounts.ensure_admin_remains(db, admin.agency_id)
    db.commit()
    return Response(status_code=204)


@router.get("/roles/{role_id}/members")
def role_members(role_id: IdInPath, admin: RoleAdmin, db: Db) -> list[dict[str, Any]]:
    """Who holds the role, and what each would lose without it (other roles may grant it)."""
    role = accounts.agency_role(db, admin.agency_id, role_id)
    members = db.scalars(select(User).join(UserRole, UserRole.user_id == User.id).where(
        UserRole.role_id == role.id, User.deleted_at.is_(None)).order_by(User.name, User.id))
    return [{"id": u.id, "name": u.name, "email": u.email, "loses": _lost(role, u)}
            for u in members]


def _lost(role: Role, user: User) -> list[str]:
    kept = {k for r in user.roles if r.id != role.id for k in r.permission_keys}
    return [k for k in role.permission_keys if k not in kept]


@router.post("/roles/{role_id}/members")
def add_role_members(role_id: IdInPath, body: RoleMembersIn, admin: RoleAdmin,
                     db: Db) -> dict[str, Any]:
    """Give the role to these users (of this agency); users who hold it already are skipped."""
    role = accounts.agency_role(db, admin.agency_id, role_id)
    grants.ensure_may_assign(admin.user, [role])
    users = [accounts.agency_user(db, admin.agency_id, i) for i in sorted(set(body.user_ids))]
    added = [u for u in users if role not in u.roles]
    for user in added:
        grants.ensure_not_own_roles(admin.user, user)
    for user in added:
        user.roles.append(role)
    if role.permission_keys:
        accounts.bump_credentials(db, [u.id for u in added])
    db.commit()
    return role_json(db, role)


@router.delete("/roles/{role_id}/members/{user_id}", status_code=204)
def remove_role_member(role_id: IdInPath, user_id: IdInPath, admin: RoleAdmin,
                       db: Db) -> Response:
    role = accounts.agency_role(db, admin.agency_id, role_id)
    user = accounts.agency_user(db, admin.agency_id, user_id)
    if role in user.roles:
        grants.ensure_not_own_roles(admin.user, user)
        grants.ensure_may_assign(admin.user, [role])
        user.roles.remove(role)
        accounts.bump_credentials(db, [user.id])
        accounts.ensure_admin_remains(db, admin.agency_id)
        db.commit()
    return Response(status_code=204)
