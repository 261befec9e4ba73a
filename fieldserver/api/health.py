"""Liveness and readiness, for clients and load balancers (no sign-in).

`/health`: the process answers (and its clock, which clients compare with theirs).
`/ready`: it can serve: the database answers and its schema is this code's newest
migration. A replica that is not ready answers 503, so nginx or an orchestrator sends
its requests elsewhere; the answer never says more than which of the two failed.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import APIRouter
from fastapi.responses import JSONResponse
from sqlalchemy.exc import SQLAlchemyError

from fieldserver import upgrades
from fieldserver.clock import rfc3339
from fieldserver.deps import Ctx

router = APIRouter(prefix="/api/v1")
log = logging.getLogger(__name__)


@router.get("/health")
def health(ctx: Ctx) -> dict[str, Any]:
    return {"status": "ok", "api_version": 1, "server_time": rfc3339(ctx.clock.now())}


@router.get("/ready")
def ready(ctx: Ctx) -> JSONResponse:
    try:
        schema = upgrades.current(ctx.engine)
    except SQLAlchemyError as exc:
        log.warning("not ready: the database does not answer (%s)", type(exc).__name__)
        return _not_ready("database_unreachable", "The database does not answer.")
    if schema != upgrades.head():
        return _not_ready("schema_not_current", "The database schema is not this "
                          "server's: run `fieldserver migrate`.")
    return JSONResponse({"status": "ready"})


def _not_ready(code: str, message: str) -> JSONResponse:
    return JSONResponse({"status": "not_ready",
                         "error": {"code": code, "message": message}}, status_code=503)
