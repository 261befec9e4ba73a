"""The page a handoff email links to: one button, which hands the PDF over once. Plain
HTML, no JavaScript; no PHI on the page (the PDF is the only thing with any)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse, Response

from fieldserver import handoff_links
from fieldserver.deps import Ctx, Db
from fieldserver.models import Agency
from fieldserver.web import HEADERS, templates

router = APIRouter()
DEAD = ("This link has expired or was already used. Ask the crew to send the report "
        "again.")


def _page(request: Request, status: int, **context: object) -> HTMLResponse:
    context.setdefault("token", "")
    context.setdefault("agency", "")
    context.setdefault("error", None)
    return templates.TemplateResponse(request, "handoff.html", context, status_code=status,
                                      headers=HEADERS)


@router.get("/handoff", response_class=HTMLResponse)
def handoff_page(request: Request, ctx: Ctx, db: Db,
                 token: Annotated[str, Query(max_length=512)] = "") -> HTMLResponse:
    link = handoff_links.usable(db, token, ctx.clock.now()) if token else None
    if link is None:
        return _page(request, 410, error=DEAD)
    agency = db.get(Agency, link.agency_id)
    return _page(request, 200, token=token, agency=agency.name if agency else "",
                 expires=link.expires_at)


@router.post("/handoff")
def handoff_pdf(request: Request, ctx: Ctx, db: Db,
                token: Annotated[str, Form(max_length=512)] = "") -> Response:
    pdf = handoff_links.claim(db, token, ctx.clock.now()) if token else None
    if pdf is None:
        return _page(request, 410, error=DEAD)
    return Response(pdf, media_type="application/pdf", headers=HEADERS | {
        "Content-Disposition": 'attachment; filename="handoff-report.pdf"'})
