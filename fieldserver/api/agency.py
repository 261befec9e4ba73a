"""Agency settings: /api/v1/agency (agency.manage)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends

from fieldserver import accounts
from fieldserver.deps import Db, require
from fieldserver.models import Agency
from fieldserver.permissions import AGENCY_MANAGE
from fieldserver.schemas import AgencyPatchIn
from fieldserver.sessions import Auth

router = APIRouter(prefix="/api/v1/agency")
AgencyAdmin = Annotated[Auth, Depends(require(AGENCY_MANAGE))]


def _settings(agency: Agency) -> dict[str, Any]:
    return {k: v for k, v in accounts.agency_json(agency).items() if k != "id"}


@router.get("")
def get_agency(admin: AgencyAdmin, db: Db) -> dict[str, Any]:
    agency = db.get(Agency, admin.agency_id)
    assert agency is not None
    return _settings(agency)


@router.patch("")
def update_agency(body: AgencyPatchIn, admin: AgencyAdmin, db: Db) -> dict[str, Any]:
    agency = db.get(Agency, admin.agency_id)
    assert agency is not None
    for field, value in body.model_dump(exclude_none=True).items():
        setattr(agency, field, value)
    db.commit()
    return _settings(agency)
