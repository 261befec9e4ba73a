"""Request bodies. Strict types and no unknown fields, so a typo is an error, not a no-op."""

from __future__ import annotations

import unicodedata
from typing import Annotated, Literal

from fastapi import Path
from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from fieldserver.emails import normalize_email


def clean_name(value: str) -> str:
    value = unicodedata.normalize("NFC", value).strip()
    if not value:
        raise ValueError("must not be blank")
    if any(unicodedata.category(ch) in ("Cc", "Cf") for ch in value):
        raise ValueError("must not contain control characters")
    return value


def search_text(value: str) -> str:
    """A search term: any text, but no control characters (NUL truncates SQL patterns)."""
    if any(unicodedata.category(ch) == "Cc" for ch in value):
        raise ValueError("must not contain control characters")
    return value.strip()


def _email(value: str) -> str:
    email = normalize_email(value)
    if email is None:
        raise ValueError("is not a valid email address")
    return email


# Integers that reach SQL must fit a 64-bit column, or the driver overflows (a 500).
MAX_INT = 2**63 - 1
Id = Annotated[int, Field(ge=1, le=MAX_INT)]
Version = Annotated[int, Field(ge=0, le=MAX_INT)]
IdInPath = Annotated[int, Path(ge=1, le=MAX_INT)]
Name = Annotated[str, Field(max_length=200), AfterValidator(clean_name)]
ShortName = Annotated[str, Field(max_length=100), AfterValidator(clean_name)]
Email = Annotated[str, Field(max_length=320), AfterValidator(_email)]
# Longer than the policy allows, so that the policy can say why a password is refused.
SearchText = Annotated[str, AfterValidator(search_text)]
Password = Annotated[str, Field(max_length=1024)]
Token = Annotated[str, Field(min_length=1, max_length=512)]
DeviceId = Annotated[str, Field(min_length=1, max_length=64)]
Base64Bytes = Annotated[str, Field(min_length=1, max_length=128)]  # decoded where used


class Body(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid")


class LoginIn(Body):
    email: Annotated[str, Field(max_length=320)]
    password: Password
    device_id: DeviceId | None = None
    # With device_id: the device's Ed25519 public key; its refreshes must be signed.
    device_proof_key: Base64Bytes | None = None
    agency_id: Id | None = None  # after a 409 choose_agency


class MfaIn(Body):
    mfa_token: Token
    code: Annotated[str, Field(max_length=16)]


class RefreshIn(Body):
    refresh_token: Token
    device_id: DeviceId | None = None
    proof: Base64Bytes | None = None  # the device's signature (device_proof.message)


class PasswordChangeIn(Body):
    current_password: Password
    new_password: Password


class ForgotIn(Body):
    email: Annotated[str, Field(max_length=320)]


class MfaConfirmIn(Body):
    code: Annotated[str, Field(max_length=16)]


class UserCreateIn(Body):
    email: Email
    name: Name
    password: Password | None = None
    role_ids: Annotated[list[Id], Field(max_length=50)] = []
    auth_provider: Literal["password", "sso"] = "password"
    send_welcome: bool = True


class UserPatchIn(Body):
    email: Email | None = None
    name: Name | None = None
    password: Password | None = None
    role_ids: Annotated[list[Id], Field(max_length=50)] | None = None
    disabled: bool | None = None
    reset_mfa: bool = False


class RoleIn(Body):
    name: ShortName
    permissions: Annotated[list[str], Field(max_length=50)] = []


class RolePatchIn(Body):
    name: ShortName | None = None
    permissions: Annotated[list[str], Field(max_length=50)] | None = None


class RoleMembersIn(Body):
    user_ids: Annotated[list[Id], Field(min_length=1, max_length=500)]


class AgencyPatchIn(Body):
    name: Name | None = None
    offline_login_enabled: bool | None = None
    offline_max_days: Annotated[int, Field(ge=1, le=90)] | None = None
    auto_lock_minutes: Annotated[int, Field(ge=1, le=120)] | None = None


class DeviceIn(Body):
    name: ShortName


class CachedCredential(Body):
    user_id: Id
    credential_version: Version


class CredentialCheckIn(Body):
    users: Annotated[list[CachedCredential], Field(max_length=200)]
    # Reports and drafts on the device the server does not have (None: not said).
    unsynced_reports: Annotated[int, Field(ge=0, le=1_000_000)] | None = None
