"""Field devices: /api/v1/devices (devices.manage), plus credential-check for any user."""

from __future__ import annotations

import base64
import secrets
import uuid
from datetime import datetime
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Response
from fastapi.responses import JSONResponse
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


def device_status(device: Device) -> str:
    if device.revoked_at is not None:
        return "revoked"
    return "revoking" if device.revoking_at is not None else "active"


def device_json(device: Device) -> dict[str, Any]:
    return {
        "device_id": device.id,
        "name": device.name,
        "status": device_status(device),
        "created_at": device.created_at.isoformat(),
        "revoked_at": device.revoked_at.isoformat() if device.revoked_at else None,
        # Shown before an admin confirms a revoke: what the device would still upload.
        "unsynced_reports": device.unsynced_reports,
        "unsynced_reported_at": device.unsynced_at.isoformat() if device.unsynced_at else None,
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
    device_id, key = str(uuid.uuid4()), secrets.token_bytes(32)
    device = Device(id=device_id, agency_id=admin.agency_id, name=body.name,
                    key=ctx.sealer.seal(device_id, key), created_at=ctx.clock.now())
    db.add(device)
    db.commit()
    return {"device_id": device.id, "device_key": base64.b64encode(key).decode(),
            "name": device.name}


@router.get("")
def list_devices(admin: DeviceAdmin, db: Db) -> list[dict[str, Any]]:
    devices = db.scalars(
        select(Device).where(Device.agency_id == admin.agency_id).order_by(Device.created_at))
    return [device_json(d) for d in devices]


@router.post("/{device_id}/adopt")
def adopt_device(device_id: str, admin: DeviceAdmin, ctx: Ctx, db: Db) -> dict[str, Any]:
    """Hand an existing device's key to an admin setting up a (re-installed) laptop."""
    device = agency_device(db, admin.agency_id, device_id)
    if device.revoked_at is not None or device.revoking_at is not None:
        raise ApiError(409, "device_revoked", "This device was revoked; register a new one.")
    return {"device_id": device.id,
            "device_key": base64.b64encode(ctx.device_key(device)).decode(),
            "name": device.name}


@router.delete("/{device_id}", status_code=204, responses={202: {"description": "revoking"}})
def revoke_device(device_id: str, admin: DeviceAdmin, ctx: Ctx, db: Db,
                  force: bool = False) -> Response:
    """Revoke a device. Reports it has not uploaded are not destroyed: unless it last said
    it holds none (or `force`, for a stolen laptop), it becomes "revoking" (202): its
    crews still sign in and sync, and it is revoked, and wipes itself, once none wait."""
    device = agency_device(db, admin.agency_id, device_id)
    if device.revoked_at is not None:
        return Response(status_code=204)
    now = ctx.clock.now()
    if not force and device.unsynced_reports != 0:
        device.revoking_at = device.revoking_at or now
        db.commit()
        return JSONResponse(device_json(device), status_code=202)
    _revoke(db, device, now)
    db.commit()
    return Response(status_code=204)


def _revoke(db: Session, device: Device, now: datetime) -> None:
    device.revoked_at = now
    sessions.revoke_device(db, device.id, now)


@router.post("/{device_id}/credential-check")
def credential_check(
    device_id: str, body: CredentialCheckIn, auth: CurrentAuth, ctx: Ctx, db: Db
) -> dict[str, Any]:
    device = agency_device(db, auth.agency_id, device_id)
    now = ctx.clock.now()
    # Only the laptop itself (a session opened on it) says what it holds: anyone else's
    # "0" would complete a pending revoke, and wipe reports never uploaded.
    if (body.unsynced_reports is not None and device.revoked_at is None
            and auth.device_id == device.id):
        device.unsynced_reports, device.unsynced_at = body.unsynced_reports, now
        if device.revoking_at is not None and body.unsynced_reports == 0:
            _revoke(db, device, now)  # everything is uploaded: the revoke completes
        db.commit()
    agency = db.get(Agency, auth.agency_id)
    assert agency is not None
    ids = [c.user_id for c in body.users]
    users = {u.id: u for u in db.scalars(
        select(User).where(User.id.in_(ids), User.agency_id == auth.agency_id))}
    return {
        "device": device_status(device),
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
