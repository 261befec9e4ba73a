"""Signatures given on devices: kept once each, never changed, and pulled by devices.

A signature is appended like an addendum: it never changes the report's fields, so it
is taken on a completed, locked report too (the receiving nurse may sign after the crew
completed it). It is not a revision of the report: an in-progress report keeps its
revision (a device's next upload names it in If-Match), but it moves on the change feed
(`seq`), so devices pull it. Who may add one: as for addenda (`may_not_touch`).

Required blocks are checked by the device's Complete (fieldforms.signatures.missing):
the signatures reach the server after their report, so the server cannot hold a
completed upload to them; a missing one shows to QA on the server's copy.
"""

from __future__ import annotations

import base64
import json
from datetime import UTC, datetime
from typing import Any

from sqlalchemy.orm import Session

from fieldforms import signatures
from fieldserver import feed, forms_store
from fieldserver.models import Report, ReportAddendum, ReportSignature
from fieldserver.reports import Outcome, Writer, error, may_not_touch, signature_json


def add_signature(db: Session, writer: Writer, report: Report, signature_id: str,
                  body: dict[str, Any], now: datetime) -> Outcome:
    """Keep one signature in the caller's transaction; the caller commits."""
    earlier = db.get(ReportSignature, signature_id)
    if earlier is not None:
        return _repeat(earlier, report, body)
    if refused := may_not_touch(report, writer):
        return refused
    if problems := _problems(db, writer, report, body):
        return error(422, "invalid_signature", problems[0], errors=problems)
    signature = ReportSignature(
        id=signature_id, report_id=report.id, addendum_id=body.get("addendum_id"),
        block=body["block"], signer_type=body["signer_type"],
        reasons=json.dumps(body["reasons"]), relationship=body.get("relationship"),
        status=body["status"], first_name=body.get("first_name") or "",
        last_name=body.get("last_name") or "",
        signed_at=datetime.fromisoformat(body["signed_at"]),
        signed_revision=body["signed_revision"],
        signed_data=json.dumps(body["signed_data"], sort_keys=True),
        image=base64.b64decode(body["image"]) if body.get("image") else None,
        collected_by=writer.user_id, created_at=now)
    feed.stamp(db, report)  # pulled again, same revision
    db.add(signature)
    db.flush()
    db.refresh(report, ["signatures"])
    return Outcome(201, signature_json(signature))


def _problems(db: Session, writer: Writer, report: Report, body: dict[str, Any]) -> list[str]:
    form = forms_store.find(db, writer.agency_id, report.form_id, report.form_version)
    found = signatures.problems(forms_store.loaded(form) if form else {}, body)
    addendum_id = body.get("addendum_id")
    if addendum_id is not None:
        addendum = db.get(ReportAddendum, addendum_id)
        if addendum is None or addendum.report_id != report.id:
            found.append("The report has no such addendum.")
    elif body.get("block") == signatures.ADDENDUM_BLOCK:
        found.append("An addendum's signature names its addendum.")
    return found


def _repeat(earlier: ReportSignature, report: Report, body: dict[str, Any]) -> Outcome:
    """The same upload again is the same signature; other content under its id is not."""
    mine = signature_json(earlier)
    same = earlier.report_id == report.id and all(
        mine.get(key) == _normal(key, value) for key, value in body.items())
    if not same:
        return error(409, "id_taken", "This signature id was already used for another one.")
    return Outcome(200, mine)


def _normal(key: str, value: Any) -> Any:
    """A body value as signature_json spells it (times are compared as instants)."""
    if key == "signed_at":
        return datetime.fromisoformat(value).astimezone(UTC).isoformat()
    if key in ("first_name", "last_name"):
        return value or ""
    return value
