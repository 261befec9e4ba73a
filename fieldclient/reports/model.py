"""What a report is on the device: its status, its sync state, and the report itself.

Declared once here; the store, the outbox, the sync engine and the screens all use these.
Both enums are `StrEnum`s, so they are stored and compared as the plain strings the
database and the protocol carry.
"""

from __future__ import annotations

import base64
import json
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class ReportStatus(StrEnum):
    IN_PROGRESS = "in_progress"
    COMPLETED = "completed"


class SyncState(StrEnum):
    NOT_SYNCED = "not_synced"  # saved here; its newest revision waits in the outbox
    SYNCING = "syncing"        # claimed for upload; no answer yet
    SYNCED = "synced"          # the server holds exactly what is saved here
    CONFLICT = "conflict"      # changed here and on the server: both kept, crew decides
    REJECTED = "rejected"      # the server refused it as it is; its reasons are kept


@dataclass(frozen=True)
class Report:
    """A saved report, or a draft (sync_state None: autosaved, never saved as a revision)."""

    id: str
    form_id: str
    form_version: int
    status: ReportStatus
    data: dict[str, Any] = field(repr=False)  # PHI: never in a repr, a log or an error
    incident_id: str | None = None
    local_revision: int = 0
    sync_state: SyncState | None = None
    saved_at: str | None = None
    addenda: tuple[Addendum, ...] = ()
    signatures: tuple[Signature, ...] = ()
    review: Review | None = None


@dataclass(frozen=True)
class Review:
    """Where the report is in the server's QA review, with the last decision: a returned
    report comes back to its crew with comments on fields."""

    status: str | None  # awaiting / approved / returned; None: not completed since
    decision: str | None = None  # the last one: approved / returned
    reviewer_name: str = ""
    decided_at: str | None = None
    note: str = field(default="", repr=False)  # may name the patient
    comments: tuple[tuple[str, str], ...] = field(default=(), repr=False)  # (field, text)

    @property
    def returned(self) -> bool:
        return self.status == RETURNED

    def comments_on(self, key: str) -> list[str]:
        return [text for field_key, text in self.comments if field_key == key]

    @classmethod
    def from_server(cls, state: dict[str, Any]) -> Review:
        """The `review` of a report as the server sends it (docs/protocol.md)."""
        last = state.get("last") or {}
        return cls(status=state.get("status"), decision=last.get("decision"),
                   reviewer_name=str(last.get("reviewer_name") or ""),
                   decided_at=last.get("decided_at"), note=str(last.get("note") or ""),
                   comments=tuple((str(c["field"]), str(c["text"]))
                                  for c in last.get("comments") or []))


RETURNED, APPROVED, AWAITING = "returned", "approved", "awaiting"


@dataclass(frozen=True)
class Addendum:
    """Text appended to a locked report, with who wrote it and when (on their device)."""

    id: str
    report_id: str
    author_id: int
    author_name: str
    text: str = field(repr=False)  # PHI
    written_at: str
    sync_state: SyncState
    problem: str | None = None


@dataclass(frozen=True)
class Given:
    """What the signing dialog collected (fieldforms.signatures checks it)."""

    block: str
    signer_type: str
    reasons: tuple[str, ...]
    status: str
    first_name: str = field(default="", repr=False)  # PHI
    last_name: str = field(default="", repr=False)
    relationship: str | None = None
    image: bytes | None = field(default=None, repr=False)  # PNG
    addendum_id: str | None = None


@dataclass(frozen=True)
class Signature:
    """A signature given on a report: immutable, with the report as it was signed."""

    id: str
    report_id: str
    given: Given
    signed_at: str
    signed_revision: int  # the report's local revision it signed
    signed_data: dict[str, Any] = field(repr=False)  # PHI: the report as it was signed
    collected_by: int = 0
    sync_state: SyncState = SyncState.NOT_SYNCED
    problem: str | None = None

    @property
    def name(self) -> str:
        return " ".join(p for p in (self.given.first_name, self.given.last_name) if p)

    def upload(self) -> dict[str, Any]:
        """The body of PUT /reports/{id}/signatures/{id} (docs/protocol.md)."""
        given = self.given
        return {"block": given.block, "signer_type": given.signer_type,
                "reasons": list(given.reasons), "relationship": given.relationship,
                "status": given.status, "first_name": given.first_name,
                "last_name": given.last_name, "signed_at": self.signed_at,
                "signed_revision": self.signed_revision, "signed_data": self.signed_data,
                "image": (base64.b64encode(given.image).decode()
                          if given.image is not None else None),
                "addendum_id": given.addendum_id}


UNLOCK_PERMISSION = "reports.unlock"


def is_locked(report: Report) -> bool:
    """Completed: its fields change no more, here or on the server; its crew adds addenda
    and QA unlocks it. Except while the server has refused it, or both sides changed it:
    the crew must be able to put that right."""
    return locks(report.status, report.sync_state)


def locks(status: str, sync_state: str | None) -> bool:
    """is_locked, from a report's status and sync state as the store holds them."""
    return (status == ReportStatus.COMPLETED
            and sync_state not in (SyncState.REJECTED, SyncState.CONFLICT))


def may_unlock(report: Report, permissions: list[str]) -> bool:
    """Unlocking is the server's to do: only a report the server holds as it is here."""
    return (is_locked(report) and report.sync_state is SyncState.SYNCED
            and UNLOCK_PERMISSION in permissions)


def report_from_row(row: tuple[Any, ...]) -> Report:
    """(id, local_revision, status, data, sync_state, form_id, form_version, incident_id)"""
    return Report(id=row[0], local_revision=int(row[1]), status=ReportStatus(row[2]),
                  data=json.loads(row[3]), sync_state=SyncState(row[4]), form_id=row[5],
                  form_version=int(row[6]), incident_id=row[7])


def draft_from_row(row: tuple[Any, ...]) -> Report:
    """(report_id, form_id, form_version, incident_id, status, data, saved_at)"""
    return Report(id=row[0], form_id=row[1], form_version=int(row[2]), incident_id=row[3],
                  status=ReportStatus(row[4]), data=json.loads(row[5]), saved_at=row[6])
