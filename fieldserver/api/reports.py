"""Forms, CAD incidents and reports: /api/v1/forms, /incidents, /reports (epcr.access)."""

from __future__ import annotations

import json
import uuid
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Header, Query, Request, Response
from fastapi.responses import JSONResponse
from pydantic import AwareDatetime, Field
from sqlalchemy import select

from fieldserver import forms_store, reports
from fieldserver.deps import Ctx, Db, require
from fieldserver.errors import ApiError, not_found
from fieldserver.models import Incident, Report, ReportRevision
from fieldserver.permissions import AGENCY_MANAGE, EPCR_ACCESS, EPCR_QA
from fieldserver.schemas import MAX_INT, Body, Id, IdInPath, ShortName
from fieldserver.sessions import Auth

router = APIRouter(prefix="/api/v1")
Crew = Annotated[Auth, Depends(require(EPCR_ACCESS))]
Cursor = Annotated[int, Query(ge=0, le=MAX_INT)]
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
def list_incidents(crew: Crew, db: Db, since: Cursor = 0, limit: Limit = 100) -> dict[str, Any]:
    rows = list(db.scalars(select(Incident).where(
        Incident.agency_id == crew.agency_id, Incident.seq > since
    ).order_by(Incident.seq).limit(limit)))
    return {"items": [incident_json(i) for i in rows],
            "next_cursor": str(rows[-1].seq if rows else since)}


@router.post("/incidents", status_code=201)
def add_incident(body: IncidentIn, admin: Annotated[Auth, Depends(require(AGENCY_MANAGE))],
                 ctx: Ctx, db: Db) -> dict[str, Any]:
    now = ctx.clock.now()
    incident = Incident(id=str(uuid.uuid4()), agency_id=admin.agency_id,
                        seq=reports.next_seq(db, Incident, admin.agency_id),
                        updated_at=now, **body.model_dump())
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
    outcome = reports.apply(db, _writer(crew), upload, ctx.clock.now())
    db.commit()
    return _outcome_response(outcome)


def _writer(crew: Auth) -> reports.Writer:
    return reports.Writer(crew.agency_id, crew.user.id, crew.user.email,
                          EPCR_QA in crew.user.permission_keys)


@router.post("/reports/batch")
def put_reports(body: BatchIn, crew: Crew, ctx: Ctx, db: Db) -> dict[str, Any]:
    """Many PUTs in one request; each item is handled, and committed, on its own."""
    results = []
    for item in body.items:
        upload = reports.Upload(str(item.id), item.idempotency_key, item.if_match,
                                item.report.model_dump(mode="json"))
        outcome = reports.apply(db, _writer(crew), upload, ctx.clock.now())
        db.commit()
        results.append({"id": str(item.id), "status": outcome.status, "body": outcome.body})
    return {"results": results}


@router.get("/reports")
def report_changes(crew: Crew, db: Db, since: Cursor = 0, limit: Limit = 100) -> dict[str, Any]:
    rows = list(db.scalars(select(Report).where(
        Report.agency_id == crew.agency_id, Report.seq > since
    ).order_by(Report.seq).limit(limit)))
    return {"items": [reports.report_json(r) for r in rows],
            "next_cursor": str(rows[-1].seq if rows else since)}


def _agency_report(db: Db, agency_id: int, report_id: uuid.UUID) -> Report:
    report = db.get(Report, str(report_id))
    if report is None or report.agency_id != agency_id:
        raise not_found("report")
    return report


@router.get("/reports/{report_id}")
def get_report(report_id: uuid.UUID, crew: Crew, db: Db) -> JSONResponse:
    report = _agency_report(db, crew.agency_id, report_id)
    return JSONResponse(reports.report_json(report), headers={"ETag": f'"{report.revision}"'})


@router.get("/reports/{report_id}/revisions")
def report_history(report_id: uuid.UUID, crew: Crew, db: Db) -> list[dict[str, Any]]:
    report = _agency_report(db, crew.agency_id, report_id)
    revisions = db.scalars(select(ReportRevision).where(ReportRevision.report_id == report.id)
                           .order_by(ReportRevision.revision))
    return [{"revision": r.revision, "status": r.status, "form_version": r.form_version,
             "data": json.loads(r.data), "author_id": r.author_id,
             "updated_by": r.updated_by, "created_at": r.created_at.isoformat()}
            for r in revisions]

