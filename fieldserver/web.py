"""The set-password page that reset and welcome emails link to. Plain HTML, no JavaScript."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

from fastapi import APIRouter, Form, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

from fieldserver import accounts, password_links, ratelimit, sessions
from fieldserver.deps import Ctx, Db
from fieldserver.passwords import policy_problem

router = APIRouter()
templates = Jinja2Templates(directory=Path(__file__).parent / "templates")

# The token is in the URL: keep it out of caches and out of Referer headers.
HEADERS = {
    "Cache-Control": "no-store",
    "Referrer-Policy": "no-referrer",
    "X-Frame-Options": "DENY",
    "Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; "
                               "form-action 'self'; frame-ancestors 'none'",
}
LINK_PROBLEM = ("This link has expired or was already used. Use \"Forgot password?\" on the "
                "sign-in screen to get a new one.")


def _page(request: Request, status: int = 200, **context: Any) -> HTMLResponse:
    context.setdefault("token", "")
    context.setdefault("error", None)
    context.setdefault("done", False)
    context.setdefault("welcome", False)
    context.setdefault("dead", False)
    return templates.TemplateResponse(request, "reset_password.html", context,
                                      status_code=status, headers=HEADERS)


@router.get("/reset-password", response_class=HTMLResponse)
def reset_form(
    request: Request, ctx: Ctx, db: Db,
    token: Annotated[str, Query(max_length=512)] = "",
) -> HTMLResponse:
    found = password_links.find_usable(db, token, ctx.clock.now()) if token else None
    if found is None:
        return _page(request, 400, error=LINK_PROBLEM, dead=True)
    link, user = found
    return _page(request, token=token, email=user.email,
                 welcome=link.purpose == password_links.WELCOME)


@router.post("/reset-password", response_class=HTMLResponse)
def reset_submit(
    request: Request, ctx: Ctx, db: Db,
    token: Annotated[str, Form(max_length=512)] = "",
    password: Annotated[str, Form(max_length=1024)] = "",
    confirm: Annotated[str, Form(max_length=1024)] = "",
) -> HTMLResponse:
    now = ctx.clock.now()
    found = password_links.find_usable(db, token, now) if token else None
    if found is None:
        return _page(request, 400, error=LINK_PROBLEM, dead=True)
    link, user = found
    again = {"token": token, "email": user.email,
             "welcome": link.purpose == password_links.WELCOME}
    if password != confirm:
        return _page(request, 400, error="The two passwords are not the same.", **again)
    if reason := policy_problem(password, user.email):
        return _page(request, 400, error=reason, **again)
    # Spend the link before the slow hash, in one statement: of two submissions at the
    # same moment, only one finds it unused.
    if not password_links.claim(db, link, now):
        return _page(request, 400, error=LINK_PROBLEM, dead=True)
    user.password_hash = ctx.hasher.hash(password)
    accounts.bump_credentials(db, [user.id])
    password_links.use_up(db, user.id, now)
    sessions.revoke_user(db, user.id, now)
    ratelimit.clear_passwords(db, user)
    db.commit()
    return _page(request, done=True, email=user.email)
