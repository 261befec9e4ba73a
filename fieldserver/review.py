"""QA review: a holder of `reports.review` approves a completed report, or returns it to
its crew with comments on its fields.

- Only a report waiting for review (completed, `awaiting`), and only the revision the
  reviewer read: a report changed since answers 412 with the current one. The decision
  is taken with a compare-and-set on the report's row, so of two reviewers at once one
  decides and the other is told it was decided (409), on SQLite as on PostgreSQL.
- Nobody reviews a report they wrote.
- Approving changes no field: the report moves on the change feed (`seq`) so that its
  crew's devices show it. Returning is a new revision ("returned", the note as its
  reason) that puts the report in progress again for its crew; their next Complete puts
  it back in the queue (reports._follow_review).
- Each decision is kept (ReportReview) and is in the audit log.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, func, select, update
from sqlalchemy.orm import Session

from fieldforms.display import field_lines, fields_by_key
from fieldserver import audit, feed, forms_store
from fieldserver.locking import same_body
from fieldserver.models import Report, ReportReview
from fieldserver.reports import (
    APPROVED,
    AWAITING,
    RETURNED,
    Outcome,
    Writer,
    error,
    report_json,
    review_json,
    write_revision,
)

DECISIONS = (APPROVED, RETURNED)


@dataclass(frozen=True)
class Decision:
    decision: str  # approved / returned
    revision: int  # the revision the reviewer read
    note: str
    comments: list[dict[str, str]]  # [{field, text}]


@dataclass(frozen=True)
class QueueFilter:
    status: str | None  # awaiting / approved / returned; None: all three
    unit: str
    since: datetime | None  # completed at or after
    until: datetime | None  # completed before


def decide(db: Session, reviewer: Writer, report: Report, decision: Decision,
           now: datetime) -> Outcome:
    """One decision in the caller's transaction; the caller commits."""
    if refused := _refusal(db, reviewer, report, decision):
        return refused
    if not _claim(db, report, decision):
        db.refresh(report)
        return error(409, "already_decided", "Another reviewer decided on this report "
                     "first.", current=report_json(report))
    if decision.decision == RETURNED:
        body = same_body(report) | {"status": "in_progress"}
        write_revision(db, report, report.id, reviewer, body, now, change="returned",
                       reason=decision.note or "Returned by QA")
        report.review_status = RETURNED
    else:
        feed.stamp(db, report)
    db.add(ReportReview(report_id=report.id, revision=decision.revision,
                        decision=decision.decision, note=decision.note,
                        comments=json.dumps(decision.comments), reviewer_id=reviewer.user_id,
                        reviewer_name=reviewer.name, decided_at=now))
    audit.record(db, reviewer.agency_id, reviewer.user_id, f"report.{decision.decision}",
                 now, report_id=report.id)
    db.flush()
    db.refresh(report, ["reviews"])
    return Outcome(200, report_json(report))


def _refusal(db: Session, reviewer: Writer, report: Report,
             decision: Decision) -> Outcome | None:
    if report.author_id == reviewer.user_id:
        return error(403, "own_report", "Nobody reviews a report they wrote: ask "
                     "another reviewer.")
    if report.review_status != AWAITING:
        return error(409, "not_awaiting_review", "This report is not waiting for review.",
                     current=report_json(report))
    if decision.revision != report.revision:
        return error(412, "conflict", "The report changed since you opened it: read it "
                     "again.", current=report_json(report))
    if decision.decision == RETURNED and not (decision.comments or decision.note.strip()):
        return error(422, "comments_required", "Say what to correct: comment on a field, "
                     "or write a note.")
    known = fields_by_key(_form(db, report))
    unknown = sorted({c["field"] for c in decision.comments} - known.keys())
    if unknown:
        return error(422, "unknown_field", "These fields are not in the report's form: "
                     + ", ".join(unknown[:5]), fields=unknown)
    return None


def _claim(db: Session, report: Report, decision: Decision) -> bool:
    """Awaiting → the decision, only if nobody decided first (atomic on the row)."""
    claimed = db.execute(update(Report).where(
        Report.id == report.id, Report.review_status == AWAITING,
        Report.revision == decision.revision,
    ).values(review_status=decision.decision).execution_options(synchronize_session=False))
    if claimed.rowcount != 1:  # type: ignore[attr-defined]
        return False
    report.review_status = decision.decision
    return True


def _form(db: Session, report: Report) -> dict[str, Any]:
    form = forms_store.find(db, report.agency_id, report.form_id, report.form_version)
    return forms_store.loaded(form) if form is not None else {"sections": []}


# --- the queue and one report, for the reviewer ------------------------------------------
def queue(db: Session, agency_id: int, where: QueueFilter, offset: int,
          limit: int) -> dict[str, Any]:
    """One page of the queue, oldest Complete first (the longest waiting on top)."""
    query = _filtered(select(Report).where(Report.agency_id == agency_id), where)
    total = db.scalar(select(func.count()).select_from(query.subquery())) or 0
    rows = db.scalars(query.order_by(Report.submitted_at, Report.id)
                      .offset(offset).limit(limit))
    return {"items": [_queue_item(r) for r in rows], "total": total, "offset": offset}


def _filtered(query: Select[Report], where: QueueFilter) -> Select[Report]:
    statuses = (where.status,) if where.status else (AWAITING, APPROVED, RETURNED)
    query = query.where(Report.review_status.in_(statuses))
    if where.unit.strip():
        query = query.where(func.lower(Report.unit) == where.unit.strip().lower())
    if where.since is not None:
        query = query.where(Report.submitted_at >= where.since)
    if where.until is not None:
        query = query.where(Report.submitted_at < where.until)
    return query


def _queue_item(report: Report) -> dict[str, Any]:
    data = json.loads(report.data)
    last = report.reviews[-1] if report.reviews else None
    return {"id": report.id, "revision": report.revision,
            "pcr_number": str(data.get("eRecord.01") or ""),
            "incident_number": str(data.get("eResponse.03") or ""), "unit": report.unit,
            "author_id": report.author_id, "review_status": report.review_status,
            "submitted_at": report.submitted_at.isoformat() if report.submitted_at else None,
            "last_decision": last.decision if last else None}


def for_reviewer(db: Session, report: Report) -> dict[str, Any]:
    """The report as the reviewer reads it: every field in words, and every decision."""
    form = _form(db, report)
    data = json.loads(report.data)
    fields = [{"key": item["key"], "section": section["label"], "label": item["label"],
               "text": "\n".join(text if label == item["label"] else f"{label}: {text}"
                                 for label, text in field_lines(item, data.get(item["key"])))}
              for section in form["sections"] for item in section["fields"]
              if not item.get("hidden")]
    return {"report": report_json(report), "fields": fields,
            "reviews": [review_json(r) for r in report.reviews]}
