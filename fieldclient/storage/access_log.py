"""Who printed, saved or viewed which report (who, when, what): the device's half of the
server's audit log (`store.audit` is the device's own security log).

Written here at once, offline too, and sent to the server's audit log by the user's own
session (a shared laptop's other crew's entries wait for theirs), each once: the id is
made here. Never PHI: an action, a report id and a short detail such as "2 pages".
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from fieldclient.reports.model import SyncState
from fieldclient.storage.database import Database

VIEWED, PRINTED, SAVED_PDF = "report.view", "report.print", "report.pdf_saved"
ACTIONS = (VIEWED, PRINTED, SAVED_PDF)


@dataclass(frozen=True)
class Entry:
    id: str
    at: str
    user_id: int
    action: str
    report_id: str | None
    detail: str = ""

    def upload(self) -> dict[str, Any]:
        return {"id": self.id, "at": self.at, "action": self.action,
                "report_id": self.report_id, "detail": self.detail}


class AccessLog:
    def __init__(self, db: Database) -> None:
        self.db = db

    def record(self, user_id: int, action: str, report_id: str | None, now: datetime,
               detail: str = "") -> Entry:
        if action not in ACTIONS:
            raise ValueError(f"not an audited action: {action}")
        entry = Entry(str(uuid.uuid4()), now.astimezone(UTC).isoformat(timespec="seconds"),
                      user_id, action, report_id, detail[:200])
        with self.db.transaction() as c:
            c.execute("INSERT INTO report_access_log (id, at, user_id, action, report_id, detail,"
                      " sync_state) VALUES (?,?,?,?,?,?,?)",
                      (entry.id, entry.at, user_id, action, report_id, entry.detail,
                       SyncState.NOT_SYNCED))
        return entry

    def entries(self, report_id: str) -> list[Entry]:
        rows = self.db.query("SELECT id, at, user_id, action, report_id, detail FROM"
                             " report_access_log WHERE report_id = ? ORDER BY at, rowid",
                             (report_id,))
        return [Entry(*r) for r in rows]

    def waiting(self, user_id: int, limit: int) -> list[Entry]:
        rows = self.db.query("SELECT id, at, user_id, action, report_id, detail FROM"
                             " report_access_log WHERE sync_state = ? AND user_id = ? ORDER BY at"
                             " LIMIT ?", (SyncState.NOT_SYNCED, user_id, limit))
        return [Entry(*r) for r in rows]

    def sent(self, ids: list[str]) -> None:
        with self.db.transaction() as c:
            c.executemany("UPDATE report_access_log SET sync_state = ? WHERE id = ?",
                          [(SyncState.SYNCED, i) for i in ids])
