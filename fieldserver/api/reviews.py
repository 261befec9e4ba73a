"""QA review (reports.review): the queue, one report as the reviewer reads it, and the
decision. review.py holds the rules."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, time, timedelta
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.responses import JSONResponse
from pydantic import Field

from fieldserver import review
from fieldserver.api.reports import agency_report, writer_of
from fieldserver.deps import Ctx, Db, require
from fieldserver.errors import ApiError
from fieldserver.permissions import REPORTS_REVIEW
from fieldserver.schemas import MAX_INT, Body, Id
from fieldserver.sessions import Auth

router = APIRouter(prefix="/api/v1")
Reviewer = Annotated[Auth, Depends(require(REPORTS_REVIEW))]
FieldKey = Annotated[str, Field(min_length=1, max_length=60)]


class CommentIn(Body):
    field: FieldKey
    text: Annotated[str, Field(min_length=1, max_length=2000)]


class DecisionIn(Body):
    decision: Literal["approved", "returned"]
    revision: Id
    note: Annotated[str, Field(max_length=4000)] = ""
    comments: Annotated[list[CommentIn], Field(default_factory=list, max_length=100)]


def _day_start(day: date | None, offset_minutes: int) -> datetime | None:
    """Midnight of a day in the reviewer's time zone, as UTC."""
    if day is None:
        return None
    return datetime.combine(day, time(), UTC) + timedelta(minutes=offset_minutes)


@router.get("/reviews")
def review_queue(
    reviewer: Reviewer, db: Db,
    status: Literal["awaiting", "approved", "returned", "all"] = "awaiting",
    unit: Annotated[str, Query(max_length=50)] = "",
    since: date | None = None, until: date | None = None,
    utc_offset: Annotated[int, Query(ge=-900, le=900)] = 0,
    offset: Annotated[int, Query(ge=0, le=MAX_INT)] = 0,
    limit: Annotated[int, Query(ge=1, le=200)] = 50,
) -> dict[str, Any]:
    """`since` and `until` are days, both included, in the reviewer's time zone
    (`utc_offset`: minutes to add to local time for UTC, as JavaScript's
    getTimezoneOffset)."""
    if since is not None and until is not None and until < since:
        raise ApiError(422, "invalid_dates", "The last day is before the first.")
    last = until + timedelta(days=1) if until is not None else None
    where = review.QueueFilter(None if status == "all" else status, unit,
                               _day_start(since, utc_offset), _day_start(last, utc_offset))
    return review.queue(db, reviewer.agency_id, where, offset, limit)


@router.get("/reviews/{report_id}")
def report_for_review(report_id: uuid.UUID, reviewer: Reviewer, db: Db) -> dict[str, Any]:
    return review.for_reviewer(db, agency_report(db, reviewer.agency_id, report_id))


@router.post("/reviews/{report_id}")
def decide(report_id: uuid.UUID, body: DecisionIn, reviewer: Reviewer, ctx: Ctx,
           db: Db) -> JSONResponse:
    report = agency_report(db, reviewer.agency_id, report_id, for_update=True)
    comments = [{"field": c.field, "text": c.text.strip()} for c in body.comments
                if c.text.strip()]
    decision = review.Decision(body.decision, body.revision, body.note.strip(), comments)
    outcome = review.decide(db, writer_of(reviewer), report, decision, ctx.clock.now())
    if outcome.status < 300:
        db.commit()
    else:
        db.rollback()
    return JSONResponse(outcome.body, status_code=outcome.status)
