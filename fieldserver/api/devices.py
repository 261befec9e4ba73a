"""Field devices: /api/v1/devices (devices.manage), plus credential-check for any user."""

from __future__ import annotations

import base64
import secrets
import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Response
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from fieldserver import accounts, sessions
from fieldserver.deps import Ctx, CurrentAuth, Db, require
from fieldserver.errors import ApiError, not_found
from fieldserver.models import Agency, Device, User
from fieldserver.permissions import DEVICES_MANAGE
from fieldserver.schemas import CredentialCheckIn, DeviceIn
from fieldserver.sessions import Auth

router = APIRouter(prefix="/api/v1/devices")
DeviceAdmin = Annotated[Auth, Depends(require(DEVICES_MANAGE))]


def device_json(device: Device) -> dict[str, Any]:
    return {
        "device_id": device.id,
        "name": device.name,
        "status": "revoked" if device.revoked_at else "active",
        "created_at": device.created_at.isoformat(),
        "revoked_at": device.revoked_at.isoformat() if device.revoked_at else None,
    }


def agency_device(db: Session, agency_id: int, device_id: str) -> Device:
    device = db.get(Device, device_id)
    if device is None or device.agency_id != agency_id:
        raise not_found("device")
    return device


@router.post("", status_code=201)
def register_device(body: DeviceIn, admin: DeviceAdmin, ctx: Ctx, db: Db) -> dict[str, Any]:
    clash = db.scalar(select(Device.id).where(
        Device.agency_id == admin.agency_id, Device.revoked_at.is_(None),
        func.lower(Device.name) == body.name.lower()))
    if clash is not None:
        raise ApiError(409, "device_name_taken",
                       f"An active device is already named '{body.name}'.")
    device = Device(id=str(uuid.uuid4()), agency_id=admin.agency_id, name=body.name,
                    key=secrets.token_bytes(32), created_at=ctx.clock.now())
    db.add(device)
    db.commit()
    return {"device_id": device.id, "device_key": base64.b64encode(device.key).decode(),
            "name": device.name}


@router.get("")
def list_devices(admin: DeviceAdmin, db: Db) -> list[dict[str, Any]]:
    devices = db.scalars(
        select(Device).where(Device.agency_id == admin.agency_id).order_by(Device.created_at))
    return [device_json(d) for d in devices]


@router.post("/{device_id}/adopt")
def adopt_device(device_id: str, admin: DeviceAdmin, db: Db) -> dict[str, Any]:
    """Hand an existing device's key to an admin setting up a (re-installed) laptop."""
    device = agency_device(db, admin.agency_id, device_id)
    if device.revoked_at is not None:
        raise ApiError(409, "device_revoked", "This device was revoked; register a new one.")
    return {"device_id": device.id, "device_key": base64.b64encode(device.key).decode(),
            "name": device.name}


@router.delete("/{device_id}", status_code=204)
def revoke_device(device_id: str, admin: DeviceAdmin, ctx: Ctx, db: Db) -> Response:
    device = agency_device(db, admin.agency_id, device_id)
    if device.revoked_at is None:
        now = ctx.clock.now()
        device.revoked_at = now
        sessions.revoke_device(db, device.id, now)
        db.commit()
    return Response(status_code=204)


@router.post("/{device_id}/credential-check")
def credential_check(
    device_id: str, body: CredentialCheckIn, auth: CurrentAuth, db: Db
) -> dict[str, Any]:
    device = agency_device(db, auth.agency_id, device_id)
    agency = db.get(Agency, auth.agency_id)
    assert agency is not None
    ids = [c.user_id for c in body.users]
    users = {u.id: u for u in db.scalars(
        select(User).where(User.id.in_(ids), User.agency_id == auth.agency_id))}
    return {
        "device": "revoked" if device.revoked_at else "active",
        "offline_max_days": agency.offline_max_days,
        "users": [
            {"user_id": c.user_id,
             "status": _credential_status(users.get(c.user_id), c.credential_version, agency)}
            for c in body.users
        ],
    }


def _credential_status(user: User | None, cached_version: int, agency: Agency) -> str:
    # Another agency's user looks deleted: nothing about it is revealed.
    if user is None or user.deleted_at is not None:
        return "deleted"
    if user.disabled:
        return "disabled"
    if not accounts.offline_allowed(user, agency):
        return "offline_permission_removed"
    if user.credential_version != cached_version:
        return "password_changed"
    return "valid"
