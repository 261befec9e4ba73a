"""Account settings any signed-in user has: two-step sign-in (TOTP) enrolment.

(Changing the password lives in Device.change_password: it re-wraps the offline keyslot.)
Online only; pure Python, shared by `ui/account_dialogs.py` and the tests.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from fieldclient.signin.device import Device

NEEDS_NETWORK = "Setting up two-step sign-in needs the network. Connect, then try again."


@dataclass(frozen=True)
class MfaEnrolment:
    """What an authenticator app needs. The secret is a key: kept out of reprs."""

    secret: str = field(repr=False)
    otpauth_uri: str = field(repr=False)

    @property
    def grouped_secret(self) -> str:
        """The secret in groups of four, easier to type into a phone by hand."""
        return " ".join(self.secret[i:i + 4] for i in range(0, len(self.secret), 4))


class Account:
    def __init__(self, device: Device) -> None:
        self._device = device

    def start_mfa(self) -> MfaEnrolment:
        """A new pending secret; it takes effect only once confirm_mfa accepts a code."""
        api = self._device.api
        answer = self._device.call_online(
            NEEDS_NETWORK, lambda token: api.call("POST", "/api/v1/auth/mfa/setup", token))
        return MfaEnrolment(str(answer["secret"]), str(answer["otpauth_uri"]))

    def confirm_mfa(self, code: str) -> None:
        """Turn two-step sign-in on with a code from the app (ApiRefusal when wrong)."""
        api, code = self._device.api, code.strip().replace(" ", "")
        self._device.call_online(NEEDS_NETWORK, lambda token: api.call(
            "POST", "/api/v1/auth/mfa/confirm", token, json={"code": code}))
        session = self._device.require_session()
        session.store.audit("mfa_enabled", session.user.id, self._device.clock.now())
