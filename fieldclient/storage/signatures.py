"""Signatures in the local store: given here offline, sent once, merged when pulled.

A signature is bound to the report as it was signed: `LocalStore.sign` first saves what
the editor holds as a revision (unless the store already holds exactly that), then keeps
the signature with that revision's number and data, in one transaction. It is sent once
the server holds its report (and its addendum, for an addendum's), and never changes.
"""

from __future__ import annotations

import base64
import json
import uuid
from datetime import UTC, datetime
from typing import Any

from fieldclient.plumbing.errors import FieldClientError
from fieldclient.reports.model import Given, Signature, SyncState
from fieldclient.storage.database import Database

ID_TAKEN = "The server holds another signature under this one's id; it was not sent."
_COLUMNS = ("id, report_id, addendum_id, block, signer_type, reasons, relationship, status,"
            " first_name, last_name, image, signed_at, signed_revision, signed_data,"
            " collected_by, sync_state, problem")
_PLACES = ",".join("?" * len(_COLUMNS.split(",")))


class SignatureRefused(FieldClientError):
    """Not a signature the form's block takes (no name, a blank pad, a wrong code)."""


def _signature(row: tuple[Any, ...]) -> Signature:
    given = Given(block=row[3], signer_type=row[4], reasons=tuple(json.loads(row[5])),
                  relationship=row[6], status=row[7], first_name=row[8], last_name=row[9],
                  image=bytes(row[10]) if row[10] is not None else None, addendum_id=row[2])
    return Signature(id=row[0], report_id=row[1], given=given, signed_at=row[11],
                     signed_revision=int(row[12]), signed_data=json.loads(row[13]),
                     collected_by=int(row[14]), sync_state=SyncState(row[15]),
                     problem=row[16])


def _values(s: Signature) -> tuple[Any, ...]:
    g = s.given
    return (s.id, s.report_id, g.addendum_id, g.block, g.signer_type, json.dumps(g.reasons),
            g.relationship, g.status, g.first_name, g.last_name, g.image, s.signed_at,
            s.signed_revision, json.dumps(s.signed_data, sort_keys=True), s.collected_by,
            s.sync_state, s.problem)


class Signatures:
    def __init__(self, db: Database) -> None:
        self.db = db

    def insert(self, c: Any, report_id: str, given: Given, *, revision: int,
               data: dict[str, Any], collected_by: int, now: datetime) -> Signature:
        """Keep one, inside the caller's transaction (LocalStore.sign)."""
        signature = Signature(id=str(uuid.uuid4()), report_id=report_id, given=given,
                              signed_at=now.astimezone(UTC).isoformat(timespec="seconds"),
                              signed_revision=revision, signed_data=data,
                              collected_by=collected_by)
        c.execute(f"INSERT INTO signatures ({_COLUMNS}) VALUES ({_PLACES})",  # noqa: S608
                  _values(signature))
        return signature

    def of(self, report_id: str) -> tuple[Signature, ...]:
        rows = self.db.query(f"SELECT {_COLUMNS} FROM signatures WHERE report_id = ?"  # noqa: S608
                             " ORDER BY signed_at, rowid", (report_id,))
        return tuple(_signature(r) for r in rows)

    # --- sync ------------------------------------------------------------------------------
    def ready_to_send(self, limit: int) -> list[Signature]:
        """Not synced, on a report the server holds as it is here (and an addendum's, once
        the addendum is there too)."""
        columns = ", ".join("s." + c.strip() for c in _COLUMNS.split(","))
        rows = self.db.query(
            f"SELECT {columns} FROM signatures s JOIN reports r ON r.id = s.report_id"  # noqa: S608
            " LEFT JOIN addenda a ON a.id = s.addendum_id WHERE s.sync_state = ?"
            " AND r.sync_state = ? AND (s.addendum_id IS NULL OR a.sync_state = ?)"
            " ORDER BY s.signed_at LIMIT ?",
            (SyncState.NOT_SYNCED, SyncState.SYNCED, SyncState.SYNCED, limit))
        return [_signature(r) for r in rows]

    def settled(self, signature_id: str, problem: str | None) -> None:
        state = SyncState.SYNCED if problem is None else SyncState.REJECTED
        with self.db.transaction() as c:
            c.execute("UPDATE signatures SET sync_state = ?, problem = ? WHERE id = ?",
                      (state, problem, signature_id))

    def merge(self, c: Any, report_id: str, pulled: list[dict[str, Any]]) -> None:
        """The server's signatures of a report here (in the caller's transaction): new
        ones are added, and ours that it holds are synced; one of ours whose id the server
        holds with another image or report (a forged or reused id) is kept, refused."""
        for item in pulled:
            theirs = _pulled(report_id, item)
            row = c.execute(f"SELECT {_COLUMNS} FROM signatures WHERE id = ?",  # noqa: S608
                            (theirs.id,)).fetchone()
            if row is None:
                c.execute(f"INSERT INTO signatures ({_COLUMNS}) VALUES ({_PLACES})",  # noqa: S608
                          _values(theirs))
                continue
            ours = _signature(row)
            same = (ours.report_id, ours.given, _utc(ours.signed_at)) == (
                theirs.report_id, theirs.given, _utc(theirs.signed_at))
            c.execute("UPDATE signatures SET sync_state = ?, problem = ? WHERE id = ?",
                      (SyncState.SYNCED, None, ours.id) if same
                      else (SyncState.REJECTED, ID_TAKEN, ours.id))

    def pending_count(self) -> int:
        rows = self.db.query("SELECT count(*) FROM signatures WHERE sync_state = ?",
                             (SyncState.NOT_SYNCED,))
        return int(rows[0][0])


def _pulled(report_id: str, item: dict[str, Any]) -> Signature:
    image = base64.b64decode(item["image"]) if item.get("image") else None
    given = Given(block=item["block"], signer_type=item["signer_type"],
                  reasons=tuple(item["reasons"]), status=item["status"],
                  first_name=item.get("first_name") or "", last_name=item.get("last_name") or "",
                  relationship=item.get("relationship"), image=image,
                  addendum_id=item.get("addendum_id"))
    return Signature(id=item["id"], report_id=report_id, given=given,
                     signed_at=_utc(item["signed_at"]),
                     signed_revision=int(item["signed_revision"]),
                     signed_data=item["signed_data"], collected_by=int(item["collected_by"]),
                     sync_state=SyncState.SYNCED)


def _utc(moment: str) -> str:
    return datetime.fromisoformat(moment).astimezone(UTC).isoformat(timespec="seconds")
