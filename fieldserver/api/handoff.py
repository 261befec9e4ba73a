"""Send to destination (epcr.access, the report's crew): the report's destination and
its handoff email, a link to the PDF emailed there; the agency's facility addresses
(agency.manage). handoff_links.py holds the rules; web_handoff.py the link's page."""

from __future__ import annotations

import uuid
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import JSONResponse
from pydantic import Field
from sqlalchemy import delete, select

from fieldforms.nemsis.shape import plain_value
from fieldserver import audit, handoff_links, nemsis, reports
from fieldserver.api.reports import agency_report, writer_of
from fieldserver.deps import Ctx, Db, require
from fieldserver.emails import normalize_email
from fieldserver.errors import ApiError
from fieldserver.models import Agency, FacilityContact
from fieldserver.permissions import AGENCY_MANAGE, EPCR_ACCESS
from fieldserver.schemas import Body, Email
from fieldserver.sessions import Auth

router = APIRouter(prefix="/api/v1")
Crew = Annotated[Auth, Depends(require(EPCR_ACCESS))]
AgencyAdmin = Annotated[Auth, Depends(require(AGENCY_MANAGE))]
PDF = "application/pdf"


class ContactIn(Body):
    code: Annotated[str, Field(min_length=1, max_length=50)]
    email: Email


class ContactsIn(Body):
    items: Annotated[list[ContactIn], Field(max_length=500)]


def _crews(crew: Auth, report: Any) -> None:
    if refused := reports.may_not_touch(report, writer_of(crew)):
        raise ApiError(refused.status, refused.body["error"]["code"],
                       refused.body["error"]["message"])


@router.get("/reports/{report_id}/destination")
def report_destination(report_id: uuid.UUID, crew: Crew, db: Db) -> dict[str, Any]:
    report = agency_report(db, crew.agency_id, report_id)
    _crews(crew, report)
    found = handoff_links.destination(db, report)
    return {"name": found.name, "email": found.email}


async def pdf_body(request: Request) -> bytes:
    """The raw PDF (the size limit middleware has bounded the body)."""
    kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if kind != PDF:
        raise ApiError(415, "unsupported_media_type", "Send the report as application/pdf.")
    body = await request.body()
    if len(body) > handoff_links.PDF_LIMIT:
        raise ApiError(413, "payload_too_large", "The PDF is larger than 8 MiB.")
    if not body.startswith(b"%PDF-"):
        raise ApiError(422, "invalid_pdf", "This is not a PDF.")
    return body


@router.post("/handoff-links", status_code=201)
def send_to_destination(
    crew: Crew, ctx: Ctx, db: Db, pdf: Annotated[bytes, Depends(pdf_body)],
    report_id: Annotated[uuid.UUID, Query()],
    to: Annotated[str, Query(max_length=320)],
) -> JSONResponse:
    """Email the destination a single-use link to this PDF of the report."""
    recipient = normalize_email(to)
    if recipient is None:
        raise ApiError(422, "invalid_email", "Enter the facility's email address, like "
                       "ed@hospital.org.")
    report = agency_report(db, crew.agency_id, report_id)
    _crews(crew, report)
    token, link = handoff_links.issue(db, ctx, report, crew.user.id, recipient, pdf)
    audit.record(db, crew.agency_id, crew.user.id, "report.sent", ctx.clock.now(),
                 report_id=report.id, detail=f"to {recipient}"[:200])
    agency = db.get(Agency, crew.agency_id)
    assert agency is not None
    handoff_links.queue_mail(db, ctx, agency, link, token)
    db.commit()
    return JSONResponse({"recipient": recipient, "expires_at": link.expires_at.isoformat()},
                        status_code=201)


@router.get("/agency/facility-contacts")
def facility_contacts(admin: AgencyAdmin, db: Db) -> list[dict[str, Any]]:
    """Each facility of the agency's DEMDataSet with its handoff address (or null),
    then any address kept for a code the DEMDataSet no longer has."""
    kept = {r.code: r.email for r in db.scalars(select(FacilityContact).where(
        FacilityContact.agency_id == admin.agency_id))}
    listed = {str(plain_value(f.get("eDisposition.02"))): str(
        plain_value(f.get("eDisposition.01")) or "") for f in nemsis.facilities(
        db, admin.agency_id) if plain_value(f.get("eDisposition.02"))}
    rows = [{"code": code, "name": name, "email": kept.get(code)}
            for code, name in listed.items()]
    return rows + [{"code": code, "name": "", "email": email}
                   for code, email in sorted(kept.items()) if code not in listed]


@router.put("/agency/facility-contacts")
def set_facility_contacts(body: ContactsIn, admin: AgencyAdmin,
                          db: Db) -> list[dict[str, Any]]:
    """Replace the agency's facility addresses (one per facility code)."""
    codes = [c.code for c in body.items]
    if len(set(codes)) != len(codes):
        raise ApiError(422, "duplicate_code", "Each facility code once.")
    db.execute(delete(FacilityContact).where(FacilityContact.agency_id == admin.agency_id))
    db.add_all(FacilityContact(agency_id=admin.agency_id, code=c.code, email=c.email)
               for c in body.items)
    db.commit()
    return facility_contacts(admin, db)
