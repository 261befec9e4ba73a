"""Send to destination: a report's handoff PDF, made on the device, behind a single-use,
time-limited link emailed to the destination facility. The mail holds no PHI: only the
agency's name, the link and how long it works.

As the password links (password_links.py): a random token, stored as SHA-256 only,
claimed with one `UPDATE … WHERE used_at IS NULL` so that of two fetches at once one
gets the PDF. The link's page asks for a click (a POST) before it hands the PDF over, so
a mail scanner that follows links does not spend it. The PDF is dropped when fetched,
and from every expired link whenever a link is made or fetched.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import quote

from jinja2 import Environment, PackageLoader, StrictUndefined
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from fieldforms.nemsis import export
from fieldforms.nemsis.shape import plain_value
from fieldserver import nemsis
from fieldserver.context import ServerContext
from fieldserver.models import Agency, FacilityContact, HandoffLink, Report
from fieldserver.secrets_util import new_token, token_hash

PDF_LIMIT = 8 * 1024 * 1024
SUBJECT = "Patient handoff report from {agency}"

_mail = Environment(loader=PackageLoader("fieldserver", "templates/mail"),
                    undefined=StrictUndefined, autoescape=False,  # plain text  # noqa: S701
                    keep_trailing_newline=True)


@dataclass(frozen=True)
class Destination:
    name: str  # eDisposition.01, as the report has it
    email: str | None  # the agency's address for that facility, if it keeps one


def destination(db: Session, report: Report) -> Destination:
    """The report's destination: the facility of the agency's DEMDataSet it names (by
    code, else by name, as its export does), and that facility's handoff address."""
    data = json.loads(report.data)
    known = export.known_destination(nemsis.facilities(db, report.agency_id), data)
    code = plain_value(data.get("eDisposition.02")) or plain_value(known.get("eDisposition.02"))
    contact = db.get(FacilityContact, (report.agency_id, str(code))) if code else None
    name = plain_value(data.get("eDisposition.01")) or plain_value(known.get("eDisposition.01"))
    return Destination(str(name or ""), contact.email if contact else None)


def issue(db: Session, ctx: ServerContext, report: Report, sender_id: int, recipient: str,
          pdf: bytes) -> tuple[str, HandoffLink]:
    """A new link in the caller's transaction: (the token, the row)."""
    now = ctx.clock.now()
    forget_expired(db, now)
    token = new_token()
    link = HandoffLink(token_hash=token_hash(token), agency_id=report.agency_id,
                       report_id=report.id, sender_id=sender_id, recipient=recipient,
                       pdf=pdf, created_at=now, expires_at=now + ctx.lifetimes.handoff_link)
    db.add(link)
    return token, link


def queue_mail(db: Session, ctx: ServerContext, agency: Agency, link: HandoffLink,
               token: str) -> None:
    """Queue the email in the transaction that made the link: both or neither."""
    hours = int(ctx.lifetimes.handoff_link.total_seconds() // 3600)
    body = _mail.get_template("handoff.txt").render(
        agency=agency.name, hours=hours, link=ctx.link(f"/handoff?token={quote(token)}"))
    ctx.mail.queue(db, link.recipient, SUBJECT.format(agency=agency.name), body)


def usable(db: Session, token: str, now: datetime) -> HandoffLink | None:
    link = db.get(HandoffLink, token_hash(token))
    if link is None or link.used_at is not None or link.expires_at <= now:
        return None
    return link


def claim(db: Session, token: str, now: datetime) -> bytes | None:
    """The PDF, once: the link is spent and the PDF dropped in the same commit."""
    hashed = token_hash(token)
    pdf = db.scalar(select(HandoffLink.pdf).where(
        HandoffLink.token_hash == hashed, HandoffLink.used_at.is_(None),
        HandoffLink.expires_at > now))
    if pdf is None:
        forget_expired(db, now)
        db.commit()
        return None
    spent = db.execute(update(HandoffLink).where(
        HandoffLink.token_hash == hashed, HandoffLink.used_at.is_(None),
    ).values(used_at=now, pdf=None))
    forget_expired(db, now)
    db.commit()
    return pdf if spent.rowcount == 1 else None  # type: ignore[attr-defined]


def forget_expired(db: Session, now: datetime) -> None:
    db.execute(update(HandoffLink).where(HandoffLink.expires_at <= now,
                                         HandoffLink.pdf.is_not(None)).values(pdf=None))
