"""Single-use set-password links, for a forgotten password (1 h) or a new account (72 h)."""

from __future__ import annotations

from datetime import datetime
from urllib.parse import quote

from jinja2 import Environment, PackageLoader, StrictUndefined
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from fieldserver.context import ServerContext
from fieldserver.models import Agency, PasswordToken, User
from fieldserver.secrets_util import new_token, token_hash

RESET = "reset"
WELCOME = "welcome"

_mail_templates = Environment(
    loader=PackageLoader("fieldserver", "templates/mail"),
    undefined=StrictUndefined,
    autoescape=False,  # plain-text mail  # noqa: S701
    keep_trailing_newline=True,
)

_SUBJECTS = {
    RESET: "Reset your fieldclient password",
    WELCOME: "Your fieldclient account at {agency}",
}


def send(db: Session, ctx: ServerContext, user: User, agency: Agency, purpose: str) -> None:
    """A new link, and the email that carries it, in the caller's transaction: both or
    neither."""
    now = ctx.clock.now()
    ttl = ctx.lifetimes.welcome_link if purpose == WELCOME else ctx.lifetimes.reset_link
    token = new_token()
    db.add(PasswordToken(token_hash=token_hash(token), user_id=user.id, purpose=purpose,
                         created_at=now, expires_at=now + ttl))
    body = _mail_templates.get_template(f"{purpose}.txt").render(
        name=user.name, agency=agency.name,
        link=ctx.link(f"/reset-password?token={quote(token)}"),
        hours=int(ttl.total_seconds() // 3600),
    )
    ctx.mail.queue(db, user.email, _SUBJECTS[purpose].format(agency=agency.name), body)


def find_usable(db: Session, token: str, now: datetime) -> tuple[PasswordToken, User] | None:
    row = db.execute(
        select(PasswordToken, User)
        .join(User, User.id == PasswordToken.user_id)
        .where(PasswordToken.token_hash == token_hash(token))
    ).first()
    if row is None:
        return None
    link, user = row
    if link.used_at is not None or link.expires_at <= now or user.deleted_at is not None:
        return None
    return link, user


def claim(db: Session, link: PasswordToken, now: datetime) -> bool:
    """Mark this link used, if nobody has yet; commits. False: it was already spent."""
    spent = db.execute(update(PasswordToken)
                       .where(PasswordToken.token_hash == link.token_hash,
                              PasswordToken.used_at.is_(None))
                       .values(used_at=now))
    db.commit()
    return bool(spent.rowcount == 1)  # type: ignore[attr-defined]


def use_up(db: Session, user_id: int, now: datetime) -> None:
    """A password was set: every outstanding link for the user is spent."""
    db.execute(
        update(PasswordToken)
        .where(PasswordToken.user_id == user_id, PasswordToken.used_at.is_(None))
        .values(used_at=now)
    )
