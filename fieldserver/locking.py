"""After Complete: a report's crew appends addenda, and QA unlocks it with a reason.

A completed report is locked for everyone (reports.py refuses every upload to it). What
may still happen to it, each a new revision in its history, so that devices pull it:
- `add_addendum`: its author, its listed crew or a holder of `reports.unlock` appends
  text, with the device's id for it, so that a repeated upload is one addendum;
- `unlock`: a holder of `reports.unlock` gives a reason; the report is in progress again
  until the next Complete locks it, and the unlock is in the audit log.
"""

from __future__ import annotations

import json
from datetime import datetime

from sqlalchemy.orm import Session

from fieldserver import audit
from fieldserver.models import Report, ReportAddendum
from fieldserver.reports import (
    Outcome,
    Writer,
    addendum_json,
    error,
    may_not_touch,
    report_json,
    write_revision,
)


def add_addendum(db: Session, writer: Writer, report: Report, addendum_id: str, text: str,
                 written_at: datetime, now: datetime) -> Outcome:
    """Append one addendum in the caller's transaction; the caller commits."""
    earlier = db.get(ReportAddendum, addendum_id)
    if earlier is not None:
        return _repeat(earlier, writer, report, text, written_at)
    if report.status != "completed":
        return error(409, "report_not_locked", "Only a completed report takes addenda; "
                     "change the report itself instead.")
    if refused := may_not_touch(report, writer):
        return refused
    write_revision(db, report, report.id, writer, same_body(report), now, change="addendum")
    addendum = ReportAddendum(id=addendum_id, report_id=report.id, revision=report.revision,
                              author_id=writer.user_id, author_name=writer.name, text=text,
                              written_at=written_at, created_at=now)
    db.add(addendum)
    db.flush()
    db.refresh(report, ["addenda"])
    return Outcome(201, addendum_json(addendum))


def _repeat(earlier: ReportAddendum, writer: Writer, report: Report, text: str,
            written_at: datetime) -> Outcome:
    same = (earlier.report_id == report.id and earlier.author_id == writer.user_id
            and earlier.text == text and earlier.written_at == written_at)
    if not same:
        return error(409, "id_taken", "This addendum id was already used for another one.")
    return Outcome(200, addendum_json(earlier))


def unlock(db: Session, writer: Writer, report: Report, reason: str, now: datetime) -> Outcome:
    """Unlock a completed report (the caller has checked reports.unlock)."""
    if report.status != "completed":
        return error(409, "report_not_locked", "This report is not completed, so it is "
                     "not locked.")
    body = same_body(report) | {"status": "in_progress"}
    write_revision(db, report, report.id, writer, body, now, change="unlock", reason=reason)
    audit.record(db, writer.agency_id, writer.user_id, "report.unlock", now,
                 report_id=report.id)
    return Outcome(200, report_json(report))


def same_body(report: Report) -> dict[str, object]:
    """The report's current content, for a revision that does not change it. The author
    stays the report's author; `updated_by` names who made the revision."""
    return {"form_id": report.form_id, "form_version": report.form_version,
            "incident_id": report.incident_id, "status": report.status,
            "data": json.loads(report.data),
            "client_saved_at": (report.client_saved_at.isoformat()
                                if report.client_saved_at else None)}
