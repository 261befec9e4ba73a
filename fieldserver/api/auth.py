"""Sign-in, sessions, passwords and MFA enrolment: /api/v1/auth/* and /api/v1/me."""

from __future__ import annotations

import base64
from datetime import datetime, timedelta
from typing import Any

from fastapi import APIRouter, BackgroundTasks, Response
from sqlalchemy import func, select, update

from fieldserver import accounts, device_proof, mfa, password_links, ratelimit, sessions
from fieldserver.context import ServerContext
from fieldserver.db import transaction as db_transaction
from fieldserver.deps import Ctx, CurrentAuth, Db
from fieldserver.emails import normalize_email
from fieldserver.errors import ApiError
from fieldserver.models import Agency, Device, MfaChallenge, PasswordToken, User
from fieldserver.passwords import policy_problem
from fieldserver.permissions import EPCR_ACCESS
from fieldserver.schemas import (
    ForgotIn,
    LoginIn,
    MfaConfirmIn,
    MfaIn,
    PasswordChangeIn,
    RefreshIn,
)
from fieldserver.secrets_util import new_token, token_hash

router = APIRouter(prefix="/api/v1")

RESETS_PER_HOUR = 5


def invalid_credentials() -> ApiError:
    # One message for an unknown email and a wrong password: no enumeration.
    return ApiError(401, "invalid_credentials", "The email or password is not correct.")


def sso_required() -> ApiError:
    return ApiError(403, "sso_required",
                    "This account signs in with your agency's single sign-on, not a password.")


@router.post("/auth/login")
def login(body: LoginIn, ctx: Ctx, db: Db) -> dict[str, Any]:
    now = ctx.clock.now()
    email = normalize_email(body.email) or body.email.strip().lower()
    device = registered_device(db, body.device_id)
    proof_key = (device_proof.public_key(body.device_proof_key)
                 if body.device_proof_key is not None else None)
    bucket = ratelimit.password(email, device.id if device else None)
    attempt = ratelimit.reserve(db, bucket, now, ctx.rate_limit)
    candidates = _candidates(db, email, device, body.agency_id)
    db.commit()  # release the database before the deliberately slow hash
    verified = _verified(ctx, candidates, body.password)
    if len(verified) > 1:  # the password is proved: the agencies are the user's own to see
        raise ApiError(409, "choose_agency", "This email and password open accounts in "
                       "several agencies. Choose one.", agencies=[
                           {"id": u.agency_id, "name": _agency_name(db, u.agency_id)}
                           for u in verified])
    if not verified:
        if candidates and all(u.auth_provider == "sso" for u in candidates):
            raise sso_required()
        raise invalid_credentials()  # the reservation stays: it was a failure
    user = verified[0]
    if user.disabled:
        raise ApiError(403, "account_disabled",
                       "This account is disabled. Ask your agency administrator.")
    assert user.password_hash is not None  # verify() is False without one
    if ctx.hasher.needs_rehash(user.password_hash):
        user.password_hash = ctx.hasher.hash(body.password)
    ratelimit.release(db, attempt)
    ratelimit.clear(db, bucket)
    if user.mfa_enabled:
        challenge = new_token()
        db.add(MfaChallenge(token_hash=token_hash(challenge), user_id=user.id,
                            device_id=body.device_id, proof_key=proof_key,
                            expires_at=now + ctx.lifetimes.mfa_challenge))
        db.commit()
        raise ApiError(401, "mfa_required", "Enter the code from your authenticator app.",
                       mfa_token=challenge)
    return _signed_in(db, ctx, user, body.device_id, proof_key)


def _candidates(db: Db, email: str, device: Device | None,
                agency_id: int | None) -> list[User]:
    """The accounts this sign-in may be for: of the agency asked for; else of the
    device's agency when it has one there; else every agency's with this email."""
    every = accounts.live_users_by_email(db, email)
    if agency_id is not None:
        return [u for u in every if u.agency_id == agency_id]
    mine = [u for u in every if device is not None and u.agency_id == device.agency_id]
    return mine or every


def _verified(ctx: ServerContext, candidates: list[User], password: str) -> list[User]:
    """The candidates whose password this is. At least one Argon2 run whatever the
    email, so the answer's timing does not tell whether it has an account."""
    with_password = [u for u in candidates if u.auth_provider == "password"]
    if not with_password:
        ctx.hasher.verify(None, password)
        return []
    return [u for u in with_password if ctx.hasher.verify(u.password_hash, password)]


def _agency_name(db: Db, agency_id: int) -> str:
    agency = db.get(Agency, agency_id)
    return agency.name if agency else ""


def registered_device(db: Db, device_id: str | None) -> Device | None:
    """The active device the caller names, or None: an id nobody registered (or a
    revoked one) counts as no device, so inventing ids buys no fresh attempts."""
    device = db.get(Device, device_id) if device_id else None
    return device if device is not None and device.revoked_at is None else None


@router.post("/auth/mfa")
def login_mfa(body: MfaIn, ctx: Ctx, db: Db) -> dict[str, Any]:
    now = ctx.clock.now()
    found = db.execute(
        select(MfaChallenge, User).join(User, User.id == MfaChallenge.user_id)
        .where(MfaChallenge.token_hash == token_hash(body.mfa_token))
    ).first()
    if found is None or found[0].used_at is not None or found[0].expires_at <= now:
        raise ApiError(401, "invalid_mfa_token", "The sign-in step expired. Sign in again.")
    challenge, user = found
    if user.deleted_at is not None or user.disabled or user.mfa_secret is None:
        raise ApiError(401, "invalid_mfa_token", "The sign-in step expired. Sign in again.")
    bucket = ratelimit.two_step(user.id)
    try:
        attempt = ratelimit.reserve(db, bucket, now, ctx.rate_limit)
    except ApiError:
        _end_challenges(db, user.id, now)
        raise
    step = mfa.matching_step(user.mfa_secret, body.code, now, user.mfa_last_step)
    if step is None:
        if ratelimit.failures(db, bucket, now, ctx.rate_limit) >= ctx.rate_limit.attempts:
            _end_challenges(db, user.id, now)  # the last allowed guess: sign in again later
            raise ratelimit.limited(now, now, ctx.rate_limit)
        db.commit()
        raise ApiError(401, "invalid_mfa_code", "That code is not correct. Try the newest code.")
    user.mfa_last_step = step
    challenge.used_at = now
    ratelimit.release(db, attempt)
    ratelimit.clear(db, bucket)
    return _signed_in(db, ctx, user, challenge.device_id, challenge.proof_key)


def _end_challenges(db: Db, user_id: int, now: datetime) -> None:
    db.execute(update(MfaChallenge).where(MfaChallenge.user_id == user_id,
                                          MfaChallenge.used_at.is_(None))
               .values(used_at=now))
    db.commit()


def _signed_in(db: Db, ctx: ServerContext, user: User, device_id: str | None,
               proof_key: bytes | None) -> dict[str, Any]:
    now = ctx.clock.now()
    device = db.get(Device, device_id) if device_id else None
    if device is None or device.agency_id != user.agency_id or device.revoked_at is not None:
        device = None
    # The key that opens the device's store goes only to those who may read its reports
    # (and only after MFA, since this runs after it): any other account of the agency,
    # with a copied folder's device id, gets a session but not the key.
    device_key = (ctx.device_key(device)
                  if device and EPCR_ACCESS in user.permission_keys else None)
    agency = db.get(Agency, user.agency_id)
    assert agency is not None
    pair = sessions.start(db, user, device.id if device else None, now, ctx.lifetimes,
                          proof_key)
    db.commit()
    return {
        **pair.as_json(),
        "user": accounts.user_json(user),
        "agency": accounts.agency_json(agency),
        "device_key": base64.b64encode(device_key).decode() if device_key else None,
    }


@router.post("/auth/refresh")
def refresh(body: RefreshIn, ctx: Ctx, db: Db) -> dict[str, Any]:
    pair = sessions.rotate(db, body.refresh_token, body.device_id, ctx.clock.now(),
                           ctx.lifetimes, body.proof)
    db.commit()
    return pair.as_json()


@router.post("/auth/logout", status_code=204)
def logout(auth: CurrentAuth, ctx: Ctx, db: Db) -> Response:
    sessions.revoke_family(db, auth.family_id, ctx.clock.now())
    db.commit()
    return Response(status_code=204)


@router.get("/me")
def me(auth: CurrentAuth) -> dict[str, Any]:
    return accounts.user_json(auth.user)


@router.post("/auth/password/change", status_code=204)
def change_password(body: PasswordChangeIn, auth: CurrentAuth, ctx: Ctx, db: Db) -> Response:
    user, now = auth.user, ctx.clock.now()
    if user.auth_provider == "sso":
        raise sso_required()
    attempt = ratelimit.reserve(db, ratelimit.password_change(user.id), now, ctx.rate_limit)
    if not ctx.hasher.verify(user.password_hash, body.current_password):
        raise ApiError(401, "invalid_credentials", "The current password is not correct.")
    ratelimit.release(db, attempt)
    reason = policy_problem(body.new_password, user.email)
    if reason:
        raise ApiError(400, "weak_password", reason, reason=reason)
    user.password_hash = ctx.hasher.hash(body.new_password)
    accounts.bump_credentials(db, [user.id])
    sessions.revoke_user(db, user.id, now, keep=auth.family_id)
    password_links.use_up(db, user.id, now)
    db.commit()
    return Response(status_code=204)


@router.post("/auth/password/forgot", status_code=202)
def forgot_password(body: ForgotIn, ctx: Ctx, after: BackgroundTasks) -> dict[str, str]:
    """The same answer at once whatever the email: the look-up, the link and the mail
    are handed to another thread once the answer is sent (so they neither race it for
    the CPU nor hold its connection), and neither its words nor its timing tell which
    emails have accounts. Requests sent right behind it may still share the CPU."""
    email = normalize_email(body.email)
    if email:
        after.add_task(ctx.later, lambda: send_reset_link(ctx, email))
    return {"message": "If an account exists for that email, a reset link is on its way."}


def send_reset_link(ctx: ServerContext, email: str) -> None:
    """A link for each live password account with this email (one per agency at most),
    each mail naming its agency."""
    now = ctx.clock.now()
    with db_transaction(ctx.sessions) as db:
        for user in accounts.live_users_by_email(db, email):
            if user.disabled or user.auth_provider != "password":
                continue
            recent = db.scalar(select(func.count()).where(
                PasswordToken.user_id == user.id,
                PasswordToken.purpose == password_links.RESET,
                PasswordToken.created_at > now - timedelta(hours=1)))
            if recent is not None and recent >= RESETS_PER_HOUR:
                continue  # a mailbox is not flooded
            agency = db.get(Agency, user.agency_id)
            assert agency is not None
            password_links.send(db, ctx, user, agency, password_links.RESET)


@router.post("/auth/mfa/setup")
def mfa_setup(auth: CurrentAuth, db: Db) -> dict[str, str]:
    user = auth.user
    if user.mfa_enabled:
        raise ApiError(409, "mfa_already_enabled",
                       "Two-step sign-in is already on. An administrator can reset it.")
    user.mfa_pending_secret = mfa.new_secret()
    agency = db.get(Agency, user.agency_id)
    assert agency is not None
    db.commit()
    return {
        "secret": user.mfa_pending_secret,
        "otpauth_uri": mfa.provisioning_uri(user.mfa_pending_secret, user.email,
                                            f"fieldclient ({agency.name})"),
    }


@router.post("/auth/mfa/confirm", status_code=204)
def mfa_confirm(body: MfaConfirmIn, auth: CurrentAuth, ctx: Ctx, db: Db) -> Response:
    user = auth.user
    if user.mfa_pending_secret is None:
        raise ApiError(409, "mfa_not_started", "Start two-step sign-in setup first.")
    step = mfa.matching_step(user.mfa_pending_secret, body.code, ctx.clock.now(), None)
    if step is None:
        raise ApiError(400, "invalid_mfa_code", "That code is not correct. Try the newest code.")
    user.mfa_secret, user.mfa_pending_secret = user.mfa_pending_secret, None
    user.mfa_last_step = step
    db.commit()
    return Response(status_code=204)
