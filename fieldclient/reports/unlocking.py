"""QA unlocks a completed report from a device (online: the server unlocks it)."""

from __future__ import annotations

from typing import Any

from fieldclient.plumbing.errors import FieldClientError
from fieldclient.signin.session import Session
from fieldclient.sync.outbox import Outbox


class ReasonRequired(FieldClientError):
    """An unlock always says why: the reason stays in the report's history."""


def unlock(session: Session, report_id: str, reason: str) -> None:
    """Ask the server to unlock the report, and take its answer in here as a pulled
    change: the report is in progress again, on this device too."""
    reason = reason.strip()
    if not reason:
        raise ReasonRequired("Say why the report is unlocked.")

    def call(token: str) -> dict[str, Any]:
        return session.api.unlock_report(token, report_id, reason)

    Outbox(session.store.db).pulled(session.authorized(call))
