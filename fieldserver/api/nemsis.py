"""NEMSIS: the agency's DEMDataSet (/api/v1/nemsis/dem, /nemsis/agency: agency.manage),
importing reports (/nemsis/import: agency.manage),
one report as an EMSDataSet (/reports/{id}/nemsis: epcr.access) and the state export
(/nemsis/export: nemsis.export). See docs/protocol.md, "NEMSIS"."""

from __future__ import annotations

import uuid
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query, Request, Response
from fastapi.responses import JSONResponse
from pydantic import Field

from fieldserver import nemsis, reports
from fieldserver.deps import Ctx, Db, Since, require
from fieldserver.errors import ApiError, not_found
from fieldserver.models import Report
from fieldserver.permissions import (
    AGENCY_MANAGE,
    EPCR_ACCESS,
    NEMSIS_EXPORT,
    REPORTS_UNLOCK,
)
from fieldserver.schemas import Body
from fieldserver.sessions import Auth

router = APIRouter(prefix="/api/v1")
AgencyAdmin = Annotated[Auth, Depends(require(AGENCY_MANAGE))]
Crew = Annotated[Auth, Depends(require(EPCR_ACCESS))]
Exporter = Annotated[Auth, Depends(require(NEMSIS_EXPORT))]
XML = "application/xml"


async def xml_body(request: Request) -> bytes:
    """The raw body of an XML upload (the size limit middleware has bounded it)."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind not in (XML, "text/xml"):
        raise ApiError(415, "unsupported_media_type", "Send the document as application/xml.")
    return await request.body()


XmlBody = Annotated[bytes, Depends(xml_body)]


class AgencyBasicsIn(Body):
    state_id: Annotated[str, Field(max_length=50)]
    number: Annotated[str, Field(max_length=50)]
    name: Annotated[str, Field(max_length=100)]
    state: Annotated[str, Field(max_length=2)]


# A refused document (nemsis.Refused) is an ApiError: the app's handler answers it, and
# nothing was committed.
@router.get("/nemsis/dem")
def get_dem(admin: AgencyAdmin, db: Db) -> Response:
    return Response(nemsis.dem_document(db, admin.agency_id), media_type=XML)


@router.put("/nemsis/dem")
def put_dem(admin: AgencyAdmin, body: XmlBody, ctx: Ctx, db: Db) -> Response:
    # (admin first: who is asking is checked before the body is read)
    nemsis.import_dem(db, admin.agency_id, admin.user.id, body, ctx.clock.now())
    db.commit()
    return JSONResponse(nemsis.agency_basics(db, admin.agency_id))


@router.get("/nemsis/agency")
def get_basics(admin: AgencyAdmin, db: Db) -> dict[str, Any]:
    return nemsis.agency_basics(db, admin.agency_id)


@router.put("/nemsis/agency")
def put_basics(body: AgencyBasicsIn, admin: AgencyAdmin, ctx: Ctx, db: Db) -> Response:
    basics = nemsis.set_basics(db, admin.agency_id, admin.user.id, body.model_dump(),
                               ctx.clock.now())
    db.commit()
    return JSONResponse(basics)


@router.post("/nemsis/import", status_code=201)
def import_reports(admin: AgencyAdmin, body: XmlBody, ctx: Ctx, db: Db) -> Response:
    """An EMSDataSet from another system (a vendor change, a patient handed over)."""
    writer = reports.Writer(admin.agency_id, admin.user.id, admin.user.email,
                            REPORTS_UNLOCK in admin.user.permission_keys)
    created = nemsis.import_ems(db, writer, body, ctx.clock.now())
    db.commit()
    return JSONResponse({"reports": created}, status_code=201)


@router.get("/reports/{report_id}/nemsis")
def report_as_nemsis(report_id: uuid.UUID, crew: Crew, db: Db,
                     subset: Literal["full", "national"] = "full") -> Response:
    report = db.get(Report, str(report_id))
    if report is None or report.agency_id != crew.agency_id:
        raise not_found("report")
    text = nemsis.report_document(db, crew.agency_id, report, national=subset == "national")
    return Response(text, media_type=XML)


@router.get("/nemsis/export")
def export(exporter: Exporter, db: Db, since: Since,
           limit: Annotated[int, Query(ge=1, le=500)] = 100) -> Response:
    batch = nemsis.export_batch(db, exporter.agency_id, since, limit)
    headers = {"NEMSIS-Next-Cursor": str(batch.next_cursor),
               "NEMSIS-Report-Count": str(batch.count)}
    if batch.blocked_by:
        headers["NEMSIS-Blocked-By"] = batch.blocked_by
    if batch.document is None:
        if batch.blocked_by:
            raise ApiError(422, "nemsis_invalid", "The next report does not pass the NEMSIS "
                           "checks; fix it, or see GET /reports/{id}/nemsis for why.",
                           headers=headers, report_id=batch.blocked_by)
        return Response(status_code=204, headers=headers)
    return Response(batch.document, media_type=XML, headers=headers)
