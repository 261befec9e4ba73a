"""The server's audit log of what was done to reports: who, when, what (never PHI)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from fieldserver.models import AuditEvent


def record(db: Session, agency_id: int, user_id: int, action: str, at: datetime, *,
           report_id: str | None = None, detail: str = "") -> None:
    db.add(AuditEvent(agency_id=agency_id, user_id=user_id, action=action, at=at,
                      report_id=report_id, detail=detail))


def record_from_device(db: Session, agency_id: int, user_id: int,
                       entries: list[dict[str, Any]]) -> int:
    """A device's entries, each kept once (by the id it made); the user is the caller,
    whatever the entry says. How many were new."""
    known = set(db.scalars(select(AuditEvent.client_id).where(
        AuditEvent.client_id.in_([e["id"] for e in entries]))))
    fresh = {e["id"]: e for e in entries if e["id"] not in known}
    for entry in fresh.values():
        db.add(AuditEvent(agency_id=agency_id, user_id=user_id, action=entry["action"],
                          at=entry["at"], report_id=entry["report_id"],
                          detail=entry["detail"], client_id=entry["id"]))
    return len(fresh)


def events(db: Session, agency_id: int, report_id: str | None,
           limit: int) -> list[dict[str, Any]]:
    """Newest first."""
    query = select(AuditEvent).where(AuditEvent.agency_id == agency_id)
    if report_id is not None:
        query = query.where(AuditEvent.report_id == report_id)
    rows = db.scalars(query.order_by(AuditEvent.id.desc()).limit(limit))
    return [{"at": e.at.isoformat(), "user_id": e.user_id, "action": e.action,
             "report_id": e.report_id, "detail": e.detail} for e in rows]
