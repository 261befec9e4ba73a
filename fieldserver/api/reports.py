"""Forms, CAD incidents and reports: /api/v1/forms, /incidents, /reports (epcr.access);
unlocking a completed report (reports.unlock); the audit log (agency.manage)."""

from __future__ import annotations

import json
import uuid
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Header, Query, Request, Response
from fastapi.responses import JSONResponse
from pydantic import AwareDatetime, Field
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from fieldserver import audit, feed, forms_store, locking, reports, signing
from fieldserver.deps import Ctx, Db, Since, require
from fieldserver.errors import ApiError, not_found
from fieldserver.models import Incident, Report, ReportRevision
from fieldserver.permissions import AGENCY_MANAGE, EPCR_ACCESS, REPORTS_UNLOCK
from fieldserver.schemas import MAX_INT, Body, Id, IdInPath, ShortName
from fieldserver.sessions import Auth

router = APIRouter(prefix="/api/v1")
Crew = Annotated[Auth, Depends(require(EPCR_ACCESS))]
Unlocker = Annotated[Auth, Depends(require(REPORTS_UNLOCK))]
AgencyAdmin = Annotated[Auth, Depends(require(AGENCY_MANAGE))]
Limit = Annotated[int, Query(ge=1, le=500)]


# FastAPI validates the decoded JSON, where times and UUIDs are still strings: these
# fields parse their string form (strict mode would refuse every value).
When = Annotated[AwareDatetime, Field(strict=False)]
ReportId = Annotated[uuid.UUID, Field(strict=False)]


class ReportIn(Body):
    form_id: Annotated[str, Field(min_length=1, max_length=50)]
    form_version: Id
    incident_id: Annotated[str, Field(max_length=36)] | None = None
    status: Literal["in_progress", "completed"]
    data: dict[str, Any]
    author_id: Id
    client_saved_at: When | None = None


class BatchItem(Body):
    id: ReportId
    idempotency_key: Annotated[str, Field(max_length=100)]
    if_match: Annotated[int, Field(ge=1, le=MAX_INT)] | None = None
    report: ReportIn


class BatchIn(Body):
    items: Annotated[list[BatchItem], Field(min_length=1, max_length=100)]


class AddendumIn(Body):
    text: Annotated[str, Field(min_length=1, max_length=10000)]
    written_at: When


Code = Annotated[str, Field(pattern=r"^[0-9]{7}$")]


class SignatureIn(Body):
    """docs/protocol.md, "Signatures"; fieldforms.signatures checks the rest."""

    block: Annotated[str, Field(min_length=1, max_length=60)]
    signer_type: Code
    reasons: Annotated[list[Code], Field(min_length=1, max_length=12)]
    relationship: Code | None = None
    status: Code
    first_name: Annotated[str, Field(max_length=50)] = ""
    last_name: Annotated[str, Field(max_length=60)] = ""
    signed_at: Annotated[str, Field(max_length=40)]
    signed_revision: Id
    signed_data: dict[str, Any]
    image: Annotated[str, Field(max_length=400_000)] | None = None
    addendum_id: ReportId | None = None


class DeviceAuditEntry(Body):
    id: ReportId
    at: When
    action: Literal["report.view", "report.print", "report.pdf_saved"]
    report_id: ReportId | None = None
    detail: Annotated[str, Field(max_length=200)] = ""


class DeviceAuditIn(Body):
    events: Annotated[list[DeviceAuditEntry], Field(min_length=1, max_length=100)]


class UnlockIn(Body):
    reason: Annotated[str, Field(min_length=1, max_length=1000)]


class IncidentIn(Body):
    number: Annotated[str, Field(min_length=1, max_length=50)]
    unit: Annotated[str, Field(max_length=50)] = ""
    address: Annotated[str, Field(max_length=255)] = ""
    nature: ShortName
    dispatched_at: When


# --- forms ------------------------------------------------------------------------------
@router.get("/forms/{form_id}")
def current_form(form_id: str, request: Request, crew: Crew, db: Db) -> Response:
    return _form_response(request, forms_store.find(db, crew.agency_id, form_id, None))


@router.get("/forms/{form_id}/{version}")
def form_version(form_id: str, version: IdInPath, request: Request, crew: Crew,
                 db: Db) -> Response:
    return _form_response(request, forms_store.find(db, crew.agency_id, form_id, version))


def _form_response(request: Request, form: Any) -> Response:
    if form is None:
        raise not_found("form")
    headers = {"ETag": form.etag, "Cache-Control": "no-cache"}
    if form.etag in [t.strip() for t in request.headers.get("if-none-match", "").split(",")]:
        return Response(status_code=304, headers=headers)
    return Response(form.definition, media_type="application/json", headers=headers)


# --- incidents --------------------------------------------------------------------------
def incident_json(incident: Incident) -> dict[str, Any]:
    return {"id": incident.id, "number": incident.number, "unit": incident.unit,
            "address": incident.address, "nature": incident.nature,
            "dispatched_at": incident.dispatched_at.isoformat(),
            "updated_at": incident.updated_at.isoformat()}


@router.get("/incidents")
def list_incidents(crew: Crew, db: Db, since: Since, limit: Limit = 100) -> dict[str, Any]:
    rows, cursor = feed.after(db, Incident, crew.agency_id, since, limit)
    return {"items": [incident_json(i) for i in rows], "next_cursor": str(cursor)}


@router.post("/incidents", status_code=201)
def add_incident(body: IncidentIn, admin: AgencyAdmin, ctx: Ctx, db: Db) -> dict[str, Any]:
    now = ctx.clock.now()
    incident = Incident(id=str(uuid.uuid4()), agency_id=admin.agency_id,
                        updated_at=now, **body.model_dump())
    feed.stamp(db, incident)
    db.add(incident)
    db.commit()
    return incident_json(incident)


# --- reports ----------------------------------------------------------------------------
def _if_match(header: str | None) -> int | None:
    if header is None:
        return None
    value = header.strip().removeprefix("W/").strip('"')
    if not value.isdigit() or len(value) > 18:
        raise ApiError(400, "invalid_if_match", 'If-Match must be "<server revision>".')
    return int(value)


def _outcome_response(outcome: reports.Outcome) -> JSONResponse:
    headers = {}
    if outcome.status < 300:
        headers["ETag"] = f'"{outcome.body["revision"]}"'
    return JSONResponse(outcome.body, status_code=outcome.status, headers=headers)


@router.put("/reports/{report_id}")
def put_report(
    report_id: uuid.UUID, body: ReportIn, crew: Crew, ctx: Ctx, db: Db,
    idempotency_key: Annotated[str | None, Header(max_length=100)] = None,
    if_match: Annotated[str | None, Header(max_length=40)] = None,
) -> JSONResponse:
    if not idempotency_key:
        raise ApiError(400, "idempotency_key_required",
                       "Send Idempotency-Key: <report id>:<local revision>.")
    upload = reports.Upload(str(report_id), idempotency_key, _if_match(if_match),
                            body.model_dump(mode="json"))
    return _outcome_response(_apply(db, writer_of(crew), upload, ctx))


def _apply(db: Db, writer: reports.Writer, upload: reports.Upload, ctx: Ctx) -> reports.Outcome:
    """Apply one upload and commit it. A copy of the same upload running at once (a
    retry that reached another replica) collides on a unique key and loses: rolled
    back and applied again, it finds the winner's record and replays its answer."""
    try:
        outcome = reports.apply(db, writer, upload, ctx.clock.now())
        db.commit()
    except IntegrityError:
        db.rollback()
        outcome = reports.apply(db, writer, upload, ctx.clock.now())
        db.commit()
    return outcome


def writer_of(crew: Auth) -> reports.Writer:
    return reports.Writer(crew.agency_id, crew.user.id, crew.user.email,
                          REPORTS_UNLOCK in crew.user.permission_keys, crew.user.name)


@router.post("/reports/batch")
def put_reports(body: BatchIn, crew: Crew, ctx: Ctx, db: Db) -> dict[str, Any]:
    """Many PUTs in one request; each item is handled, and committed, on its own."""
    results = []
    for item in body.items:
        upload = reports.Upload(str(item.id), item.idempotency_key, item.if_match,
                                item.report.model_dump(mode="json"))
        outcome = _apply(db, writer_of(crew), upload, ctx)
        results.append({"id": str(item.id), "status": outcome.status, "body": outcome.body})
    return {"results": results}


@router.get("/reports")
def report_changes(crew: Crew, db: Db, since: Since, limit: Limit = 100) -> dict[str, Any]:
    rows, cursor = feed.after(db, Report, crew.agency_id, since, limit)
    return {"items": [reports.report_json(r) for r in rows], "next_cursor": str(cursor)}


def agency_report(db: Db, agency_id: int, report_id: uuid.UUID, *,
                   for_update: bool = False) -> Report:
    """The agency's report; `for_update` holds its row until the commit (PostgreSQL),
    so that two writes after Complete queue instead of taking one revision number."""
    report = db.get(Report, str(report_id), with_for_update=for_update)
    if report is None or report.agency_id != agency_id:
        raise not_found("report")
    return report


@router.get("/reports/{report_id}")
def get_report(report_id: uuid.UUID, crew: Crew, db: Db) -> JSONResponse:
    report = agency_report(db, crew.agency_id, report_id)
    return JSONResponse(reports.report_json(report), headers={"ETag": f'"{report.revision}"'})


@router.get("/reports/{report_id}/revisions")
def report_history(report_id: uuid.UUID, crew: Crew, db: Db) -> list[dict[str, Any]]:
    report = agency_report(db, crew.agency_id, report_id)
    revisions = db.scalars(select(ReportRevision).where(ReportRevision.report_id == report.id)
                           .order_by(ReportRevision.revision))
    return [{"revision": r.revision, "status": r.status, "form_version": r.form_version,
             "data": json.loads(r.data), "author_id": r.author_id,
             "updated_by": r.updated_by, "created_at": r.created_at.isoformat(),
             "change": r.change, "reason": r.reason}
            for r in revisions]


# --- after Complete: addenda and unlocking --------------------------------------------------
@router.put("/reports/{report_id}/addenda/{addendum_id}")
def put_addendum(report_id: uuid.UUID, addendum_id: uuid.UUID, body: AddendumIn, crew: Crew,
                 ctx: Ctx, db: Db) -> JSONResponse:
    """Append text to a completed report; the device makes the id, so a repeat is one."""
    report = agency_report(db, crew.agency_id, report_id, for_update=True)
    if not body.text.strip():
        raise ApiError(422, "invalid_addendum", "An addendum needs some text.")
    outcome = locking.add_addendum(db, writer_of(crew), report, str(addendum_id), body.text,
                                   body.written_at, ctx.clock.now())
    db.commit()
    return JSONResponse(outcome.body, status_code=outcome.status)


@router.put("/reports/{report_id}/signatures/{signature_id}")
def put_signature(report_id: uuid.UUID, signature_id: uuid.UUID, body: SignatureIn,
                  crew: Crew, ctx: Ctx, db: Db) -> JSONResponse:
    """Keep a signature given on a device; the device makes the id, so a repeat is one."""
    report = agency_report(db, crew.agency_id, report_id, for_update=True)
    fields = body.model_dump(exclude_unset=True, mode="json")
    outcome = signing.add_signature(db, writer_of(crew), report, str(signature_id), fields,
                                    ctx.clock.now())
    db.commit()
    return JSONResponse(outcome.body, status_code=outcome.status)


@router.post("/reports/{report_id}/unlock")
def unlock_report(report_id: uuid.UUID, body: UnlockIn, qa: Unlocker, ctx: Ctx,
                  db: Db) -> JSONResponse:
    report = agency_report(db, qa.agency_id, report_id, for_update=True)
    if not body.reason.strip():
        raise ApiError(422, "reason_required", "Say why the report is unlocked.")
    outcome = locking.unlock(db, writer_of(qa), report, body.reason.strip(), ctx.clock.now())
    db.commit()
    return JSONResponse(outcome.body, status_code=outcome.status)


@router.post("/audit/events")
def device_audit(body: DeviceAuditIn, crew: Crew, db: Db) -> dict[str, int]:
    """A device's prints, saves and views, sent by the user who made them."""
    entries = [{"id": str(e.id), "at": e.at, "action": e.action,
                "report_id": str(e.report_id) if e.report_id else None, "detail": e.detail}
               for e in body.events]
    kept = audit.record_from_device(db, crew.agency_id, crew.user.id, entries)
    db.commit()
    return {"kept": kept}


@router.get("/audit")
def audit_log(admin: AgencyAdmin, db: Db, report_id: uuid.UUID | None = None,
              limit: Limit = 100) -> list[dict[str, Any]]:
    return audit.events(db, admin.agency_id, str(report_id) if report_id else None, limit)

