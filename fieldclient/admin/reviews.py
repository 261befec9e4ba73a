"""Admin Tools → QA review: the agency's completed reports waiting for review, filtered
and paged on the server; one report's fields in words; approve, or return to the crew
with comments on fields. Pure Python: the Qt screen and the tests drive the same calls.

The server checks `reports.review`, the agency and the revision read (docs/protocol.md,
"QA review"), so a report changed since it was opened is refused, never overwritten.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from fieldclient.admin.calls import server_call
from fieldclient.plumbing.errors import FieldClientError
from fieldclient.signin.session import Session

STATUSES = (("Waiting for review", "awaiting"), ("Returned to the crew", "returned"),
            ("Approved", "approved"))
STATUS_WORDS = {value: label for label, value in STATUSES}


class NothingToSay(FieldClientError):
    """A report is returned with what to correct, never bare."""


@dataclass(frozen=True)
class QueueFilter:
    status: str | None = "awaiting"  # None: all three
    unit: str = ""
    first_day: date | None = None
    last_day: date | None = None


@dataclass(frozen=True)
class QueueRow:
    report_id: str
    revision: int
    pcr_number: str
    incident_number: str
    unit: str
    status: str
    submitted_at: datetime | None

    @classmethod
    def from_server(cls, row: dict[str, Any]) -> QueueRow:
        at = row.get("submitted_at")
        return cls(str(row["id"]), int(row["revision"]), str(row["pcr_number"]),
                   str(row["incident_number"]), str(row["unit"]),
                   str(row["review_status"]), datetime.fromisoformat(at) if at else None)

    @property
    def status_words(self) -> str:
        return STATUS_WORDS.get(self.status, self.status)


@dataclass(frozen=True)
class QueuePage:
    rows: list[QueueRow]
    total: int
    offset: int


@dataclass(frozen=True)
class FieldShown:
    key: str
    section: str
    label: str
    text: str = field(repr=False)  # PHI


@dataclass(frozen=True)
class ReportForReview:
    report_id: str
    revision: int
    status: str
    fields: list[FieldShown]
    decisions: list[dict[str, Any]]


class Reviews:
    def __init__(self, session: Session) -> None:
        self._session = session

    def _call(self, method: str, path: str, **kwargs: Any) -> Any:
        return server_call(self._session, method, f"/reviews{path}", **kwargs)

    def page(self, where: QueueFilter, offset: int = 0, limit: int = 50) -> QueuePage:
        params: dict[str, Any] = {"offset": offset, "limit": limit,
                                  "utc_offset": _utc_offset_minutes()}
        params["status"] = where.status or "all"
        if where.unit.strip():
            params["unit"] = where.unit.strip()
        if where.first_day:
            params["since"] = where.first_day.isoformat()
        if where.last_day:
            params["until"] = where.last_day.isoformat()
        answer = self._call("GET", "", params=params)
        return QueuePage([QueueRow.from_server(r) for r in answer["items"]],
                         int(answer["total"]), offset)

    def read(self, report_id: str) -> ReportForReview:
        answer = self._call("GET", f"/{report_id}")
        report = answer["report"]
        return ReportForReview(
            str(report["id"]), int(report["revision"]),
            str((report.get("review") or {}).get("status") or ""),
            [FieldShown(str(f["key"]), str(f["section"]), str(f["label"]), str(f["text"]))
             for f in answer["fields"]], list(answer["reviews"]))

    def approve(self, report: ReportForReview, note: str = "") -> None:
        self._decide(report, "approved", note, {})

    def send_back(self, report: ReportForReview, note: str, comments: dict[str, str]) -> None:
        """Return to the crew: `comments` by field key; empty ones are dropped."""
        comments = {k: t.strip() for k, t in comments.items() if t.strip()}
        if not comments and not note.strip():
            raise NothingToSay("Say what to correct: comment on a field, or write a note.")
        self._decide(report, "returned", note, comments)

    def _decide(self, report: ReportForReview, decision: str, note: str,
                comments: dict[str, str]) -> None:
        self._call("POST", f"/{report.report_id}", json={
            "decision": decision, "revision": report.revision, "note": note.strip(),
            "comments": [{"field": k, "text": t} for k, t in comments.items()]})


def _utc_offset_minutes() -> int:
    """Minutes to add to local time for UTC (the server reads days in this zone)."""
    offset = datetime.now().astimezone().utcoffset()
    return -int(offset.total_seconds() // 60) if offset else 0
