"""Objects that hold secrets never show them in a repr (tracebacks, logs, test output)."""

from __future__ import annotations

from fieldclient.provisioning.device_setup import AdminSetup
from fieldclient.signin.device import Device, MfaPending
from fieldclient.signin.session import Session
from fieldclient.storage.secret import DeviceSecret
from tests.helpers import MEDIC


def test_reprs_hide_secrets(device: Device) -> None:
    session = device.sign_in(*MEDIC)
    assert isinstance(session, Session) and session.access_token
    secret = DeviceSecret(b"\x01" * 32, 3)
    objects = [
        (MfaPending("a@b.cd", "mfa-token-value", "a password value"),
         ["mfa-token-value", "a password value"]),
        (session, [session.access_token]),
        (AdminSetup(device, "admin-token-value"), ["admin-token-value"]),
        (secret, [repr(secret.secret)]),
    ]
    for obj, secrets in objects:
        for value in secrets:
            assert value not in repr(obj)
