"""Why a sign-in was refused, in words that tell the crew member what to do."""

from __future__ import annotations

from datetime import datetime
from enum import Enum

from fieldclient.plumbing.errors import FieldClientError

MAX_FAILED = 10        # then offline sign-in is disabled until an online sign-in
DELAY_AFTER = 5        # failures before the first delay
FIRST_DELAY_SECONDS = 30


class Refusal(Enum):
    NO_ACCOUNT = "no_account"
    NO_OFFLINE_PERMISSION = "no_offline_permission"
    AGENCY_OFFLINE_DISABLED = "agency_offline_disabled"
    SSO_ACCOUNT = "sso_account"
    EXPIRED = "expired"
    CLOCK_MOVED_BACK = "clock_moved_back"
    LOCKED_FOR_NOW = "locked_for_now"
    LOCKED = "locked"
    WRONG_PASSWORD = "wrong_password"  # noqa: S105  (a reason, not a password)
    INVALID_CREDENTIALS = "invalid_credentials"
    ACCOUNT_DISABLED = "account_disabled"
    RATE_LIMITED = "rate_limited"
    INVALID_MFA_CODE = "invalid_mfa_code"
    NOT_AN_ADMIN = "not_an_admin"
    OTHER_AGENCY = "other_agency"
    NO_EPCR_ACCESS = "no_epcr_access"
    SERVER_REFUSED = "server_refused"
    CREDENTIALS_CHANGED = "credentials_changed"


class SignInRefused(FieldClientError):
    def __init__(self, reason: Refusal, message: str, *, attempts_left: int | None = None,
                 retry_after: int | None = None) -> None:
        super().__init__(message)
        self.reason = reason
        self.attempts_left = attempts_left
        self.retry_after = retry_after


OFFLINE_HINT = "Connect to the network and sign in online."


def no_account() -> SignInRefused:
    return SignInRefused(Refusal.NO_ACCOUNT, "You have not signed in on this device before. "
                         "Sign in online once on this device first; after that you can "
                         "sign in here without network.")


def no_permission() -> SignInRefused:
    return SignInRefused(Refusal.NO_OFFLINE_PERMISSION,
                         "Your role does not allow offline sign-in. " + OFFLINE_HINT +
                         " Your administrator can grant 'Allow offline sign-in'.")


def agency_disabled() -> SignInRefused:
    return SignInRefused(Refusal.AGENCY_OFFLINE_DISABLED,
                         "Your agency has turned offline sign-in off. " + OFFLINE_HINT)


def sso_account() -> SignInRefused:
    return SignInRefused(Refusal.SSO_ACCOUNT, "Accounts that use your agency's single "
                         "sign-on cannot sign in offline. " + OFFLINE_HINT)


def expired(last_online: datetime | None, days: int) -> SignInRefused:
    when = f" on {last_online:%d %b %Y}" if last_online else ""
    return SignInRefused(Refusal.EXPIRED, f"Offline access on this device has expired: your "
                         f"last online sign-in here was{when}, more than {days} days ago. "
                         + OFFLINE_HINT)


def clock_moved_back() -> SignInRefused:
    return SignInRefused(Refusal.CLOCK_MOVED_BACK, "This computer's clock is more than a day "
                         "behind the last time fieldclient ran, so offline access is treated "
                         "as expired. Correct the date and time, or " + OFFLINE_HINT.lower())


def locked_for(seconds: int) -> SignInRefused:
    return SignInRefused(Refusal.LOCKED_FOR_NOW, f"Too many wrong passwords. Wait {seconds} "
                         "seconds, then try again.", retry_after=seconds)


def locked() -> SignInRefused:
    return SignInRefused(Refusal.LOCKED, "Offline sign-in is locked on this device after too "
                         "many wrong passwords. " + OFFLINE_HINT + " That unlocks it.")


def wrong_password(attempts_left: int) -> SignInRefused:
    tries = "1 more try" if attempts_left == 1 else f"{attempts_left} more tries"
    return SignInRefused(Refusal.WRONG_PASSWORD, f"Wrong password. You have {tries} before "
                         "offline sign-in locks on this device.", attempts_left=attempts_left)


def not_an_admin() -> SignInRefused:
    return SignInRefused(Refusal.NOT_AN_ADMIN, "Only an administrator who may manage "
                         "devices can set up this device.")


def other_agency() -> SignInRefused:
    return SignInRefused(Refusal.OTHER_AGENCY, "This device is registered to another agency. "
                         "Sign in with an account of that agency.")


def delay_after(failed: int) -> int:
    """Seconds to wait after `failed` consecutive failures: 30 s at 5, doubling."""
    return 0 if failed < DELAY_AFTER else FIRST_DELAY_SECONDS * 2 ** (failed - DELAY_AFTER)


def credentials_changed() -> SignInRefused:
    return SignInRefused(Refusal.CREDENTIALS_CHANGED, "Your password or access changed since "
                         "you last signed in on this device. " + OFFLINE_HINT)
