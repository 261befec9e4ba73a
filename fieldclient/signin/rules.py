"""The sign-in rules that need no network, no files and no lock: who may sign in offline,
what an online sign-in leaves behind for offline use, and what the server's refusals mean.
"""

from __future__ import annotations

import math
from datetime import datetime, timedelta

from fieldclient.plumbing.errors import ApiRefusal
from fieldclient.signin import refusals
from fieldclient.signin.refusals import Refusal, SignInRefused
from fieldclient.storage.store import CachedUser
from fieldclient.storage.vault import UserEntry

CLOCK_TOLERANCE = timedelta(hours=24)


def check_offline_allowed(entry: UserEntry | None, last_seen: datetime | None,
                          now: datetime) -> None:
    """Raise the refusal that applies, in the order the crew should hear them.

    `last_seen` is the latest time this device has seen (a high-water mark, see
    keyslots.saw): lock-outs and expiry run on it whenever the clock reads earlier, so
    setting the clock back, even within the tolerance, never extends access."""
    if entry is None:
        raise refusals.no_account()
    by_reason = {"sso": refusals.sso_account, "agency_disabled": refusals.agency_disabled,
                 "no_permission": refusals.no_permission,
                 "changed": refusals.credentials_changed}
    if entry.offline in by_reason:
        raise by_reason[entry.offline]()
    if entry.slot is None:
        raise refusals.no_permission()
    if entry.disabled:
        raise refusals.locked()
    if last_seen is not None and now < last_seen - CLOCK_TOLERANCE:
        raise refusals.clock_moved_back()
    seen = now if last_seen is None else max(now, last_seen)
    if entry.locked_until is not None and seen < entry.locked_until:
        raise refusals.locked_for(math.ceil((entry.locked_until - seen).total_seconds()))
    if entry.last_online is None or seen - entry.last_online > timedelta(
            days=entry.offline_max_days):
        raise refusals.expired(entry.last_online, entry.offline_max_days)


def offline_access(user: CachedUser) -> str:
    """What an online sign-in lets this user do offline here ("allowed", or why not)."""
    if user.auth_provider == "sso":
        return "sso"
    if not user.agency.get("offline_login_enabled"):
        return "agency_disabled"
    if "offline.login" not in user.permissions:
        return "no_permission"
    return "allowed"


def after_failure(failed: int) -> tuple[SignInRefused, int | None, bool]:
    """After `failed` wrong offline passwords in a row: the refusal, the seconds to wait
    (or None), and whether offline sign-in is now disabled until an online one."""
    if failed >= refusals.MAX_FAILED:
        return refusals.locked(), None, True
    if delay := refusals.delay_after(failed):
        return refusals.locked_for(delay), delay, False
    return refusals.wrong_password(refusals.MAX_FAILED - failed), None, False


def online_refusal(refusal: ApiRefusal) -> SignInRefused:
    reasons = {"invalid_credentials": Refusal.INVALID_CREDENTIALS,
               "account_disabled": Refusal.ACCOUNT_DISABLED, "sso_required": Refusal.SSO_ACCOUNT,
               "rate_limited": Refusal.RATE_LIMITED, "invalid_mfa_code": Refusal.INVALID_MFA_CODE,
               "invalid_mfa_token": Refusal.INVALID_MFA_CODE}
    if refusal.code == "choose_agency":
        # On a registered laptop its own agency's account is taken without asking: several
        # elsewhere and none here means this laptop is not theirs.
        return refusals.other_agency()
    retry = refusal.extra.get("retry_after")
    return SignInRefused(reasons.get(refusal.code, Refusal.SERVER_REFUSED), str(refusal),
                         retry_after=int(str(retry)) if retry else None)
