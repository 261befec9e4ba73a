"""The outbox: which report revisions still have to reach the server, and what came back.

Every save already wrote the report, its new local revision and an outbox entry in one
transaction (LocalStore.save_report). Here:
- `claim` picks one entry per report. An entry sent before without a known answer ("in
  doubt") goes first, byte for byte, so the server can replay its answer; otherwise only
  the newest revision is sent (older, never-sent ones are superseded). The request is
  frozen at claim time, in the same transaction that reads the report.
- The answer settles it: uploaded (synced only if no newer local revision exists),
  conflict (both sides kept; LocalStore.resolve_conflict records the crew's choice),
  rejected (quarantined with the server's reasons, the
  queue goes on), or failed (kept, retried later).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fieldclient.reports.model import SyncState
from fieldclient.storage.addenda import Addenda
from fieldclient.storage.database import Database
from fieldclient.storage.signatures import Signatures

NOT_SYNCED, SYNCING, SYNCED = SyncState.NOT_SYNCED, SyncState.SYNCING, SyncState.SYNCED
CONFLICT, REJECTED = SyncState.CONFLICT, SyncState.REJECTED


@dataclass(frozen=True)
class Upload:
    entry_id: int
    report_id: str
    local_revision: int
    if_match: int | None
    payload: dict[str, Any]

    def idempotency_key(self, device_id: str | None) -> str:
        """Unique to this device: another device holding the same report numbers its own
        revisions, and the same number from two devices must not be one request."""
        return f"{self.report_id}:{device_id or 'device'}:{self.local_revision}"


def _json(value: Any) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"))


class Outbox:
    def __init__(self, db: Database) -> None:
        self.db = db
        self.addenda = Addenda(db)
        self.signatures = Signatures(db)

    def claim(self, limit: int) -> list[Upload]:
        uploads: list[Upload] = []
        with self.db.transaction() as c:
            report_ids = [r[0] for r in c.execute(
                "SELECT report_id FROM outbox GROUP BY report_id ORDER BY min(id) LIMIT ?",
                (limit,))]
            for report_id in report_ids:
                upload = self._claim_one(c, report_id)
                if upload is not None:
                    uploads.append(upload)
        return uploads

    def _claim_one(self, c: Any, report_id: str) -> Upload | None:
        in_doubt = c.execute("SELECT id, local_revision, if_match, payload FROM outbox WHERE"
                             " report_id = ? AND payload IS NOT NULL ORDER BY local_revision"
                             " LIMIT 1", (report_id,)).fetchone()
        if in_doubt is not None:
            c.execute("UPDATE reports SET sync_state = ? WHERE id = ? AND sync_state = ?",
                      (SYNCING, report_id, NOT_SYNCED))
            return Upload(in_doubt[0], report_id, in_doubt[1], in_doubt[2],
                          json.loads(in_doubt[3]))
        report = c.execute("SELECT local_revision, server_revision, form_id, form_version,"
                           " incident_id, status, data, author_id, saved_at FROM reports"
                           " WHERE id = ?", (report_id,)).fetchone()
        newest = c.execute("SELECT id FROM outbox WHERE report_id = ? AND local_revision = ?",
                           (report_id, report[0])).fetchone()
        c.execute("DELETE FROM outbox WHERE report_id = ? AND local_revision < ?",
                  (report_id, report[0]))  # superseded, never sent
        if newest is None:
            return None
        payload = {"form_id": report[2], "form_version": report[3], "incident_id": report[4],
                   "status": report[5], "data": json.loads(report[6]), "author_id": report[7],
                   "client_saved_at": report[8]}
        c.execute("UPDATE outbox SET payload = ?, if_match = ? WHERE id = ?",
                  (_json(payload), report[1], newest[0]))
        c.execute("UPDATE reports SET sync_state = ? WHERE id = ?", (SYNCING, report_id))
        return Upload(newest[0], report_id, report[0], report[1], payload)

    # --- answers -----------------------------------------------------------------------
    def uploaded(self, upload: Upload, server_revision: int) -> None:
        with self.db.transaction() as c:
            c.execute("DELETE FROM outbox WHERE report_id = ? AND local_revision <= ?",
                      (upload.report_id, upload.local_revision))
            rest = c.execute("SELECT count(*) FROM outbox WHERE report_id = ?",
                             (upload.report_id,)).fetchone()[0]
            c.execute("UPDATE reports SET server_revision = ?, sync_state = CASE WHEN"
                      " local_revision = ? AND ? = 0 THEN ? ELSE ? END WHERE id = ?",
                      (server_revision, upload.local_revision, rest, SYNCED, NOT_SYNCED,
                       upload.report_id))

    def conflict(self, report_id: str, server_copy: dict[str, Any] | None) -> None:
        """Keep both sides: ours stays in `data`, theirs goes to `server_copy`."""
        with self.db.transaction() as c:
            c.execute("DELETE FROM outbox WHERE report_id = ?", (report_id,))
            c.execute("UPDATE reports SET sync_state = ?, server_copy = ? WHERE id = ?",
                      (CONFLICT, _json(server_copy), report_id))

    def rejected(self, upload: Upload, problems: list[dict[str, Any]]) -> None:
        with self.db.transaction() as c:
            c.execute("DELETE FROM outbox WHERE report_id = ? AND local_revision <= ?",
                      (upload.report_id, upload.local_revision))
            c.execute("UPDATE reports SET sync_state = CASE WHEN local_revision = ? THEN ?"
                      " ELSE ? END, problems = ? WHERE id = ?",
                      (upload.local_revision, REJECTED, NOT_SYNCED, _json(problems),
                       upload.report_id))

    def failed(self, uploads: list[Upload], error: str) -> None:
        """No answer: the entries stay (in doubt), to be sent again exactly as they were."""
        with self.db.transaction() as c:
            for upload in uploads:
                c.execute("UPDATE outbox SET attempts = attempts + 1, last_error = ?"
                          " WHERE id = ?", (error, upload.entry_id))
                c.execute("UPDATE reports SET sync_state = ? WHERE id = ? AND sync_state = ?",
                          (NOT_SYNCED, upload.report_id, SYNCING))

    # --- pulled changes --------------------------------------------------------------------
    def pulled(self, item: dict[str, Any],
               keep: Callable[[dict[str, Any]], bool] = lambda _item: False) -> bool:
        """A change made on the server; True when the report is held here (now). Never
        overwrites unsynced local edits; its addenda and signatures are merged whatever
        else happens (they only ever append), and its QA review taken."""
        with self.db.transaction() as c:
            local = c.execute("SELECT server_revision, sync_state, data, status FROM reports"
                              " WHERE id = ?", (item["id"],)).fetchone()
            if local is None:
                if not keep(item):
                    return False  # nobody who signs in here wrote it or crewed it
                self._adopt(c, item)  # theirs to have
                return True
            self._merge_appended(c, item)
            if item["revision"] <= (local[0] or 0):
                return True  # nothing new
            same = json.loads(local[2]) == item["data"] and local[3] == item["status"]
            if local[1] == SYNCED or same:
                c.execute("UPDATE reports SET server_revision = ?, data = ?, status = ?,"
                          " form_version = ?, sync_state = CASE WHEN sync_state = ? THEN ?"
                          " ELSE sync_state END WHERE id = ?",
                          (item["revision"], _json(item["data"]), item["status"],
                           item["form_version"], SYNCED, SYNCED, item["id"]))
                return True
        self.conflict(item["id"], item)
        return True

    def _merge_appended(self, c: Any, item: dict[str, Any]) -> None:
        self.addenda.merge(c, item["id"], item.get("addenda", []))
        self.signatures.merge(c, item["id"], item.get("signatures", []))
        self._take_review(c, item)

    @staticmethod
    def _take_review(c: Any, item: dict[str, Any]) -> None:
        """QA's word is the server's alone: taken as it is, even beside unsynced edits
        (an approval makes no revision; a return's comments must reach the crew)."""
        review = item.get("review")
        c.execute("UPDATE reports SET review = ?, review_status = ? WHERE id = ?",
                  (_json(review) if review else None,
                   review.get("status") if review else None, item["id"]))

    def _adopt(self, c: Any, item: dict[str, Any]) -> None:
        """A report written elsewhere comes to this device as the server holds it."""
        c.execute("INSERT INTO reports (id, local_revision, server_revision, form_id,"
                  " form_version, incident_id, status, data, author_id, created_at, saved_at,"
                  " sync_state) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                  (item["id"], item["revision"], item["revision"], item["form_id"],
                   item["form_version"], item.get("incident_id"), item["status"],
                   _json(item["data"]), item["author_id"], item["updated_at"],
                   item["updated_at"], SYNCED))
        self._merge_appended(c, item)

    # --- status ------------------------------------------------------------------------------
    def pending_count(self) -> int:
        """Reports, addenda and signatures still to send."""
        reports = self.db.query("SELECT count(*) FROM reports WHERE sync_state IN (?, ?)",
                                (NOT_SYNCED, SYNCING))
        return (int(reports[0][0]) + self.addenda.pending_count()
                + self.signatures.pending_count())

    def state(self, report_id: str) -> str | None:
        rows = self.db.query("SELECT sync_state FROM reports WHERE id = ?", (report_id,))
        return str(rows[0][0]) if rows else None

    def get_meta(self, key: str) -> str | None:
        rows = self.db.query("SELECT value FROM sync_meta WHERE key = ?", (key,))
        return str(rows[0][0]) if rows else None

    def set_meta(self, key: str, value: str) -> None:
        with self.db.transaction() as c:
            c.execute("INSERT INTO sync_meta (key, value) VALUES (?, ?) ON CONFLICT(key)"
                      " DO UPDATE SET value = excluded.value", (key, value))
