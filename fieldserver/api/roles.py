"""Roles and the permission catalogue: /api/v1/roles, /api/v1/permissions (roles.manage)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Response
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from fieldserver import accounts, permissions
from fieldserver.deps import Db, require
from fieldserver.errors import ApiError
from fieldserver.models import Role, RolePermission, UserRole
from fieldserver.permissions import ROLES_MANAGE
from fieldserver.schemas import IdInPath, RoleIn, RolePatchIn, SearchText
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
    _ensure_name_free(db, admin.agency_id, body.name, None)
    role = Role(agency_id=admin.agency_id, name=body.name,
                permissions=[RolePermission(key=k) for k in keys])
    db.add(role)
    db.commit()
    return role_json(db, role)


@router.patch("/roles/{role_id}")
def update_role(role_id: IdInPath, body: RolePatchIn, admin: RoleAdmin, db: Db) -> dict[str, Any]:
    role = accounts.agency_role(db, admin.agency_id, role_id)
    if body.name is not None:
        _ensure_name_free(db, admin.agency_id, body.name, role.id)
        role.name = body.name
    if body.permissions is not None:
        keys = _checked_permissions(body.permissions)
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
    accounts.bump_credentials(db, accounts.role_member_ids(db, role.id))
    db.delete(role)
    accounts.ensure_admin_remains(db, admin.agency_id)
    db.commit()
    return Response(status_code=204)
