"""Published form definitions: stored once per agency and version, served with an ETag."""

from __future__ import annotations

import hashlib
import json
from datetime import datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from fieldforms import epcr_v1, epcr_v2, epcr_v3
from fieldserver.models import FormDefinition

# What `GET /forms/{form_id}` serves, and so what new reports are written on: form v3
# (NEMSIS v3.5.1, with signature blocks). Every published version stays servable by
# number, so v1 and v2 reports keep opening on their own.
CURRENT_VERSION = {"epcr": 3}


def canonical(definition: dict[str, Any]) -> tuple[str, str]:
    """The stored JSON text and its strong ETag."""
    text = json.dumps(definition, sort_keys=True, separators=(",", ":"))
    return text, '"' + hashlib.sha256(text.encode()).hexdigest()[:32] + '"'


def publish(db: Session, agency_id: int, definition: dict[str, Any], now: datetime) -> None:
    text, etag = canonical(definition)
    db.add(FormDefinition(agency_id=agency_id, form_id=definition["form_id"],
                          version=definition["version"], definition=text, etag=etag,
                          created_at=now))


def publish_defaults(db: Session, agency_id: int, now: datetime) -> None:
    publish(db, agency_id, epcr_v1.definition(), now)
    publish(db, agency_id, epcr_v2.definition(), now)
    publish(db, agency_id, epcr_v3.definition(), now)


def find(db: Session, agency_id: int, form_id: str, version: int | None) -> FormDefinition | None:
    query = select(FormDefinition).where(FormDefinition.agency_id == agency_id,
                                         FormDefinition.form_id == form_id)
    version = version if version is not None else CURRENT_VERSION.get(form_id)
    if version is not None:
        query = query.where(FormDefinition.version == version)
    return db.scalars(query.order_by(FormDefinition.version.desc()).limit(1)).first()


def loaded(form: FormDefinition) -> dict[str, Any]:
    value: dict[str, Any] = json.loads(form.definition)
    return value
