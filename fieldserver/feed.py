"""The change feed: incidents and reports in the order their changes commit, so that a
device pulling with a cursor never skips one (docs/protocol.md, "The change feed").

Each changed row is stamped with a position `(txid, seq)`:

- On PostgreSQL, `txid` is the writing transaction's id (`pg_current_xact_id()`) and
  `seq` comes from one sequence. A pull returns only rows whose transaction is older
  than every transaction still running (`pg_snapshot_xmin`): those are final, none can
  commit later. A row written by a transaction still in flight waits for the next pull,
  and whatever commits later has a larger `txid`, so it lands after the cursor, never
  behind it. A number taken as `max + 1`, or even from a plain sequence, lets a row that
  commits late fall behind a cursor that already moved past its number.
- On SQLite, writers are serialized (BEGIN IMMEDIATE), so commit order is the order of
  `max + 1`: `txid` stays 0.

A dump restored into a new cluster starts its transaction ids low again; `rebase` (run
by every migration) moves the offset added to them, so that new positions still sort
after every old one and every cursor devices hold.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, Connection, func, literal_column, select, text, tuple_
from sqlalchemy.orm import Session

from fieldserver.models import Incident, Report

Fed = type[Report] | type[Incident]
MAX_POSITION = 2**63 - 1
CURSOR = re.compile(r"^(?:(\d{1,19})\.)?(\d{1,19})$")
_OFFSET = "(SELECT txid_offset FROM change_feed)"
_STAMP = text(f"SELECT nextval('change_seq'), pg_current_xact_id()::text::bigint + {_OFFSET}")
_WATERMARK = f"pg_snapshot_xmin(pg_current_snapshot())::text::bigint + {_OFFSET}"


class BadCursor(ValueError):
    pass


@dataclass(frozen=True, order=True)
class Position:
    """Where a change sits in the feed; also the cursor a device sends back."""

    txid: int = 0
    seq: int = 0

    @classmethod
    def parse(cls, cursor: str) -> Position:
        """`SEQ` (SQLite, and every cursor from before positions had a txid) or `TXID.SEQ`."""
        found = CURSOR.match(cursor)
        if found is None:
            raise BadCursor("not a cursor")
        position = cls(int(found[1] or 0), int(found[2]))
        if max(position.txid, position.seq) > MAX_POSITION:
            raise BadCursor("out of range")
        return position

    def __str__(self) -> str:
        return f"{self.txid}.{self.seq}" if self.txid else str(self.seq)


def _postgres(db: Session | Connection) -> bool:
    bind = db if isinstance(db, Connection) else db.get_bind()
    return bind.dialect.name == "postgresql"


def stamp(db: Session, row: Report | Incident) -> None:
    """Give a new or changed row its place at the end of the feed. Call it before
    adding a new row to the session (the SQLite query would flush it half-made)."""
    if _postgres(db):
        row.seq, row.txid = db.execute(_STAMP).one()
        return
    model = type(row)
    current = db.scalar(select(func.max(model.seq)).where(model.agency_id == row.agency_id))
    row.seq, row.txid = (current or 0) + 1, 0


def after(db: Session, model: Fed, agency_id: int, cursor: Position, limit: int,
          *where: ColumnElement[bool]) -> tuple[list[Any], Position]:
    """The agency's rows changed after the cursor, oldest first, and the next cursor."""
    query = select(model).where(model.agency_id == agency_id,
                                tuple_(model.txid, model.seq) > tuple_(cursor.txid, cursor.seq),
                                *where)
    if _postgres(db):
        query = query.where(model.txid < literal_column(_WATERMARK))
    rows: list[Any] = list(db.scalars(query.order_by(model.txid, model.seq).limit(limit)))
    return rows, (Position(rows[-1].txid, rows[-1].seq) if rows else cursor)


def rebase(connection: Connection) -> None:
    """After a restore into a cluster whose transaction ids are lower than those stamped,
    move the offset so that new positions sort after every stamped one."""
    if not _postgres(connection):
        return
    newest = connection.scalar(text(
        "SELECT greatest((SELECT max(txid) FROM reports), (SELECT max(txid) FROM incidents))"))
    current = connection.scalar(text(f"SELECT pg_current_xact_id()::text::bigint + {_OFFSET}"))
    if newest is not None and newest >= current:
        connection.execute(text("UPDATE change_feed SET txid_offset = txid_offset + :by"),
                           {"by": newest - current + 1})
