"""Addenda in the local store: written here offline, sent once, merged when pulled.

An addendum is appended to a completed, locked report and never edits its fields. Its id
is made here, so the server keeps one however often it is sent (an answer lost on the
way, say). It is sent only once its report is on the server as completed (the server
takes addenda on locked reports only); until then it waits, not synced.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime
from typing import Any

from fieldclient.plumbing.errors import FieldClientError
from fieldclient.reports.model import Addendum, ReportStatus, SyncState
from fieldclient.storage.database import Database

MAX_TEXT = 10_000  # the server's limit
ID_TAKEN = "The server holds another addendum under this one's id; it was not sent."
_COLUMNS = "id, report_id, author_id, author_name, text, written_at, sync_state, problem"


class AddendumRefused(FieldClientError):
    """No text, or not a completed report (an open one is edited instead)."""


def _addendum(row: tuple[Any, ...]) -> Addendum:
    return Addendum(id=row[0], report_id=row[1], author_id=int(row[2]), author_name=row[3],
                    text=row[4], written_at=row[5], sync_state=SyncState(row[6]),
                    problem=row[7])


class Addenda:
    def __init__(self, db: Database) -> None:
        self.db = db

    def add(self, report_id: str, text: str, *, author_id: int, author_name: str,
            now: datetime) -> Addendum:
        with self.db.transaction() as c:
            return self.insert(c, report_id, text, author_id=author_id,
                               author_name=author_name, now=now)

    def insert(self, c: Any, report_id: str, text: str, *, author_id: int, author_name: str,
               now: datetime) -> Addendum:
        """Inside the caller's transaction (LocalStore.add_signed_addendum signs it too)."""
        text = text.strip()
        if not text:
            raise AddendumRefused("Write the addendum's text first.")
        if len(text) > MAX_TEXT:
            raise AddendumRefused(f"An addendum holds at most {MAX_TEXT:,} characters.")
        addendum = Addendum(id=str(uuid.uuid4()), report_id=report_id, author_id=author_id,
                            author_name=author_name, text=text,
                            written_at=now.astimezone(UTC).isoformat(timespec="seconds"),
                            sync_state=SyncState.NOT_SYNCED)
        status = c.execute("SELECT status FROM reports WHERE id = ?", (report_id,)).fetchone()
        if status is None or status[0] != ReportStatus.COMPLETED:
            raise AddendumRefused("Only a completed report takes addenda; edit this one "
                                  "instead.")
        c.execute(f"INSERT INTO addenda ({_COLUMNS}) VALUES (?,?,?,?,?,?,?,?)",  # noqa: S608
                  (addendum.id, report_id, author_id, author_name, text,
                   addendum.written_at, addendum.sync_state, None))
        return addendum

    def of(self, report_id: str) -> tuple[Addendum, ...]:
        rows = self.db.query(f"SELECT {_COLUMNS} FROM addenda WHERE report_id = ?"  # noqa: S608
                             " ORDER BY written_at, rowid", (report_id,))
        return tuple(_addendum(r) for r in rows)

    # --- sync ------------------------------------------------------------------------------
    def ready_to_send(self, limit: int) -> list[Addendum]:
        """Not synced, on a report the server holds as completed."""
        rows = self.db.query(
            f"SELECT {', '.join('a.' + c for c in _COLUMNS.split(', '))} FROM addenda a"  # noqa: S608
            " JOIN reports r ON r.id = a.report_id WHERE a.sync_state = ?"
            " AND r.sync_state = ? AND r.status = ? ORDER BY a.written_at LIMIT ?",
            (SyncState.NOT_SYNCED, SyncState.SYNCED, ReportStatus.COMPLETED, limit))
        return [_addendum(r) for r in rows]

    def settled(self, addendum_id: str, problem: str | None) -> None:
        """The server answered: kept (no problem), or refused for good, with its reason."""
        state = SyncState.SYNCED if problem is None else SyncState.REJECTED
        with self.db.transaction() as c:
            c.execute("UPDATE addenda SET sync_state = ?, problem = ? WHERE id = ?",
                      (state, problem, addendum_id))

    def merge(self, c: Any, report_id: str, pulled: list[dict[str, Any]]) -> None:
        """The server's addenda of a report here (inside the caller's transaction): new
        ones are added, and ours that it holds are synced. One of ours whose id the server
        holds with other words (a forged or reused id) is never replaced: it is kept,
        refused, with the reason."""
        for item in pulled:
            c.execute(f"INSERT INTO addenda ({_COLUMNS}) VALUES (?,?,?,?,?,?,?,?)"  # noqa: S608
                      " ON CONFLICT(id) DO UPDATE SET"
                      " sync_state = CASE WHEN text = excluded.text AND author_id ="
                      " excluded.author_id THEN excluded.sync_state ELSE ? END,"
                      " problem = CASE WHEN text = excluded.text AND author_id ="
                      " excluded.author_id THEN NULL ELSE ? END",
                      (item["id"], report_id, int(item["author_id"]), item["author_name"],
                       item["text"], _utc(item["written_at"]), SyncState.SYNCED, None,
                       SyncState.REJECTED, ID_TAKEN))

    def pending_count(self) -> int:
        rows = self.db.query("SELECT count(*) FROM addenda WHERE sync_state = ?",
                             (SyncState.NOT_SYNCED,))
        return int(rows[0][0])


def _utc(moment: str) -> str:
    """One spelling for a time, whichever side wrote it (the order of addenda reads it)."""
    return datetime.fromisoformat(moment).astimezone(UTC).isoformat(timespec="seconds")
