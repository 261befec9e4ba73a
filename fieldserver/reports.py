"""Report uploads: exactly once, never a silent overwrite, every revision kept.

- The client makes the report id and an Idempotency-Key `<id>:<local revision>`. A
  repeat of the same request replays the first answer; the same key with another body
  is refused (Stripe / IETF Idempotency-Key semantics).
- After the first revision, `If-Match: "<server revision>"` must name the current
  revision, or the answer is 412 `conflict` with the server's copy (nothing is lost:
  the client keeps both sides).
- Reports are checked against the form version they name (fieldforms.validation).
- Who may write (docs/security.md, finding 10): anyone with `epcr.access` creates a
  report, and is its author, whatever the body says. After that, only its author, the
  crew it lists (an `eCrew.01` that is the user's id or email, in the server's copy, not
  the upload) and holders of `reports.unlock` change it. Once the server's copy is
  completed it is locked for everyone: its crew appends addenda, and `reports.unlock`
  unlocks it with a reason (locking.py); every change is a new revision naming who
  made it and why.
"""

from __future__ import annotations

import base64
import hashlib
import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from fieldforms import validation
from fieldforms.nemsis.shape import listed_crew
from fieldserver import feed, forms_store
from fieldserver.models import (
    IdempotencyRecord,
    Incident,
    Report,
    ReportAddendum,
    ReportReview,
    ReportRevision,
    ReportSignature,
)

AWAITING, APPROVED, RETURNED = "awaiting", "approved", "returned"  # Report.review_status


@dataclass(frozen=True)
class Upload:
    report_id: str
    idempotency_key: str
    if_match: int | None
    body: dict[str, Any]  # form_id, form_version, incident_id, status, data, author_id, ...


@dataclass(frozen=True)
class Writer:
    """Who is uploading: from the access token, never from the body."""

    agency_id: int
    user_id: int
    email: str
    unlocker: bool  # holds reports.unlock
    name: str = ""


@dataclass(frozen=True)
class Outcome:
    status: int
    body: dict[str, Any]


def report_json(report: Report) -> dict[str, Any]:
    return {"id": report.id, "revision": report.revision, "form_id": report.form_id,
            "form_version": report.form_version, "incident_id": report.incident_id,
            "status": report.status, "data": json.loads(report.data),
            "author_id": report.author_id, "updated_by": report.updated_by,
            "updated_at": report.updated_at.isoformat(),
            "addenda": [addendum_json(a) for a in report.addenda],
            "signatures": [signature_json(s) for s in report.signatures],
            "review": review_state_json(report)}


def review_state_json(report: Report) -> dict[str, Any] | None:
    """Where the report is in QA review, with the last decision (docs/protocol.md)."""
    if report.review_status is None and not report.reviews:
        return None
    last = report.reviews[-1] if report.reviews else None
    return {"status": report.review_status,
            "submitted_at": report.submitted_at.isoformat() if report.submitted_at else None,
            "last": review_json(last) if last is not None else None}


def review_json(review: ReportReview) -> dict[str, Any]:
    return {"id": review.id, "revision": review.revision, "decision": review.decision,
            "note": review.note, "comments": json.loads(review.comments),
            "reviewer_id": review.reviewer_id, "reviewer_name": review.reviewer_name,
            "decided_at": review.decided_at.isoformat()}


def addendum_json(addendum: ReportAddendum) -> dict[str, Any]:
    return {"id": addendum.id, "revision": addendum.revision,
            "author_id": addendum.author_id, "author_name": addendum.author_name,
            "text": addendum.text,
            "written_at": addendum.written_at.isoformat()}


def signature_json(signature: ReportSignature) -> dict[str, Any]:
    image = signature.image
    return {"id": signature.id, "addendum_id": signature.addendum_id,
            "block": signature.block, "signer_type": signature.signer_type,
            "reasons": json.loads(signature.reasons), "relationship": signature.relationship,
            "status": signature.status, "first_name": signature.first_name,
            "last_name": signature.last_name,
            "signed_at": signature.signed_at.astimezone(UTC).isoformat(),
            "signed_revision": signature.signed_revision,
            "signed_data": json.loads(signature.signed_data),
            "image": base64.b64encode(image).decode() if image is not None else None,
            "collected_by": signature.collected_by}


def error(status: int, code: str, message: str, **extra: Any) -> Outcome:
    return Outcome(status, {"error": {"code": code, "message": message, **extra}})


def _request_hash(upload: Upload) -> str:
    text = json.dumps([upload.report_id, upload.if_match, upload.body], sort_keys=True)
    return hashlib.sha256(text.encode()).hexdigest()


def apply(db: Session, writer: Writer, upload: Upload, now: datetime) -> Outcome:
    """Apply one upload in the caller's transaction; the caller commits."""
    agency_id = writer.agency_id
    if not upload.idempotency_key.startswith(upload.report_id + ":"):
        return error(422, "invalid_idempotency_key",
                     "The Idempotency-Key must be '<report id>:<local revision>'.")
    record = db.get(IdempotencyRecord, (agency_id, upload.idempotency_key))
    if record is not None:
        if record.request_hash != _request_hash(upload):
            return error(422, "idempotency_key_reused", "This Idempotency-Key was already "
                         "used for a different request.")
        return Outcome(record.status_code, json.loads(record.response))
    outcome = _decide(db, writer, upload, now)
    db.add(IdempotencyRecord(agency_id=agency_id, key=upload.idempotency_key,
                             request_hash=_request_hash(upload), status_code=outcome.status,
                             response=json.dumps(outcome.body), created_at=now))
    return outcome


def _decide(db: Session, writer: Writer, upload: Upload, now: datetime) -> Outcome:
    agency_id = writer.agency_id
    errors = _problems(db, agency_id, upload.body, now)
    if errors:
        return error(422, "invalid_report", "The report has problems; see errors.",
                     errors=errors)
    # Locked until the commit: a parallel edit of the same revision waits, then finds
    # the revision moved on and gets the conflict instead of overwriting this one.
    report = db.get(Report, upload.report_id, with_for_update=True)
    if report is not None and report.agency_id != agency_id:
        return error(409, "id_taken", "This report id belongs to someone else.")
    if report is None and upload.if_match is not None:
        return error(412, "conflict", "The report does not exist on the server.",
                     current=None)
    if report is not None and (refused := _may_not_change(report, writer)):
        return refused
    if report is not None and upload.if_match != report.revision:
        return error(412, "conflict", "The report was changed on the server since.",
                     current=report_json(report))
    created = report is None
    report = write_revision(db, report, upload.report_id, writer, upload.body, now)
    return Outcome(201 if created else 200, {"id": report.id, "revision": report.revision,
                                             "updated_at": report.updated_at.isoformat()})


def _may_not_change(report: Report, writer: Writer) -> Outcome | None:
    if report.status == "completed":
        return error(403, "report_locked", "This report is completed and locked: add an "
                    "addendum, or ask QA to unlock it.")
    return may_not_touch(report, writer)


def may_not_touch(report: Report, writer: Writer) -> Outcome | None:
    """Refused unless the writer is the report's author, listed crew, or holds
    reports.unlock."""
    if writer.unlocker or report.author_id == writer.user_id or _lists_as_crew(report, writer):
        return None
    return error(403, "not_your_report", "Only the report's author and the crew it lists "
                "can change it.")


def _lists_as_crew(report: Report, writer: Writer) -> bool:
    names = {str(writer.user_id), writer.email.casefold()}
    return bool(listed_crew(json.loads(report.data)) & names)


def _problems(db: Session, agency_id: int, body: dict[str, Any],
              now: datetime) -> list[dict[str, str]]:
    form = forms_store.find(db, agency_id, body["form_id"], body["form_version"])
    if form is None:
        return [{"field": "form_version", "message": "This agency has no such form version."}]
    found = validation.validate(forms_store.loaded(form), body["data"],
                           complete=body["status"] == "completed", now=now)
    problems = [{"field": p.field, "message": p.message} for p in found]
    incident_id = body.get("incident_id")
    if incident_id is not None:
        incident = db.get(Incident, incident_id)
        if incident is None or incident.agency_id != agency_id:
            problems.append({"field": "incident_id", "message": "No such incident."})
    return problems


def write_revision(db: Session, report: Report | None, report_id: str, writer: Writer,
                   body: dict[str, Any], now: datetime, change: str = "edit",
                   reason: str | None = None) -> Report:
    """The report's next revision, kept in its history with what made it and why."""
    user_id = writer.user_id
    if report is None:  # the uploader is the author, whatever the body's author_id says
        report = Report(id=report_id, agency_id=writer.agency_id, revision=0,
                        author_id=user_id)
        feed.stamp(db, report)
        db.add(report)
    else:
        feed.stamp(db, report)
    _follow_review(report, body["status"], now)
    report.revision += 1
    report.form_id, report.form_version = body["form_id"], body["form_version"]
    report.incident_id, report.status = body.get("incident_id"), body["status"]
    report.data = json.dumps(body["data"], sort_keys=True)
    report.unit = str(body["data"].get("eResponse.14") or "")[:50]
    report.updated_by = user_id
    saved_at = body.get("client_saved_at")  # the JSON form of an aware datetime
    report.client_saved_at = datetime.fromisoformat(saved_at) if saved_at else None
    report.updated_at = now
    db.flush()
    db.add(ReportRevision(report_id=report.id, revision=report.revision,
                          form_version=report.form_version, status=report.status,
                          data=report.data, author_id=report.author_id, updated_by=user_id,
                          client_saved_at=report.client_saved_at, created_at=now,
                          change=change, reason=reason))
    return report


def _follow_review(report: Report, status: str, now: datetime) -> None:
    """Each Complete puts the report in the review queue; going back in progress takes it
    out, except a returned report, which stays returned (with its comments) until its
    crew completes it again."""
    if status == "completed" and report.status != "completed":
        report.review_status, report.submitted_at = AWAITING, now
    elif status != "completed" and report.review_status != RETURNED:
        report.review_status = None
