"""The FastAPI application, built from a ServerContext (no module-level state)."""

from __future__ import annotations

from fastapi import FastAPI

from fieldserver import errors, web, web_handoff
from fieldserver.api import (
    agency,
    auth,
    devices,
    handoff,
    health,
    imports,
    nemsis,
    reports,
    reviews,
    roles,
    users,
)
from fieldserver.context import ServerContext
from fieldserver.limits import BodySizeLimit


def create_app(ctx: ServerContext) -> FastAPI:
    app = FastAPI(
        title="fieldserver",
        version="1",
        description="Reference agency server for fieldclient. See docs/protocol.md.",
        docs_url=None,
        redoc_url=None,
    )
    app.state.ctx = ctx
    app.add_middleware(BodySizeLimit)
    errors.install(app)
    # imports before users: /users/import must not be taken for /users/{user_id}.
    for module in (health, auth, imports, users, roles, agency, devices, nemsis, reports, reviews,
                   handoff, web, web_handoff):
        app.include_router(module.router)
    return app
